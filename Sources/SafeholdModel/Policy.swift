#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A list of users and how many distinct approvals from them it needs. Every set of a policy must
/// be satisfied before a request is approved.
public struct ApproverSet: Hashable, Sendable, Codable {
    public var approverIDs: [UserID]
    public var requiredApprovals: Int

    public init(approverIDs: [UserID], requiredApprovals: Int = 1) {
        self.approverIDs = approverIDs
        self.requiredApprovals = requiredApprovals
    }
}

/// An access-request policy: who may request which accounts, who approves and reviews, and the
/// settings of the request workflow. Durations are in seconds.
public struct Policy: Hashable, Sendable, Codable {
    public var id: PolicyID
    public var name: String
    /// When several policies cover an account for a requester, the lowest number wins.
    public var priority: Int
    public var scopeAssetIDs: [AssetID]
    public var scopeAccountIDs: [AccountID]
    public var requesterIDs: [UserID]
    public var approverSets: [ApproverSet]
    public var autoApprove: Bool
    public var emergencyAccessAllowed: Bool
    public var reviewerIDs: [UserID]
    public var requiredReviews: Int
    public var reviewCommentRequired: Bool
    public var ticketRequired: Bool
    /// Regular expression that a ticket number must match in full, when set.
    public var ticketPattern: String?
    public var reasonRequired: Bool
    public var defaultDurationSeconds: Int
    public var maximumDurationSeconds: Int
    public var customDurationAllowed: Bool
    /// How many releases of one account may overlap; 1 means exclusive access.
    public var simultaneousReleases: Int
    public var rotateAfterCheckIn: Bool
    public var showAgainAfterChange: Bool
    public var newRequestsWhileAwaitingReview: Bool
    /// How long a request with start "now" may wait for approval before it expires.
    public var approvalTimeoutSeconds: Int
    public var isDisabled: Bool
    public var createdAt: Date

    public static let hour = 3600
    public static let day = 86400
    /// Upper bound of `maximumDurationSeconds`.
    public static let longestMaximumDuration = 31 * day

    public init(
        id: PolicyID, name: String, priority: Int = 100,
        scopeAssetIDs: [AssetID] = [], scopeAccountIDs: [AccountID] = [],
        requesterIDs: [UserID] = [], approverSets: [ApproverSet] = [],
        autoApprove: Bool = false, emergencyAccessAllowed: Bool = false,
        reviewerIDs: [UserID] = [], requiredReviews: Int = 0, reviewCommentRequired: Bool = false,
        ticketRequired: Bool = false, ticketPattern: String? = nil, reasonRequired: Bool = false,
        defaultDurationSeconds: Int = 2 * hour, maximumDurationSeconds: Int = 7 * day,
        customDurationAllowed: Bool = false, simultaneousReleases: Int = 1,
        rotateAfterCheckIn: Bool = true, showAgainAfterChange: Bool = false,
        newRequestsWhileAwaitingReview: Bool = false, approvalTimeoutSeconds: Int = 24 * hour,
        isDisabled: Bool = false, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.priority = priority
        self.scopeAssetIDs = scopeAssetIDs
        self.scopeAccountIDs = scopeAccountIDs
        self.requesterIDs = requesterIDs
        self.approverSets = approverSets
        self.autoApprove = autoApprove
        self.emergencyAccessAllowed = emergencyAccessAllowed
        self.reviewerIDs = reviewerIDs
        self.requiredReviews = requiredReviews
        self.reviewCommentRequired = reviewCommentRequired
        self.ticketRequired = ticketRequired
        self.ticketPattern = ticketPattern
        self.reasonRequired = reasonRequired
        self.defaultDurationSeconds = defaultDurationSeconds
        self.maximumDurationSeconds = maximumDurationSeconds
        self.customDurationAllowed = customDurationAllowed
        self.simultaneousReleases = simultaneousReleases
        self.rotateAfterCheckIn = rotateAfterCheckIn
        self.showAgainAfterChange = showAgainAfterChange
        self.newRequestsWhileAwaitingReview = newRequestsWhileAwaitingReview
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }

    /// Returns whether the policy's scope includes `account` of `assetID`.
    public func covers(account: AccountID, assetID: AssetID) -> Bool {
        scopeAccountIDs.contains(account) || scopeAssetIDs.contains(assetID)
    }
}
