#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request as the listings and the details page show it: the stored request with the names,
/// label and times that people read. Never holds a secret.
public struct RequestSummary: Sendable, Codable, Hashable {
    public var request: AccessRequest
    /// The reference product's label, such as "Pending (1 approval)" or "Available (checked out)".
    public var label: String
    public var requesterName: String
    public var assetName: String
    public var accountName: String
    public var policyName: String
    /// Approvals still needed across all approver sets.
    public var approvalsNeeded: Int
    /// Reviews still needed.
    public var reviewsNeeded: Int
    /// Seconds left in the window, never negative.
    public var remainingSeconds: Int
    /// The next time-driven change: window start, window end or approval deadline.
    public var deadline: Date?

    public var accountPath: String { "\(assetName)/\(accountName)" }

    public init(
        request: AccessRequest, label: String, requesterName: String, assetName: String, accountName: String,
        policyName: String, approvalsNeeded: Int, reviewsNeeded: Int, remainingSeconds: Int, deadline: Date?
    ) {
        self.request = request
        self.label = label
        self.requesterName = requesterName
        self.assetName = assetName
        self.accountName = accountName
        self.policyName = policyName
        self.approvalsNeeded = approvalsNeeded
        self.reviewsNeeded = reviewsNeeded
        self.remainingSeconds = remainingSeconds
        self.deadline = deadline
    }
}

/// A request's full record for `safehold details`: the summary, its policy's rules, who approved
/// and reviewed, and the workflow history with names.
public struct RequestDetails: Sendable, Codable, Hashable {
    public struct Step: Sendable, Codable, Hashable {
        public var entry: HistoryEntry
        public var actorName: String?

        public init(entry: HistoryEntry, actorName: String?) {
            self.entry = entry
            self.actorName = actorName
        }
    }

    /// One approval or review, with the person's name.
    public struct Signoff: Sendable, Codable, Hashable {
        public var userName: String
        public var at: Date
        public var comment: String?

        public init(userName: String, at: Date, comment: String?) {
            self.userName = userName
            self.at = at
            self.comment = comment
        }
    }

    public var summary: RequestSummary
    public var policy: Policy
    public var approvals: [Signoff]
    public var reviews: [Signoff]
    public var history: [Step]

    public init(summary: RequestSummary, policy: Policy, approvals: [Signoff], reviews: [Signoff], history: [Step]) {
        self.summary = summary
        self.policy = policy
        self.approvals = approvals
        self.reviews = reviews
        self.history = history
    }
}
