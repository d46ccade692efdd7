import Foundation
import TestSupport
import Testing
import TwinAPI
import TwinSandbox

/// `SandboxConfiguration.apiKey(file:environment:)`: a sandbox's key comes from a file or its own variable.
@Suite struct SandboxKeyResolutionTests {
    @Test func theFileWinsOverTheVariable() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("key")
            try Data("sk-from-file\n".utf8).write(to: file)
            let key = try SandboxConfiguration.apiKey(file: file, environment: ["TWIN_SANDBOX_API_KEY": "sk-from-env"])
            #expect(key == (try APIKey("sk-from-file")))
        }
    }

    @Test func theVariableOrNothing() throws {
        #expect(try SandboxConfiguration.apiKey(file: nil, environment: ["TWIN_SANDBOX_API_KEY": "sk-env"]) == (try APIKey("sk-env")))
        #expect(try SandboxConfiguration.apiKey(file: nil, environment: ["CAPTIONS_API_KEY": "sk-real"]) == nil,
                "the real key is never taken up")
        #expect(throws: TwinAPIError.invalidAPIKey) {
            try SandboxConfiguration.apiKey(file: nil, environment: ["TWIN_SANDBOX_API_KEY": "  "])
        }
    }
}
