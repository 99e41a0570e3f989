#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

/// The first line of an export file, and the service's reply to an export: the public key,
/// every signed checkpoint, and the signed head that the exported events must end at. The events
/// themselves follow in the file, one per line, read in pages from the service.
public struct AuditExport: Sendable, Codable, Hashable {
    /// Marks the file as a Safehold audit export.
    public static let formatName = "safehold-audit-export"

    public var format: String
    public var version: Int
    /// The Ed25519 public key of the vault, for information only: verification uses the key the
    /// auditor supplies, never this one.
    public var publicKey: Data
    public var head: AuditExportHead
    public var checkpoints: [AuditCheckpoint]

    public init(publicKey: Data, head: AuditExportHead, checkpoints: [AuditCheckpoint]) {
        self.format = Self.formatName
        self.version = 1
        self.publicKey = publicKey
        self.head = head
        self.checkpoints = checkpoints
    }
}
