#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// Failure to start the socket server.
public enum SocketServerError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidPath(UnixSocketPathError)
    /// A server accepted a connection on the path.
    case alreadyRunning(path: String)
    /// The path exists and is not a socket, so it is not replaced.
    case notASocket(path: String)
    /// `start()` was called on a server that is running.
    case alreadyStarted(path: String)
    /// A system call on the socket or its path failed.
    case system(SystemError, path: String)

    public var description: String {
        switch self {
        case let .invalidPath(error):
            error.description
        case let .alreadyRunning(path):
            "another safehold service is running on \(path); stop it first or choose another socket with --socket"
        case let .notASocket(path):
            "\(path) exists and is not a socket, so the service will not replace it; remove it or choose "
                + "another socket with --socket"
        case let .alreadyStarted(path):
            "the socket server on \(path) is already running"
        case let .system(error, path):
            Self.describe(error, path: path)
        }
    }

    private static func describe(_ error: SystemError, path: String) -> String {
        let action =
            switch error.call {
            case "socket": "create a socket for"
            case "bind": "bind the service socket"
            case "listen": "listen on"
            case "chmod": "set the mode of"
            case "lstat": "inspect"
            case "unlink": "remove the stale socket"
            case "connect": "check for a service running on"
            default: "\(error.call)"
            }
        var message = "failed to \(action) \(path): \(error.reason)"
        if error.call == "bind" && error.errno == ENOENT {
            message += "; create its directory first (safehold init creates the vault directory)"
        }
        return message
    }
}
