#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Returns the window that a live request occupies, or may come to occupy, on its account.
    /// Returns nil for the other states.
    ///
    /// A request whose window is known (fixed start, or already available) occupies
    /// [windowStart, windowEnd). A "now" request waiting for approval may become available at
    /// any moment until its approval timeout, so it occupies
    /// [requestedAt, requestedAt + approvalTimeout + duration).
    public static func occupiedWindow(of request: AccessRequest, policy: Policy) -> DateInterval? {
        guard request.state.isLive else { return nil }
        let duration = TimeInterval(request.durationSeconds)
        if let start = request.windowStart {
            return DateInterval(start: start, duration: duration)
        }
        let latestStart = request.requestedAt.addingTimeInterval(TimeInterval(policy.approvalTimeoutSeconds))
        return DateInterval(start: request.requestedAt, end: latestStart.addingTimeInterval(duration))
    }

    /// Rejects `request` when, at some moment of its window, `simultaneousReleases` other live
    /// requests of the account already occupy theirs. Windows are half-open, so one may start when
    /// another ends. Requests whose deadline has passed are skipped, because `advance` ends them.
    static func checkExclusivity(_ request: AccessRequest, policy: Policy, context: SubmissionContext, now: Date) throws(WorkflowRejection) {
        guard let window = occupiedWindow(of: request, policy: policy) else { return }
        var others: [(id: RequestID, window: DateInterval)] = []
        for other in context.accountRequests where other.id != request.id && other.accountID == request.accountID {
            let otherPolicy = context.policies[other.policyID] ?? policy
            guard let otherWindow = occupiedWindow(of: other, policy: otherPolicy),
                  let deadline = other.expiryDeadline(policy: otherPolicy), deadline > now,
                  otherWindow.start < window.end, window.start < otherWindow.end
            else { continue }
            others.append((other.id, otherWindow))
        }

        let limit = max(1, policy.simultaneousReleases)
        if let conflict = firstSaturatedOverlap(of: others, within: window, limit: limit) {
            throw .windowConflict(conflicting: conflict.id, conflictingWindow: conflict.window, requestedWindow: window, limit: limit)
        }
    }

    /// Sweeps the overlapping windows in time order and returns the earliest-starting window that
    /// is active at the first moment when `limit` of them are active together.
    private static func firstSaturatedOverlap(
        of windows: [(id: RequestID, window: DateInterval)], within range: DateInterval, limit: Int
    ) -> (id: RequestID, window: DateInterval)? {
        // Each event is (time, isStart, index); at equal times ends sort first (half-open windows).
        var events: [(time: Date, isStart: Bool, index: Int)] = []
        for (index, entry) in windows.enumerated() {
            events.append((max(entry.window.start, range.start), true, index))
            events.append((min(entry.window.end, range.end), false, index))
        }
        events.sort { lhs, rhs in
            lhs.time != rhs.time ? lhs.time < rhs.time : (!lhs.isStart && rhs.isStart)
        }

        var active: [Int] = []
        for event in events {
            if event.isStart {
                active.append(event.index)
                if active.count >= limit {
                    let earliest = active.min { windows[$0].window.start < windows[$1].window.start } ?? event.index
                    return windows[earliest]
                }
            } else {
                active.removeAll { $0 == event.index }
            }
        }
        return nil
    }
}
