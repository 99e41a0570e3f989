#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rule that kept a user from acting on a request.
public enum PermissionRule: Hashable, Sendable {
    /// Only the request's requester may take the action.
    case requesterOnly
    /// Only users listed in an approver set of the named policy may take the action.
    case approverOnly(policyName: String)
    /// Only reviewers listed in the named policy may take the action.
    case reviewerOnly(policyName: String)
    case administratorOnly
    /// Requesters never approve, deny or review their own requests, even when a policy lists them.
    case notOwnRequest
    /// Every approver set that lists the user already has its approvals.
    case approverSetSatisfied
    /// The user is disabled.
    case userDisabled
}
