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

extension Trait where Self == TimeLimitTrait {
    /// The limit after which a test that hangs fails: a backstop, not a speed check (speed is measured in benchmarks).
    ///
    /// Run in parallel (a plain `swift test`), Swift Testing starts every test at once: each shares the cores with all
    /// the others from the first second to the last, so its real time approaches the whole run's, which on a busy
    /// two-core machine is two or three minutes. A backstop shorter than that fails healthy tests (measured: a 1 min
    /// limit cancelled 17 tests while another process kept one core busy). Tests that check a deadline assert it on
    /// their own clock or measure it themselves.
    public static var hangBackstop: Self { .timeLimit(.minutes(6)) }
}
