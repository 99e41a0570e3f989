#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Returns the number of approvals the request still needs over all approver sets.
    public static func approvalsStillNeeded(for request: AccessRequest, policy: Policy) -> Int {
        policy.approvalsStillNeeded(given: request.approvals)
    }

    /// Returns the label that listings show for the request's state, such as
    /// "Pending (2 approvals)", "Available (checked out)", "Revoked" or "Reviewed".
    public static func label(for request: AccessRequest, policy: Policy) -> String {
        switch request.state {
        case .pendingApproval:
            let needed = approvalsStillNeeded(for: request, policy: policy)
            return "Pending (\(needed) \(needed == 1 ? "approval" : "approvals"))"
        case .approved:
            return "Approved"
        case .requestAvailable:
            return "Available"
        case .apiKeyCheckedOut:
            return "Available (checked out)"
        case .pendingKeyReset:
            return "Checked in (rotating)"
        case .pendingReview:
            return "Pending review"
        case .pendingAcknowledgment:
            return acknowledgmentLabel(request.flags)
        case .complete:
            return request.reviews.isEmpty ? "Complete" : "Reviewed"
        case .closed:
            return "Closed"
        }
    }

    /// Revoked before Denied before Expired: a revoked request may also have run out its window.
    private static func acknowledgmentLabel(_ flags: RequestFlags) -> String {
        if flags.wasRevoked {
            return "Revoked"
        }
        if flags.wasDenied {
            return "Denied"
        }
        return "Expired"
    }
}
