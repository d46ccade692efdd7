public import Testing
import Foundation

/// Which tests a run includes: a plain `swift test` is the quick suite; `TWIN_TESTS=full` (as `.ci/run`
/// sets it) adds the slow ones (process kills, browsers, package installs, long media).
public enum TestRun {
    /// True when the environment asks for every test, `TWIN_TESTS=full`.
    public static let isFull = ProcessInfo.processInfo.environment["TWIN_TESTS"] == "full"
}

extension Tag {
    /// A test that takes long or needs heavy outside parts; it runs only in a full run.
    @Tag public static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when `TWIN_TESTS=full`; use it with `.tags(.slow)`.
    public static var fullRunOnly: Self {
        .enabled(if: TestRun.isFull, "a slow test: runs with TWIN_TESTS=full")
    }
}
