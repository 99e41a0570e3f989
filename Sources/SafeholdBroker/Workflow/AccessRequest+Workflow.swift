#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension AccessRequest {
    /// When a PendingApproval request expires: the end of its fixed window, or for a "now" request
    /// the policy's approval timeout after it was made.
    func approvalDeadline(policy: Policy) -> Date {
        if let start = requestedStart {
            return start.addingTimeInterval(TimeInterval(durationSeconds))
        }
        return requestedAt.addingTimeInterval(TimeInterval(policy.approvalTimeoutSeconds))
    }

    /// When a live request expires, or nil for the other states.
    func expiryDeadline(policy: Policy) -> Date? {
        switch state {
        case .pendingApproval: approvalDeadline(policy: policy)
        case .approved, .requestAvailable, .apiKeyCheckedOut: windowEnd
        default: nil
        }
    }

    /// The requester still has to remove or resubmit the request.
    var isAcknowledgmentOwed: Bool {
        (flags.wasDenied || flags.wasRevoked || flags.wasExpired) && !isAcknowledged
    }

    /// Distinct users who reviewed the request.
    var reviewerCount: Int {
        Set(reviews.map(\.userID)).count
    }

    /// Returns whether reviews are still owed. A checked-out request owes the policy's reviews,
    /// however it ended.
    func isReviewOwed(policy: Policy) -> Bool {
        flags.wasCheckedOut && reviewerCount < policy.requiredReviews
    }

    /// Returns the state of a released request: PendingAcknowledgment while an acknowledgment is owed,
    /// else PendingReview while reviews are owed, else Complete.
    func stateAfterRelease(policy: Policy) -> RequestState {
        if isAcknowledgmentOwed {
            return .pendingAcknowledgment
        }
        if isReviewOwed(policy: policy) {
            return .pendingReview
        }
        return .complete
    }
}
