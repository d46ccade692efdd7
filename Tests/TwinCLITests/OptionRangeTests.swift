import ArgumentParser
import TestSupport
import Testing
@testable import twin

/// Numeric options out of range are usage errors (exit 2), never a trap later on.
@Suite(.hangBackstop)
struct OptionRangeTests {
    @Test(arguments: [
        ["status", "op-1", "--poll-every", "1e300"],
        ["status", "op-1", "--poll-every", "nan"],
        ["status", "op-1", "--poll-after", "1e300"],
        ["status", "op-1", "--timeout", "1e300"],
        ["status", "op-1", "--timeout", "inf"],
        ["list", "--api-rate", "9223372036854775807"],
        ["submit", "fixtures/sessions/demo", "--sandbox", "--sandbox-time-scale", "1e-300"],
        ["submit", "fixtures/sessions/demo", "--sandbox", "--sandbox-time-scale", "1e300"],
        ["submit", "fixtures/sessions/demo", "--reconcile-timeout", "1e300"],
        ["sandbox", "--time-scale", "1e-300"],
        ["sandbox", "--rate-limit", "9223372036854775807"],
    ])
    func outOfRangeNumbersAreRefusedByTheParser(arguments: [String]) {
        #expect(throws: (any Error).self) { try Twin.parseAsRoot(arguments) }
    }

    @Test(arguments: [
        ["status", "op-1", "--poll-every", "0.05", "--timeout", "86400"],
        ["submit", "fixtures/sessions/demo", "--sandbox", "--sandbox-time-scale", "400", "--reconcile-timeout", "0"],
        ["sandbox", "--time-scale", "0.5", "--rate-limit", "5"],
    ])
    func valuesInRangeAreAccepted(arguments: [String]) throws {
        _ = try Twin.parseAsRoot(arguments)
    }

    @Test func anOutOfRangeNumberExitsWithStatus2() async throws {
        let result = try await TwinProcess.run(["status", "op-1", "--poll-every", "1e300"], environment: ["CAPTIONS_API_KEY": "k"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--poll-every must be between"))
    }
}
