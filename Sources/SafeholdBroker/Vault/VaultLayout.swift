#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The files of one vault directory. The directory and every file in it are private to the
/// service's user (0700 and 0600); the socket is 0660 so that a group can be granted access.
public struct VaultLayout: Sendable, Hashable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    /// The SQLite database (WAL mode, so `-wal` and `-shm` files sit beside it).
    public var database: String { directory + "/vault.db" }
    /// The master key, wrapped by a passphrase-derived key or a key file.
    public var wrappedMasterKey: String { directory + "/master.key" }
    /// The next wrapped master key while a rekey is in progress.
    public var pendingWrappedMasterKey: String { directory + "/master.key.new" }
    /// The audit trail's Ed25519 public key, for offline verification.
    public var auditPublicKey: String { directory + "/audit.pub" }
    /// The service's default socket.
    public var socket: String { directory + "/safehold.sock" }
}
