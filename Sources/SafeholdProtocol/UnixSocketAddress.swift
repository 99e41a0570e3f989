#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Filesystem path of a Unix-domain socket, checked to fit `sockaddr_un.sun_path`.
public struct UnixSocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// Longest path in bytes. On Linux `sun_path` is 108 bytes, including the terminating NUL.
    public static let maxPathLength = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    public let path: String

    public init(path: String) throws(UnixSocketPathError) {
        guard !path.isEmpty else {
            throw .empty
        }
        guard !path.utf8.contains(0) else {
            throw .containsNul(path: path)
        }
        guard path.utf8.count <= Self.maxPathLength else {
            throw .tooLong(path: path, length: path.utf8.count, maximum: Self.maxPathLength)
        }
        self.path = path
    }

    public var description: String { path }

    /// Calls `body` with this path as a `sockaddr_un`, for `bind` and `connect`.
    public func withSocketAddress<Result>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Result
    ) rethrows -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: path.utf8)
        }

        return try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                try body(socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}

/// A path that cannot name a Unix-domain socket.
public enum UnixSocketPathError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case containsNul(path: String)
    case tooLong(path: String, length: Int, maximum: Int)

    public var description: String {
        switch self {
        case .empty:
            "the socket path is empty"
        case let .containsNul(path):
            "the socket path \(path.debugDescription) contains a NUL byte"
        case let .tooLong(path, length, maximum):
            "the socket path \(path) is \(length) bytes long, but Unix-domain socket paths are limited to "
                + "\(maximum) bytes; choose a shorter path with --socket or SAFEHOLD_SOCKET"
        }
    }
}
