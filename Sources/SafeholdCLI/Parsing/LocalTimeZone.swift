#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time zone in which people type and read times. Injected wherever times are parsed or
/// formatted, so that tests can fix it.
///
/// `.system` gets its offsets from the C library (`localtime_r`, which reads `TZ` or
/// /etc/localtime) because FoundationEssentials alone supports only fixed offsets. Without
/// FoundationInternationalization, its `TimeZone.current` is GMT and named zones are nil.
public struct LocalTimeZone: Hashable, Sendable {
    private enum Source: Hashable, Sendable {
        case fixed(seconds: Int)
        case system
    }

    private let source: Source

    /// A zone that is always `secondsFromUTC` ahead of UTC (negative: behind).
    public static func fixed(secondsFromUTC: Int) -> LocalTimeZone {
        LocalTimeZone(source: .fixed(seconds: secondsFromUTC))
    }

    public static let utc = LocalTimeZone.fixed(secondsFromUTC: 0)

    /// The zone of this process, daylight saving time included.
    public static let system = LocalTimeZone(source: .system)

    /// Returns how many seconds the zone is ahead of UTC at `date`.
    public func secondsFromUTC(at date: Date) -> Int {
        switch source {
        case .fixed(let seconds):
            return seconds
        case .system:
            var time = time_t(date.timeIntervalSince1970.rounded(.down))
            var fields = tm()
            guard localtime_r(&time, &fields) != nil else {
                return 0
            }
            return Int(fields.tm_gmtoff)
        }
    }

    /// Returns the instant at which clocks in this zone show `localSeconds` (seconds since
    /// 1970-01-01 00:00 as read on a local clock).
    ///
    /// NOTE: a local time that does not exist (skipped when daylight saving time starts) maps to
    /// an instant about one hour off, and a repeated one maps to one of its two instants.
    public func date(fromLocalSeconds localSeconds: Double) -> Date {
        let firstGuess = Date(timeIntervalSince1970: localSeconds)
        let firstOffset = secondsFromUTC(at: firstGuess)
        let secondGuess = Date(timeIntervalSince1970: localSeconds - Double(firstOffset))
        let secondOffset = secondsFromUTC(at: secondGuess)
        return Date(timeIntervalSince1970: localSeconds - Double(secondOffset))
    }
}
