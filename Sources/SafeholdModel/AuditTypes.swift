#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The filters of an audit listing. Every filter that is set must match; names are resolved by the
/// broker.
public struct AuditFilter: Sendable, Codable, Hashable {
    public var since: Date?
    public var until: Date?
    public var requestID: String?
    public var userName: String?
    /// `ASSET/ACCOUNT`.
    public var accountPath: String?
    public var action: String?
    /// Only events with a higher sequence, so that a client can read a long trail in pages.
    public var afterSequence: Int64?
    public var limit: Int?

    public init(
        since: Date? = nil, until: Date? = nil, requestID: String? = nil, userName: String? = nil,
        accountPath: String? = nil, action: String? = nil, afterSequence: Int64? = nil, limit: Int? = nil
    ) {
        self.since = since
        self.until = until
        self.requestID = requestID
        self.userName = userName
        self.accountPath = accountPath
        self.action = action
        self.afterSequence = afterSequence
        self.limit = limit
    }
}

/// The outcome of checking the audit chain, live or in an export.
public struct AuditVerification: Sendable, Codable, Hashable {
    public var isValid: Bool
    /// Events checked, up to and including the first bad one.
    public var eventCount: Int
    /// Sequence of the first event that was altered, removed, inserted or moved, when one was.
    public var firstBadSequence: Int64?
    /// A sentence describing the problem at `firstBadSequence`.
    public var problem: String?
    /// Sequence of the last event covered by a valid signed checkpoint.
    public var lastCheckpointSequence: Int64?
    /// Sequence of the last event checked.
    public var headSequence: Int64?
    /// Events after the last signature (checkpoint or export head). Nothing detects their removal
    /// from the end of the trail, so they are reported as such.
    public var unsignedEventCount: Int
    /// For an export: the last event its signed head covers, and when the service signed it.
    public var exportHeadSequence: Int64?
    public var exportedAt: Date?

    public init(
        isValid: Bool, eventCount: Int, firstBadSequence: Int64? = nil, problem: String? = nil,
        lastCheckpointSequence: Int64? = nil, headSequence: Int64? = nil, unsignedEventCount: Int = 0,
        exportHeadSequence: Int64? = nil, exportedAt: Date? = nil
    ) {
        self.isValid = isValid
        self.eventCount = eventCount
        self.firstBadSequence = firstBadSequence
        self.problem = problem
        self.lastCheckpointSequence = lastCheckpointSequence
        self.headSequence = headSequence
        self.unsignedEventCount = unsignedEventCount
        self.exportHeadSequence = exportHeadSequence
        self.exportedAt = exportedAt
    }
}
