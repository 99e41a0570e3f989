#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Connection that a request arrived on: its number and the caller's peer credentials.
public struct ConnectionContext: Sendable, Hashable {
    /// Number of the connection, unique within the server's process, starting at 1.
    public var connectionID: UInt64
    /// The caller's process, user and group, from the kernel.
    public var peer: PeerCredentials

    public init(connectionID: UInt64, peer: PeerCredentials) {
        self.connectionID = connectionID
        self.peer = peer
    }

    /// Log metadata naming the connection and the caller.
    public var logMetadata: [String: String] {
        ["connection": String(connectionID), "uid": String(peer.uid), "pid": String(peer.pid)]
    }
}
