#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// Process, user and group of the peer of a Unix-domain socket, as the kernel recorded them when
/// the peer connected (`SO_PEERCRED`, see socket(7) and unix(7)).
public struct PeerCredentials: Sendable, Hashable, CustomStringConvertible {
    public var pid: pid_t
    public var uid: uid_t
    public var gid: gid_t

    public init(pid: pid_t, uid: uid_t, gid: gid_t) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    public var description: String { "pid \(pid), uid \(uid), gid \(gid)" }

    /// Reads the credentials of the peer connected to `fileDescriptor`.
    public static func read(from fileDescriptor: Int32) throws(SystemError) -> PeerCredentials {
        var credentials = UcredLayout()
        var length = socklen_t(MemoryLayout<UcredLayout>.size)
        let result = getsockopt(fileDescriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length)
        guard result == 0 else {
            throw .current("getsockopt(SO_PEERCRED)")
        }
        guard length == socklen_t(MemoryLayout<UcredLayout>.size) else {
            throw SystemError("getsockopt(SO_PEERCRED)", errno: EINVAL)
        }
        return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }
}

/// Layout of Linux's `struct ucred`, which Swift's Glibc module hides because it is declared only
/// with `_GNU_SOURCE`: three 4-byte fields in this order.
private struct UcredLayout {
    var pid: pid_t = 0
    var uid: uid_t = 0
    var gid: gid_t = 0
}
