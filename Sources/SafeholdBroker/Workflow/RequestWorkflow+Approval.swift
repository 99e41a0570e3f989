#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Counts one approval toward the first unsatisfied set that lists the actor, and approves the
    /// request when every set is satisfied. Users are matched by id; the requester never counts,
    /// even when listed or an administrator; a second approval by the same person is rejected.
    static func approve(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        let request = step.request
        let actorID = step.actor.id
        guard step.policy.listsApprover(actorID) else {
            throw step.rejectRole(.approverOnly(policyName: step.policy.name))
        }
        guard !step.isByRequester else { throw step.rejectRole(.notOwnRequest) }

        try requireNotExpired(step)
        try requireState(step)
        guard !request.approvals.contains(where: { $0.userID == actorID }) else {
            throw .alreadyApproved(request: request.id, approverName: step.actor.name)
        }
        guard let setIndex = step.policy.firstUnsatisfiedSet(listing: actorID, given: request.approvals) else {
            throw step.rejectRole(.approverSetSatisfied)
        }

        var updated = request
        updated.approvals.append(Approval(userID: actorID, setIndex: setIndex, at: step.now, comment: step.comment))
        guard step.policy.approvalsStillNeeded(given: updated.approvals) == 0 else {
            return record(step, to: updated)
        }
        grant(&updated, now: step.now)
        return record(step, to: updated, effects: grantNotice(updated))
    }

    /// Moves an approved request to RequestAvailable when its window has started, else to Approved.
    /// A "now" request's window starts at `now`, so slow approvals do not shorten it.
    static func grant(_ request: inout AccessRequest, now: Date) {
        let start = request.requestedStart ?? now
        request.windowStart = start
        request.state = start <= now ? .requestAvailable : .approved
    }

    /// Tells the requester that the request was approved, or that it is available right away.
    static func grantNotice(_ request: AccessRequest) -> [WorkflowEffect] {
        let kind: NotificationKind = request.state == .requestAvailable ? .available : .approved
        return notify(kind, [request.requesterID])
    }

    /// Denies a request, or revokes it when it was already approved. Any user listed in an
    /// approver set may do it, but never the requester. `revoke` is the same step limited to
    /// checked-out requests. After a check-out the request's revealed keys rotate at once.
    static func deny(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        let request = step.request
        guard step.policy.listsApprover(step.actor.id) else {
            throw step.rejectRole(.approverOnly(policyName: step.policy.name))
        }
        guard !step.isByRequester else { throw step.rejectRole(.notOwnRequest) }

        try requireNotExpired(step)
        try requireState(step)

        var updated = request
        let wasApproved = request.state != .pendingApproval
        if wasApproved {
            updated.flags.wasRevoked = true
        } else {
            updated.flags.wasDenied = true
        }
        updated.state = updated.stateAfterRelease(policy: step.policy)

        var effects: [WorkflowEffect] = []
        if request.flags.wasCheckedOut {
            effects.append(.rotateRevealedKeys(trigger: .revocation))
        }
        effects += notify(wasApproved ? .revoked : .denied, [request.requesterID])
        effects += reviewNotice(from: request, to: updated, policy: step.policy)
        return record(step, to: updated, effects: effects)
    }
}
