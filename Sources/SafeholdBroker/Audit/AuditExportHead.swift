#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The chain head that the service signed when it made an export. An export must end exactly
/// at this event, so events cut from its end, or added after it, are detected offline.
public struct AuditExportHead: Sendable, Codable, Hashable {
    /// Sequence of the last exported event; 0 for an empty trail.
    public var sequence: Int64
    /// Hash of that event; 32 zero bytes for an empty trail.
    public var headHash: Data
    public var exportedAt: Date
    /// Ed25519 signature of `AuditSignature.exportHeadMessage`.
    public var signature: Data

    public init(sequence: Int64, headHash: Data, exportedAt: Date, signature: Data) {
        self.sequence = sequence
        self.headHash = headHash
        self.exportedAt = exportedAt
        self.signature = signature
    }
}
