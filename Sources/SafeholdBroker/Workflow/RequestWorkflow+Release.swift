#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Ends a request that was never checked out; it goes straight to Complete.
    static func cancel(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        try requireRequester(step)
        try requireNotExpired(step)
        try requireState(step)

        var updated = step.request
        updated.flags.wasCancelled = true
        updated.state = .complete
        return record(step, to: updated)
    }

    /// Records a check-out inside the window. The reveal of the keys happens outside the workflow,
    /// after this transition is stored. Checking out again while checked out is recorded too.
    static func checkOut(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        try requireRequester(step)
        try requireNotExpired(step)

        // The broker's window-start step may not have run yet; catch it up here.
        var opened: Transition?
        if step.request.state == .approved, let start = step.request.windowStart, step.now >= start {
            opened = makeAvailable(step.request, now: step.now)
        }
        var current = step
        current.request = opened?.request ?? step.request
        if current.request.state == .approved, let start = current.request.windowStart {
            throw .windowNotStarted(request: current.request.id, state: current.request.state, start: start)
        }
        try requireState(current)

        var updated = current.request
        updated.state = .apiKeyCheckedOut
        updated.flags.wasCheckedOut = true
        let checkedOut = record(current, to: updated)
        // The requester is acting, so the catch-up's "available" notice is dropped.
        return Transition(request: checkedOut.request, history: (opened?.history ?? []) + checkedOut.history)
    }

    /// Ends a checked-out request normally. With `rotateAfterCheckIn` the request waits in
    /// PendingKeyReset until `finishRotation`; otherwise it moves on to review or Complete.
    static func checkIn(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        try requireRequester(step)
        try requireNotExpired(step)
        try requireState(step)

        var updated = step.request
        guard step.policy.rotateAfterCheckIn else {
            updated.state = updated.stateAfterRelease(policy: step.policy)
            return record(step, to: updated, effects: reviewNotice(from: step.request, to: updated, policy: step.policy))
        }
        updated.state = .pendingKeyReset
        return record(step, to: updated, effects: [.rotateRevealedKeys(trigger: .checkIn)])
    }

    /// Moves a checked-in request on once the rotation it started has committed: to PendingReview
    /// when reviews are owed, else to Complete. The broker takes this step, so it has no actor.
    public static func finishRotation(_ request: AccessRequest, policy: Policy, now: Date) -> Result<Transition, WorkflowRejection> {
        guard request.state == .pendingKeyReset else {
            return .failure(.invalidState(request: request.id, state: request.state, action: .rotationFinished))
        }
        var updated = request
        updated.state = updated.stateAfterRelease(policy: policy)
        let effects = reviewNotice(from: request, to: updated, policy: policy)
        return .success(record(from: request, to: updated, action: .rotationFinished, actorID: nil, now: now, comment: nil, effects: effects))
    }
}
