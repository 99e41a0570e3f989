#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Why the workflow rejected a submission or an action. Each case carries what a person needs to
/// understand it, and `description` turns it into a sentence that names what to do instead.
public enum WorkflowRejection: Error, Hashable, Sendable {
    // Policies and entitlement.
    case invalidPolicy(policyName: String, problems: [PolicyProblem])
    /// No enabled policy covers the target and lists the requester. `target` reads `asset/account`.
    case noPolicy(requesterName: String, target: String)
    case notRequester(requesterName: String, policyName: String)
    case outOfScope(policyName: String, accountID: AccountID)
    case policyDisabled(policyName: String)
    case userDisabled(userName: String)

    // Submission input.
    case missingField(RequestField, policyName: String)
    case ticketMismatch(ticketNumber: String, pattern: String, policyName: String)
    case durationNotPositive(seconds: Int)
    case durationOverMaximum(seconds: Int, maximumSeconds: Int, policyName: String)
    case customDurationNotAllowed(seconds: Int, defaultSeconds: Int, policyName: String)
    case startInPast(start: Date, now: Date)
    case startTooLate(start: Date, latest: Date)
    case emergencyNotAllowed(policyName: String)
    /// The requested window overlaps `limit` releases of the account; `conflicting` is one of them.
    case windowConflict(conflicting: RequestID, conflictingWindow: DateInterval, requestedWindow: DateInterval, limit: Int)
    /// The requester's earlier request of the account still waits for review.
    case awaitingReview(pending: RequestID)

    // Actions on a request.
    case notPermitted(request: RequestID, state: RequestState, action: RequestAction, actorName: String, rule: PermissionRule)
    /// The action is not possible in the request's state.
    case invalidState(request: RequestID, state: RequestState, action: RequestAction)
    case windowNotStarted(request: RequestID, state: RequestState, start: Date)
    /// The request's window or approval deadline passed at `deadline`; the broker ends it.
    case expired(request: RequestID, state: RequestState, action: RequestAction, deadline: Date)
    case alreadyApproved(request: RequestID, approverName: String)
    case alreadyReviewed(request: RequestID, reviewerName: String)
    /// The request was never checked out, or already has its reviews.
    case noReviewOwed(request: RequestID, state: RequestState)
    case commentRequired(request: RequestID, action: RequestAction)
    /// Only denied or revoked requests can be resubmitted; this one expired.
    case notResubmittable(request: RequestID)
    /// The keys of the request's account are being rotated. The check-out code returns it from the
    /// account's key status, which the workflow does not see.
    case rotating(request: RequestID)

    /// The class of a rejection, as sent over the wire and mapped to an exit code.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// An id or name matched nothing. The workflow never returns it; the look-ups around it do.
        case notFound
        case permissionDenied
        case invalidInput
        /// The request's state, or another request, does not allow the action now.
        case conflict
        /// A deadline passed.
        case expired
        /// A rotation is in progress; retry later.
        case rotating
    }

    /// The class of this rejection.
    public var kind: Kind {
        switch self {
        case .noPolicy, .notRequester, .outOfScope, .policyDisabled, .userDisabled, .emergencyNotAllowed, .notPermitted:
            .permissionDenied
        case .invalidPolicy, .missingField, .ticketMismatch, .durationNotPositive, .durationOverMaximum,
             .customDurationNotAllowed, .startInPast, .startTooLate, .commentRequired:
            .invalidInput
        case .windowConflict, .awaitingReview, .invalidState, .windowNotStarted, .alreadyApproved,
             .alreadyReviewed, .noReviewOwed, .notResubmittable:
            .conflict
        case .expired:
            .expired
        case .rotating:
            .rotating
        }
    }
}
