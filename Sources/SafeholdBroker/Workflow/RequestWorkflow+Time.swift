#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Takes the broker's time-driven step that is due at `now`, or returns nil when none is.
    ///
    /// - Approved becomes RequestAvailable at its window start.
    /// - A live request becomes PendingAcknowledgment with `wasExpired` at its window end.
    ///   A PendingApproval request expires at its approval deadline instead: the fixed window
    ///   end, or for a "now" request `approvalTimeoutSeconds` after it was made.
    /// - An expiry after check-out rotates the revealed keys.
    ///
    /// One call takes one step. An Approved request whose whole window has passed expires
    /// directly.
    public static func advance(_ request: AccessRequest, policy: Policy, now: Date) -> Transition? {
        guard let deadline = nextDeadline(of: request, policy: policy), now >= deadline else { return nil }
        if request.state == .approved, let end = request.windowEnd, now < end {
            return makeAvailable(request, now: now)
        }
        return expire(request, policy: policy, now: now)
    }

    /// Returns the time at which `advance` will next change the request. That is the window start
    /// of an Approved request, the window end of an available or checked-out one, and the approval
    /// deadline of a pending one. Time does not change the other states, so they return nil.
    public static func nextDeadline(of request: AccessRequest, policy: Policy) -> Date? {
        switch request.state {
        case .pendingApproval: request.approvalDeadline(policy: policy)
        case .approved: request.windowStart
        case .requestAvailable, .apiKeyCheckedOut: request.windowEnd
        default: nil
        }
    }

    /// Returns when to tell the requester that the window ends soon: `leadSeconds` before its end,
    /// but not before its start. Nil while the window is unknown (a pending "now" request) and
    /// for requests that are not Approved, RequestAvailable or ApiKeyCheckedOut.
    public static func expiryNoticeTime(of request: AccessRequest, leadSeconds: Int = expiryNoticeLeadSeconds) -> Date? {
        let holdsWindow = [.approved, .requestAvailable, .apiKeyCheckedOut].contains(request.state)
        guard holdsWindow, let start = request.windowStart, let end = request.windowEnd else { return nil }
        return max(start, end.addingTimeInterval(-TimeInterval(leadSeconds)))
    }

    /// Returns the notice to send at `expiryNoticeTime`.
    public static func expiryNotice(for request: AccessRequest) -> WorkflowEffect {
        .notify(.expiringSoon, recipients: [request.requesterID])
    }

    /// Returns the time left in the request's window, never negative. A window that has not
    /// started yet has its whole duration left; a request that is no longer live has none.
    public static func remaining(_ request: AccessRequest, now: Date) -> TimeInterval {
        let duration = TimeInterval(request.durationSeconds)
        guard request.state.isLive else { return 0 }
        guard let start = request.windowStart, start <= now else { return max(0, duration) }
        return max(0, min(duration, start.addingTimeInterval(duration).timeIntervalSince(now)))
    }

    static func makeAvailable(_ request: AccessRequest, now: Date) -> Transition {
        var updated = request
        updated.state = .requestAvailable
        return record(
            from: request, to: updated, action: .windowStarted, actorID: nil, now: now, comment: nil,
            effects: notify(.available, [request.requesterID])
        )
    }

    static func expire(_ request: AccessRequest, policy: Policy, now: Date) -> Transition {
        var updated = request
        updated.flags.wasExpired = true
        updated.state = updated.stateAfterRelease(policy: policy)

        var effects: [WorkflowEffect] = []
        if request.flags.wasCheckedOut {
            effects.append(.rotateRevealedKeys(trigger: .expiry))
        }
        effects += notify(.expired, [request.requesterID])
        effects += reviewNotice(from: request, to: updated, policy: policy)
        return record(from: request, to: updated, action: .expire, actorID: nil, now: now, comment: nil, effects: effects)
    }
}
