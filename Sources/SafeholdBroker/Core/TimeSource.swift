#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// The broker's clock. Every time-dependent decision reads it, so tests move time forward instead
/// of sleeping. Times are whole milliseconds, the precision the store keeps.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// Wall-clock time, truncated to milliseconds.
public struct SystemTimeSource: TimeSource {
    public init() {}

    public func now() -> Date {
        Date.truncatedToMilliseconds(Date())
    }
}

/// A clock that moves only when a test sets or advances it.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(Date.truncatedToMilliseconds(start))
    }

    public func now() -> Date {
        current.withLock { $0 }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = Date.truncatedToMilliseconds(date) }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = Date.truncatedToMilliseconds($0.addingTimeInterval(seconds)) }
    }
}

extension Date {
    /// Drops sub-millisecond precision, so that a time survives a round trip through the store.
    public static func truncatedToMilliseconds(_ date: Date) -> Date {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }
}
