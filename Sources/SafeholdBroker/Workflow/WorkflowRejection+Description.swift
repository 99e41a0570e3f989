#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension WorkflowRejection: CustomStringConvertible {
    /// A sentence for people: what was rejected, on which request or policy, and what to do instead.
    public var description: String {
        switch self {
        case let .notPermitted(id, state, action, actorName, rule):
            Self.permissionDescription(id: id, state: state, action: action, actorName: actorName, rule: rule)
        case let .invalidState(id, state, action):
            Self.stateDescription(id: id, state: state, action: action)
        default:
            // Each group below returns nil for the cases of the other groups.
            entitlementDescription ?? submissionDescription ?? actionDescription ?? "request rejected"
        }
    }

    private var entitlementDescription: String? {
        switch self {
        case let .invalidPolicy(name, problems):
            guard problems.count > 1 else {
                return "policy \"\(name)\" cannot work: \(problems.first?.description ?? "it is invalid")"
            }
            let numbered = problems.enumerated().map { "(\($0.offset + 1)) \($0.element)." }
            return "policy \"\(name)\" cannot work: \(numbered.joined(separator: " "))"
        case let .noPolicy(requesterName, target):
            return "no policy lets \(requesterName) request \(target); ask an administrator for access"
        case let .notRequester(requesterName, policyName):
            return "policy \"\(policyName)\" does not list \(requesterName) as a requester; ask an administrator for access"
        case let .outOfScope(policyName, accountID):
            return "policy \"\(policyName)\" does not cover account \(accountID); request it under a policy that covers it"
        case let .policyDisabled(policyName):
            return "policy \"\(policyName)\" is disabled; ask an administrator to enable it"
        case let .userDisabled(userName):
            return "user \(userName) is disabled; ask an administrator to enable them"
        default:
            return nil
        }
    }

    private var submissionDescription: String? {
        switch self {
        case let .missingField(field, policyName):
            return "policy \"\(policyName)\" requires \(field.phrase); pass it with \(field.option)"
        case let .ticketMismatch(ticketNumber, pattern, policyName):
            return "ticket number \"\(ticketNumber)\" does not match the pattern \"\(pattern)\" of policy \"\(policyName)\"; check the ticket number"
        case let .durationNotPositive(seconds):
            return "duration of \(seconds) seconds is invalid: a duration must be positive, such as 2h"
        case let .durationOverMaximum(seconds, maximumSeconds, policyName):
            let maximum = WorkflowText.duration(maximumSeconds)
            return "duration \(WorkflowText.duration(seconds)) is longer than the maximum of \(maximum) that policy \"\(policyName)\" allows; ask for \(maximum) or less"
        case let .customDurationNotAllowed(seconds, defaultSeconds, policyName):
            return "policy \"\(policyName)\" allows only its default duration of \(WorkflowText.duration(defaultSeconds)), not \(WorkflowText.duration(seconds)); omit --for"
        case let .startInPast(start, now):
            return "start \(WorkflowText.time(start)) is in the past (now is \(WorkflowText.time(now))); omit --at to start now, or give a later time"
        case let .startTooLate(start, latest):
            return "start \(WorkflowText.time(start)) is too far ahead: the latest start is \(WorkflowText.time(latest)); request again closer to the time"
        case let .emergencyNotAllowed(policyName):
            return "policy \"\(policyName)\" does not allow emergency access; request without --emergency"
        case let .windowConflict(conflicting, conflictingWindow, requestedWindow, limit):
            return Self.conflictDescription(conflicting: conflicting, conflictingWindow: conflictingWindow, requestedWindow: requestedWindow, limit: limit)
        case let .awaitingReview(pending):
            return "request \(pending) of this account still awaits review, and its policy allows no new request until it is reviewed; ask a reviewer to review \(pending)"
        default:
            return nil
        }
    }

    private static func conflictDescription(conflicting: RequestID, conflictingWindow: DateInterval, requestedWindow: DateInterval, limit: Int) -> String {
        let requested = "the requested window \(WorkflowText.window(requestedWindow))"
        let other = "request \(conflicting) (\(WorkflowText.window(conflictingWindow)))"
        // A request that waits for approval with start "now" holds its place until its approval
        // deadline plus its duration, which is why such windows can look long.
        let advice = "a request waiting for approval keeps its place until its approval deadline; "
            + "wait for \(conflicting) to end, be denied or be cancelled, or ask for a later start with --at \(WorkflowText.time(conflictingWindow.end))"
        if limit == 1 {
            return "\(requested) overlaps \(other) of the same account, which allows one release at a time; \(advice)"
        }
        return "\(requested) overlaps \(limit) releases of the same account, including \(other), and the policy allows \(limit) at a time; \(advice)"
    }

    private var actionDescription: String? {
        switch self {
        case let .windowNotStarted(id, state, start):
            return "request \(id) is \(state.rawValue), not Available: its window starts at \(WorkflowText.time(start)); \(WorkflowText.details(id))"
        case let .expired(id, state, action, deadline):
            let passed = state == .pendingApproval ? "approval did not come before" : "its window ended at"
            return "request \(id) is \(state.rawValue), but \(passed) \(WorkflowText.time(deadline)), so it cannot be \(WorkflowText.pastParticiple(action)); the broker ends it as expired; \(WorkflowText.details(id))"
        case let .alreadyApproved(id, approverName):
            return "user \(approverName) already approved request \(id); an approval counts once, so another approver must approve it"
        case let .alreadyReviewed(id, reviewerName):
            return "user \(reviewerName) already reviewed request \(id); a review counts once, so another reviewer must review it"
        case let .noReviewOwed(id, state):
            return "request \(id) is \(state.rawValue) and owes no review: it was never checked out, or it already has its reviews; \(WorkflowText.details(id))"
        case let .commentRequired(id, action):
            return "to \(WorkflowText.verb(action)) request \(id), give a comment with --comment"
        case let .notResubmittable(id):
            return "request \(id) expired, so it cannot be resubmitted; remove it with `safehold remove \(id)` and request again"
        case let .rotating(id):
            return "the keys of request \(id)'s account are being rotated; retry in a moment"
        default:
            return nil
        }
    }
}
