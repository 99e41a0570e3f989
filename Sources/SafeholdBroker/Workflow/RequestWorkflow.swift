#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The access-request state machine as pure functions: (request, policy, action, actor, now) to a
/// `Transition` or a `WorkflowRejection`. Nothing here reads a clock, stores or sends anything.
/// Callers load the request and its policy, call a function, store the transition, then carry
/// out its effects.
///
/// The policy passed with a request is the one it was made under (`request.policyID`).
public enum RequestWorkflow {
    /// How far in the past an explicit start may lie, so that `--at 14:00` typed at 14:00:30 works.
    public static let startGraceSeconds = 60

    /// How far ahead of now an explicit start may lie. Nothing stays approved and waiting longer
    /// than the longest maximum duration a policy may set (31 days).
    public static let startHorizonSeconds = Policy.longestMaximumDuration

    /// How long before a window ends the requester is notified that it ends soon (15 minutes).
    public static let expiryNoticeLeadSeconds = 15 * 60

    /// Applies a person's action to a request.
    ///
    /// Checks run in this order: the actor's role, the request's deadline (a live request whose
    /// window or approval deadline has passed is rejected as `.expired` until `advance` ends it),
    /// the request's state, then the action's own rules. `comment` is trimmed, and an empty
    /// comment counts as none.
    public static func apply(
        _ action: WorkflowAction, to request: AccessRequest, policy: Policy, actor: User, now: Date, comment: String? = nil
    ) -> Result<Transition, WorkflowRejection> {
        let comment = normalized(comment)
        return run { () throws(WorkflowRejection) in
            if actor.isDisabled {
                throw .notPermitted(request: request.id, state: request.state, action: action.requestAction, actorName: actor.name, rule: .userDisabled)
            }
            let step = WorkflowStep(request: request, policy: policy, actor: actor, now: now, comment: comment, action: action.requestAction)
            switch action {
            case .approve: return try approve(step)
            case .deny: return try deny(step)
            case .revoke: return try deny(step)
            case .cancel: return try cancel(step)
            case .checkOut: return try checkOut(step)
            case .checkIn: return try checkIn(step)
            case .remove: return try remove(step)
            case let .resubmit(newID): return try resubmit(step, newID: newID)
            case .review: return try review(step)
            case .close: return try close(step)
            }
        }
    }

    /// Returns the states from which `action` is possible, as in the workflow's action table. A check-out
    /// from Approved also works once the window has started, because the broker's window-start
    /// step may lag behind the clock.
    public static func allowedStates(for action: RequestAction) -> [RequestState] {
        switch action {
        case .approve: [.pendingApproval]
        case .deny: [.pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut]
        case .revoke: [.apiKeyCheckedOut]
        case .cancel: [.pendingApproval, .approved, .requestAvailable]
        case .checkOut: [.requestAvailable, .apiKeyCheckedOut]
        case .checkIn: [.apiKeyCheckedOut]
        case .remove, .resubmit: [.pendingAcknowledgment]
        case .review: [.pendingReview, .pendingAcknowledgment]
        case .close: RequestState.allCases.filter { !$0.isFinal }
        case .request: []
        case .windowStarted: [.approved]
        case .expire: RequestState.allCases.filter(\.isLive)
        case .rotationFinished: [.pendingKeyReset]
        }
    }
}

extension RequestWorkflow {
    static func run(_ body: () throws(WorkflowRejection) -> Transition) -> Result<Transition, WorkflowRejection> {
        do {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }

    /// Returns the text without surrounding white space, or nil when nothing else is left.
    /// FoundationEssentials has no `trimmingCharacters(in:)`, hence the slicing.
    static func normalized(_ text: String?) -> String? {
        guard let text, let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return nil }
        return String(text[first...last])
    }

    static func requireRequester(_ step: WorkflowStep) throws(WorkflowRejection) {
        guard step.isByRequester else { throw step.rejectRole(.requesterOnly) }
    }

    /// Rejects an action on a live request whose deadline has passed; `advance` will end it.
    static func requireNotExpired(_ step: WorkflowStep) throws(WorkflowRejection) {
        guard let deadline = step.request.expiryDeadline(policy: step.policy), step.now >= deadline else { return }
        throw .expired(request: step.request.id, state: step.request.state, action: step.action, deadline: deadline)
    }

    static func requireState(_ step: WorkflowStep) throws(WorkflowRejection) {
        guard allowedStates(for: step.action).contains(step.request.state) else {
            throw .invalidState(request: step.request.id, state: step.request.state, action: step.action)
        }
    }

    /// Builds a transition from `old` to `new` with one history entry for `action`.
    static func record(
        from old: AccessRequest, to new: AccessRequest, action: RequestAction, actorID: UserID?, now: Date,
        comment: String?, effects: [WorkflowEffect] = []
    ) -> Transition {
        var updated = new
        updated.updatedAt = now
        let entry = HistoryEntry(at: now, actorID: actorID, action: action, oldState: old.state, newState: updated.state, comment: comment)
        return Transition(request: updated, history: [entry], effects: effects)
    }

    static func record(_ step: WorkflowStep, to new: AccessRequest, effects: [WorkflowEffect] = []) -> Transition {
        record(from: step.request, to: new, action: step.action, actorID: step.actor.id, now: step.now, comment: step.comment, effects: effects)
    }

    /// Returns a notification effect, or none when no recipient remains after the exclusion.
    static func notify(_ kind: NotificationKind, _ recipients: [UserID], except excluded: UserID? = nil) -> [WorkflowEffect] {
        let remaining = recipients.filter { $0 != excluded }
        return remaining.isEmpty ? [] : [.notify(kind, recipients: remaining)]
    }

    /// Notifies reviewers when a request that held or was rotating a release has just ended with
    /// reviews owed. Later steps (a removal, another review) do not notify them again.
    static func reviewNotice(from old: AccessRequest, to new: AccessRequest, policy: Policy) -> [WorkflowEffect] {
        let wasHolding = old.state.isLive || old.state == .pendingKeyReset
        let isReleased = new.state == .pendingReview || new.state == .pendingAcknowledgment
        guard wasHolding && isReleased && new.isReviewOwed(policy: policy) else { return [] }
        return notify(.pendingReview, policy.reviewerIDs, except: new.requesterID)
    }
}
