#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// A person's action on an existing request, as passed to `RequestWorkflow.apply`.
///
/// Submitting a new request is `RequestWorkflow.submit`, and the broker's own steps are
/// `RequestWorkflow.advance` and `RequestWorkflow.finishRotation`.
public enum WorkflowAction: Hashable, Sendable {
    case approve
    case deny
    case revoke
    case cancel
    /// Copy or show: reveals the account's keys. The reveal itself happens outside the workflow.
    case checkOut
    case checkIn
    /// Acknowledge a denial, revocation or expiry and hide the request from My Requests.
    case remove
    /// Acknowledge a denial or revocation and draft a new request whose id is `newID`.
    case resubmit(newID: RequestID)
    case review
    /// Close a request that is stuck; administrators only, with a comment.
    case close

    /// The action as recorded in the request's history and in audit events.
    public var requestAction: RequestAction {
        switch self {
        case .approve: .approve
        case .deny: .deny
        case .revoke: .revoke
        case .cancel: .cancel
        case .checkOut: .checkOut
        case .checkIn: .checkIn
        case .remove: .remove
        case .resubmit: .resubmit
        case .review: .review
        case .close: .close
        }
    }
}
