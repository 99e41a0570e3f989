#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: its name and `errno`.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Name of the call, such as `bind` or `connect`.
    public var call: String
    public var errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// Captures the calling thread's current `errno`; call it right after the failing call.
    public static func current(_ call: String) -> SystemError {
        SystemError(call, errno: Glibc.errno)
    }

    /// Text such as `No such file or directory (errno 2)`.
    public var reason: String {
        guard let text = strerror(errno) else {
            return "errno \(errno)"
        }
        return "\(String(cString: text)) (errno \(errno))"
    }

    public var description: String { "\(call) failed: \(reason)" }
}
