#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A policy as administrators write it: people, assets and accounts by name. The broker resolves
/// the names to ids when it saves the policy, and rejects names that match nothing.
public struct PolicySpec: Sendable, Codable, Hashable {
    /// An approver set by user names.
    public struct ApproverSetSpec: Sendable, Codable, Hashable {
        public var approvers: [String]
        public var requiredApprovals: Int

        public init(approvers: [String], requiredApprovals: Int = 1) {
            self.approvers = approvers
            self.requiredApprovals = requiredApprovals
        }
    }

    public var name: String
    public var priority: Int = 100
    /// Asset names (every account of the asset) and `ASSET/ACCOUNT` paths.
    public var scope: [String] = []
    public var requesters: [String] = []
    public var approverSets: [ApproverSetSpec] = []
    public var autoApprove = false
    public var emergencyAccessAllowed = false
    public var reviewers: [String] = []
    public var requiredReviews = 0
    public var reviewCommentRequired = false
    public var ticketRequired = false
    public var ticketPattern: String?
    public var reasonRequired = false
    public var defaultDurationSeconds = 2 * Policy.hour
    public var maximumDurationSeconds = 7 * Policy.day
    public var customDurationAllowed = false
    public var simultaneousReleases = 1
    public var rotateAfterCheckIn = true
    public var showAgainAfterChange = false
    public var newRequestsWhileAwaitingReview = false
    public var approvalTimeoutSeconds = 24 * Policy.hour
    public var isDisabled = false

    public init(name: String) {
        self.name = name
    }
}

/// A policy with the names of everything it refers to, for listings.
public struct PolicyView: Sendable, Codable, Hashable {
    public var policy: Policy
    public var spec: PolicySpec

    public init(policy: Policy, spec: PolicySpec) {
        self.policy = policy
        self.spec = spec
    }
}
