#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol

/// Failure of a call to the service, with a sentence for people and an exit code.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing listens on the socket path (`ENOENT`, `ECONNREFUSED`).
    case serviceNotRunning(socketPath: String)
    /// The socket's permissions keep this user out (`EACCES` on connect).
    case permissionDenied(socketPath: String)
    /// The service did not accept the connection or reply before the call's timeout.
    case timedOut(socketPath: String, timeout: Duration)
    case invalidSocketPath(UnixSocketPathError)
    /// Connecting failed for another reason.
    case connectionFailed(socketPath: String, SystemError)
    /// The service's reply does not follow the protocol, or the connection broke mid-call.
    case protocolError(String)
    /// The service replied with an error.
    case service(WireError)

    /// Exit status for the command-line tool: 69 when the service cannot be reached, 77 when the
    /// socket denies access, 64 for an unusable socket path, 1 for protocol errors, and the error
    /// code's own status for error replies.
    public var exitCode: Int32 {
        switch self {
        case .serviceNotRunning, .timedOut, .connectionFailed:
            69
        case .permissionDenied:
            77
        case .invalidSocketPath:
            64
        case .protocolError:
            1
        case let .service(error):
            error.code.exitCode
        }
    }

    public var description: String {
        switch self {
        case let .serviceNotRunning(socketPath):
            "the safehold service is not running on \(socketPath); start it with `safehold serve`, "
                + "or set SAFEHOLD_SOCKET to the socket it listens on"
        case let .permissionDenied(socketPath):
            "permission denied connecting to the safehold service on \(socketPath); the socket admits "
                + "its owner and group, so ask an administrator to add you to its group"
        case let .timedOut(socketPath, timeout):
            "the safehold service on \(socketPath) did not reply within \(timeout.secondsDescription); "
                + "check that it is running and see its log"
        case let .invalidSocketPath(error):
            error.description
        case let .connectionFailed(socketPath, error):
            "failed to connect to the safehold service on \(socketPath): \(error.reason)"
        case let .protocolError(message):
            "protocol error: \(message)"
        case let .service(error):
            error.description
        }
    }
}

extension Duration {
    /// Text such as `30 s` or `0.25 s`.
    var secondsDescription: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else {
            return "\(seconds) s"
        }
        var fraction = String(milliseconds)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") {
            fraction.removeLast()
        }
        return "\(seconds).\(fraction) s"
    }
}
