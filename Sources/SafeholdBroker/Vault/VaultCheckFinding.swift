#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One problem that `safehold check` found, with the ids of the rows involved.
public struct VaultCheckFinding: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The part of the vault the problem is in.
    public enum Area: String, Sendable, Codable, Hashable {
        /// SQLite's own integrity check of the file.
        case database
        /// Key versions and key status.
        case key
        /// The rotation journal.
        case rotation
        /// A request's state, flags, approvals, reviews, times or history.
        case request
        /// A row that refers to a row that does not exist.
        case orphan
        /// The audit chain and its signed checkpoints.
        case audit
    }

    public var area: Area
    /// Ids of the rows involved, most specific first (a request id, a key id, a journal id, an
    /// audit sequence number).
    public var ids: [String]
    /// The problem in a sentence that names the ids.
    public var message: String

    public init(_ area: Area, ids: [String], _ message: String) {
        self.area = area
        self.ids = ids
        self.message = message
    }

    public var description: String { message }
}

/// The result of `safehold check`: every finding, and what was checked.
public struct VaultCheckReport: Sendable, Codable, Hashable {
    public var findings: [VaultCheckFinding]
    public var keyCount: Int
    public var requestCount: Int
    public var eventCount: Int

    public init(findings: [VaultCheckFinding], keyCount: Int, requestCount: Int, eventCount: Int) {
        self.findings = findings
        self.keyCount = keyCount
        self.requestCount = requestCount
        self.eventCount = eventCount
    }

    public var isConsistent: Bool { findings.isEmpty }
}
