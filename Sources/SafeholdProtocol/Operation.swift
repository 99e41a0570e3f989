#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Name of a request's operation, sent as `op`.
///
/// Where the reference product (One Identity Safeguard for Privileged Passwords) has a REST action
/// for the step, the name is that action's, so that an HTTP front end compatible with its clients
/// can map onto the same operations. The raw values are part of the wire protocol.
public enum Operation: String, Codable, Sendable, CaseIterable {
    // Identity and directory administration.
    case me = "Me"
    case userAdd = "UserAdd"
    case userList = "UserList"
    case userUpdate = "UserUpdate"
    case tokenCreate = "TokenCreate"
    case tokenList = "TokenList"
    case tokenRevoke = "TokenRevoke"
    case assetAdd = "AssetAdd"
    case assetList = "AssetList"
    case assetUpdate = "AssetUpdate"
    case assetDelete = "AssetDelete"
    /// Sets the sealed connector settings of an `exec` asset.
    case assetSettings = "AssetSettings"
    case accountAdd = "AccountAdd"
    case accountList = "AccountList"
    case accountDelete = "AccountDelete"
    case apiKeyAdd = "ApiKeyAdd"
    case apiKeyList = "ApiKeyList"
    case apiKeyDelete = "ApiKeyDelete"
    case apiKeyImport = "ApiKeyImport"
    case policyAdd = "PolicyAdd"
    case policyList = "PolicyList"
    case policyGet = "PolicyGet"
    case policyUpdate = "PolicyUpdate"
    case policyDelete = "PolicyDelete"

    // Keys.
    case rotate = "Rotate"
    case verify = "Verify"

    // Access requests.
    /// A new access request.
    case create = "Create"
    case myRequests = "MyRequests"
    case details = "Details"
    case actionableApprovals = "ActionableApprovals"
    case actionableReviews = "ActionableReviews"
    case approve = "Approve"
    case deny = "Deny"
    case revoke = "Revoke"
    case review = "Review"
    case cancel = "Cancel"
    case close = "Close"
    /// The requester's Remove of a denied, revoked or expired request.
    case acknowledge = "Acknowledge"
    case resubmit = "Resubmit"
    case checkIn = "CheckIn"
    case checkOutApiKeys = "CheckOutApiKeys"

    // Audit trail.
    case auditList = "AuditList"
    case auditVerify = "AuditVerify"
    case auditExport = "AuditExport"
    case auditPublicKey = "AuditPublicKey"

    /// Words for shell completion (asset, account and key names the caller may use).
    case complete = "Complete"
}
