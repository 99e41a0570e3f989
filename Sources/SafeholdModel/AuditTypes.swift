#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which audit events to list. Every filter that is set must match; names are resolved by the
/// broker.
public struct AuditFilter: Sendable, Codable, Hashable {
    public var since: Date?
    public var until: Date?
    public var requestID: String?
    public var userName: String?
    /// `ASSET/ACCOUNT`.
    public var accountPath: String?
    public var action: String?
    public var limit: Int?

    public init(
        since: Date? = nil, until: Date? = nil, requestID: String? = nil, userName: String? = nil,
        accountPath: String? = nil, action: String? = nil, limit: Int? = nil
    ) {
        self.since = since
        self.until = until
        self.requestID = requestID
        self.userName = userName
        self.accountPath = accountPath
        self.action = action
        self.limit = limit
    }
}

/// The outcome of checking the audit chain.
public struct AuditVerification: Sendable, Codable, Hashable {
    public var isValid: Bool
    public var eventCount: Int
    /// Sequence of the first event that fails, when one does.
    public var firstBadSequence: Int64?
    /// What is wrong at `firstBadSequence`, in a sentence.
    public var problem: String?
    /// Sequence of the last event covered by a valid signed checkpoint.
    public var lastCheckpointSequence: Int64?

    public init(isValid: Bool, eventCount: Int, firstBadSequence: Int64? = nil, problem: String? = nil, lastCheckpointSequence: Int64? = nil) {
        self.isValid = isValid
        self.eventCount = eventCount
        self.firstBadSequence = firstBadSequence
        self.problem = problem
        self.lastCheckpointSequence = lastCheckpointSequence
    }
}
