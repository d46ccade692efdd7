import Testing
@testable import TwinPipeline

/// The session's state machine alone, no I/O: each case starts from a stage the journal may hold and feeds the
/// stages the runner would record after each step.
@Suite struct SessionStepsTests {
    typealias Step = SessionSteps.Step

    /// The steps taken from `start`, where the stage after step n is `recorded[n]` (the rest: the stage stays).
    static func walk(from start: SessionStage, recording recorded: [SessionStage], wait: Bool = true,
                     maxCreateAttempts: Int = 3) -> [Step] {
        var run = SessionSteps.Run(), stage = start, steps: [Step] = [], after = recorded[...]
        let limits = SessionSteps.Limits(wait: wait, maxCreateAttempts: maxCreateAttempts)
        while steps.count < 20 {
            let step = SessionSteps.next(from: stage, run: &run, limits: limits)
            steps.append(step)
            if step == .stop { break }
            if case .giveUp = step { break }
            stage = after.popFirst() ?? stage
        }
        return steps
    }

    @Test func aNewSessionGoesFromValidationToTheEnd() {
        #expect(Self.walk(from: .pending, recording: [.validated, .published, .created, .complete])
            == [.validate, .publish, .create, .follow(resuming: false), .stop])
    }

    @Test func withoutWaitingARunStopsOnceCreated() {
        #expect(Self.walk(from: .pending, recording: [.validated, .published, .created], wait: false)
            == [.validate, .publish, .create, .stop])
    }

    @Test func aRefusedSessionStopsAfterOneValidation() {
        #expect(Self.walk(from: .pending, recording: [.invalid]) == [.validate, .stop])
    }

    @Test(arguments: [SessionStage.invalid, .validated, .publishing])
    func everyStageBeforePublishedValidatesAgainInANewRun(_ stage: SessionStage) {
        #expect(Self.walk(from: stage, recording: [.validated, .published], maxCreateAttempts: 0)
            == [.validate, .publish, .giveUp(attempts: 0)])
    }

    @Test func anOperationCreatedByAnEarlierRunIsFollowedAsResumed() {
        #expect(Self.walk(from: .created, recording: [.complete]) == [.follow(resuming: true), .stop])
    }

    @Test func anUnansweredCreateIsReconciledNeverSentBlindly() {
        // /list shows the twin: adopted.
        #expect(Self.walk(from: .createSent, recording: [.created, .complete]) == [.reconcile, .follow(resuming: true), .stop])
        // It does not: create-unknown waits for a person, without a second look in the same run.
        #expect(Self.walk(from: .createSent, recording: [.createUnknown]) == [.reconcile, .stop])
    }

    @Test func createUnknownIsLookedForOncePerRun() {
        #expect(Self.walk(from: .createUnknown, recording: [.createUnknown]) == [.reconcile, .stop])
        #expect(Self.walk(from: .createUnknown, recording: [.created, .complete]) == [.reconcile, .follow(resuming: true), .stop])
    }

    @Test func createIsTriedAtMostTheLimitInOneRun() {
        // Each /create fails in a way that puts the session back at published (a refusal to retry later).
        #expect(Self.walk(from: .published, recording: [.published, .published, .published], maxCreateAttempts: 2)
            == [.create, .create, .giveUp(attempts: 2)])
    }

    @Test(arguments: [SessionStage.complete, .failed])
    func terminalStagesStop(_ stage: SessionStage) {
        #expect(Self.walk(from: stage, recording: []) == [.stop])
    }
}
