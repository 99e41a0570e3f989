#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// States of an access request, named as in the reference product (One Identity Safeguard), so
/// that its clients and its people recognise them. `label` is what the command line shows.
public enum RequestState: String, Hashable, Sendable, Codable, CaseIterable {
    case pendingApproval = "PendingApproval"
    case approved = "Approved"
    case requestAvailable = "RequestAvailable"
    case apiKeyCheckedOut = "ApiKeyCheckedOut"
    case pendingKeyReset = "PendingKeyReset"
    case pendingReview = "PendingReview"
    case pendingAcknowledgment = "PendingAcknowledgment"
    case complete = "Complete"
    case closed = "Closed"

    /// States in which nothing can happen any more.
    public var isFinal: Bool { self == .complete || self == .closed }

    /// States that hold or may soon hold a release of the account (used for exclusivity).
    public var isLive: Bool {
        switch self {
        case .pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut: true
        default: false
        }
    }
}

/// Actions on a request, and the broker's own time-driven transitions, as recorded in a request's
/// workflow history.
public enum RequestAction: String, Hashable, Sendable, Codable, CaseIterable {
    case request
    case approve
    case deny
    case revoke
    case cancel
    case checkOut
    case checkIn
    case remove
    case resubmit
    case review
    case close
    /// The broker made an approved request available at its window start.
    case windowStarted
    /// The broker ended a request at its window end or approval deadline.
    case expire
    /// The broker finished the rotation that a release started.
    case rotationFinished
}

/// One approval of a request by one person, counted toward one approver set.
public struct Approval: Hashable, Sendable, Codable {
    public var userID: UserID
    /// Index into the policy's `approverSets` of the set this approval counted toward.
    public var setIndex: Int
    public var at: Date
    public var comment: String?

    public init(userID: UserID, setIndex: Int, at: Date, comment: String? = nil) {
        self.userID = userID
        self.setIndex = setIndex
        self.at = at
        self.comment = comment
    }
}

/// One review of a released request by one reviewer.
public struct Review: Hashable, Sendable, Codable {
    public var userID: UserID
    public var at: Date
    public var comment: String?

    public init(userID: UserID, at: Date, comment: String? = nil) {
        self.userID = userID
        self.at = at
        self.comment = comment
    }
}

/// One step of a request's workflow history.
public struct HistoryEntry: Hashable, Sendable, Codable {
    public var at: Date
    /// The acting user, or nil for the broker's time-driven transitions.
    public var actorID: UserID?
    public var action: RequestAction
    public var oldState: RequestState?
    public var newState: RequestState
    public var comment: String?

    public init(at: Date, actorID: UserID?, action: RequestAction, oldState: RequestState?, newState: RequestState, comment: String? = nil) {
        self.at = at
        self.actorID = actorID
        self.action = action
        self.oldState = oldState
        self.newState = newState
        self.comment = comment
    }
}

/// Why a request ended, as recorded on the request.
public struct RequestFlags: Hashable, Sendable, Codable {
    /// Denied before approval.
    public var wasDenied = false
    /// Denied or revoked after approval.
    public var wasRevoked = false
    public var wasCancelled = false
    public var wasExpired = false
    /// The key was viewed or copied at least once.
    public var wasCheckedOut = false

    public init() {}
}

/// One access request by one requester for one account, for one window.
public struct AccessRequest: Hashable, Sendable, Codable {
    public var id: RequestID
    public var requesterID: UserID
    public var accountID: AccountID
    public var assetID: AssetID
    public var policyID: PolicyID
    public var state: RequestState
    public var requestedAt: Date
    /// The start the requester asked for; nil means "now", so the window starts when the request
    /// becomes available and slow approvals do not eat the requester's time.
    public var requestedStart: Date?
    /// Start of the window: the requested start, or for "now" requests the moment the request
    /// became available. Nil while a "now" request waits for approval.
    public var windowStart: Date?
    public var durationSeconds: Int
    public var ticketNumber: String?
    public var reason: String?
    public var isEmergency: Bool
    public var flags: RequestFlags
    /// The requester acknowledged a denial, revocation or expiry (Remove or Resubmit).
    public var isAcknowledged: Bool
    /// Hidden from My Requests; kept for the audit trail.
    public var isRemoved: Bool
    public var approvals: [Approval]
    public var reviews: [Review]
    /// Key versions this request revealed, by key id; used by "show again" and rotation.
    public var revealedVersions: [ApiKeyID: Int]
    public var resubmittedFrom: RequestID?
    public var closeComment: String?
    public var updatedAt: Date

    public init(
        id: RequestID, requesterID: UserID, accountID: AccountID, assetID: AssetID, policyID: PolicyID,
        state: RequestState = .pendingApproval, requestedAt: Date, requestedStart: Date? = nil,
        windowStart: Date? = nil, durationSeconds: Int, ticketNumber: String? = nil, reason: String? = nil,
        isEmergency: Bool = false, flags: RequestFlags = RequestFlags(), isAcknowledged: Bool = false,
        isRemoved: Bool = false, approvals: [Approval] = [], reviews: [Review] = [],
        revealedVersions: [ApiKeyID: Int] = [:], resubmittedFrom: RequestID? = nil,
        closeComment: String? = nil, updatedAt: Date
    ) {
        self.id = id
        self.requesterID = requesterID
        self.accountID = accountID
        self.assetID = assetID
        self.policyID = policyID
        self.state = state
        self.requestedAt = requestedAt
        self.requestedStart = requestedStart
        self.windowStart = windowStart
        self.durationSeconds = durationSeconds
        self.ticketNumber = ticketNumber
        self.reason = reason
        self.isEmergency = isEmergency
        self.flags = flags
        self.isAcknowledged = isAcknowledged
        self.isRemoved = isRemoved
        self.approvals = approvals
        self.reviews = reviews
        self.revealedVersions = revealedVersions
        self.resubmittedFrom = resubmittedFrom
        self.closeComment = closeComment
        self.updatedAt = updatedAt
    }

    /// End of the window, when the window has started or has a fixed start.
    public var windowEnd: Date? {
        windowStart.map { $0.addingTimeInterval(TimeInterval(durationSeconds)) }
    }
}
