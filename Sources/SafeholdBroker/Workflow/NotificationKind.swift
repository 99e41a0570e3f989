#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The subject of a notification about a request or an account.
public enum NotificationKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// To approvers: a new request waits for their approval.
    case pendingApproval
    /// To approvers: a requester used emergency access, which skipped approval.
    case emergencyAccess
    /// To the requester: the request is approved and its window starts later.
    case approved
    /// To the requester: the window has started and the key can be checked out.
    case available
    /// To the requester: an approver denied the request before approving it.
    case denied
    /// To the requester: an approver denied or revoked the request after it was approved.
    case revoked
    /// To the requester: the window ends soon.
    case expiringSoon
    /// To the requester: the window ended, or approval did not come in time.
    case expired
    /// To the requester: an administrator closed the request.
    case closed
    /// To reviewers: a released request waits for their review.
    case pendingReview
    /// To administrators: a rotation ran out of retries. The rotation code sends it, not the workflow.
    case rotationFailed
}
