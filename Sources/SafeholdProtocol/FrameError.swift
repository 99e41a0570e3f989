#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Failure to read or write one length-prefixed frame.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The length prefix announces more bytes than the reader accepts. Nothing of the body was read.
    case tooLarge(length: Int, maximum: Int)
    /// The deadline passed. `midFrame` is true when part of a frame had arrived.
    case timedOut(midFrame: Bool)
    /// The peer closed the connection after sending part of a frame.
    case truncated
    case system(SystemError)

    public var description: String {
        switch self {
        case let .tooLarge(length, maximum):
            "frame of \(length) bytes exceeds the maximum frame size of \(maximum) bytes"
        case .timedOut(midFrame: true):
            "timed out in the middle of a frame"
        case .timedOut(midFrame: false):
            "timed out waiting for a frame"
        case .truncated:
            "the connection closed in the middle of a frame"
        case let .system(error):
            error.description
        }
    }
}
