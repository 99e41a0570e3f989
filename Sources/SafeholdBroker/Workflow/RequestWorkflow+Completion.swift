#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Acknowledges a denial, revocation or expiry and hides the request from My Requests. The
    /// request is kept for the audit trail and still owes its reviews when it was checked out.
    static func remove(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        try requireRequester(step)
        try requireState(step)

        var updated = step.request
        updated.isRemoved = true
        updated.isAcknowledged = true
        updated.state = updated.stateAfterRelease(policy: step.policy)
        return record(step, to: updated)
    }

    /// Acknowledges a denial or revocation and drafts a new request for the same account, duration,
    /// ticket and reason. The draft starts "now" and is not an emergency, because the old start has
    /// usually passed and emergency access must be asked for again. Pass the draft to `submit`.
    static func resubmit(_ step: WorkflowStep, newID: RequestID) throws(WorkflowRejection) -> Transition {
        let request = step.request
        try requireRequester(step)
        try requireState(step)
        guard request.flags.wasDenied || request.flags.wasRevoked else {
            throw .notResubmittable(request: request.id)
        }

        var updated = request
        updated.isAcknowledged = true
        updated.state = updated.stateAfterRelease(policy: step.policy)
        var transition = record(step, to: updated)
        transition.resubmission = RequestDraft(
            id: newID, accountID: request.accountID, assetID: request.assetID,
            durationSeconds: request.durationSeconds, ticketNumber: request.ticketNumber,
            reason: request.reason, resubmittedFrom: request.id
        )
        return transition
    }

    /// Records one review by a listed reviewer other than the requester. Reviews count once per
    /// person; the request is Complete when it has enough of them and owes no acknowledgment.
    static func review(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        let request = step.request
        guard step.policy.listsReviewer(step.actor.id) else {
            throw step.rejectRole(.reviewerOnly(policyName: step.policy.name))
        }
        guard !step.isByRequester else { throw step.rejectRole(.notOwnRequest) }

        try requireState(step)
        guard !request.reviews.contains(where: { $0.userID == step.actor.id }) else {
            throw .alreadyReviewed(request: request.id, reviewerName: step.actor.name)
        }
        guard request.isReviewOwed(policy: step.policy) else {
            throw .noReviewOwed(request: request.id, state: request.state)
        }
        if step.policy.reviewCommentRequired && step.comment == nil {
            throw .commentRequired(request: request.id, action: .review)
        }

        var updated = request
        updated.reviews.append(Review(userID: step.actor.id, at: step.now, comment: step.comment))
        updated.state = updated.stateAfterRelease(policy: step.policy)
        return record(step, to: updated)
    }

    /// Closes a request that is not final, for an administrator, with a required comment. A
    /// checked-out request's revealed keys rotate.
    static func close(_ step: WorkflowStep) throws(WorkflowRejection) -> Transition {
        let request = step.request
        guard step.actor.isAdministrator else { throw step.rejectRole(.administratorOnly) }
        guard let comment = step.comment else {
            throw .commentRequired(request: request.id, action: .close)
        }
        try requireState(step)

        var updated = request
        updated.state = .closed
        updated.closeComment = comment
        var effects: [WorkflowEffect] = []
        if request.state == .apiKeyCheckedOut {
            effects.append(.rotateRevealedKeys(trigger: .close))
        }
        effects += notify(.closed, [request.requesterID], except: step.actor.id)
        return record(step, to: updated, effects: effects)
    }
}
