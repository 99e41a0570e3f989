#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Times and durations as people read them, in the local time zone and in English:
/// - a date and time: `Mar 20, 2021 9:56 AM` (12-hour clock)
/// - a window: `Mar 20, 2021 9:56 AM · 2 hours`
/// - a duration: `45 seconds`, `90 minutes`, `2 hours`, `1 day 12 hours`
/// - remaining time: `starts in 10 min`, `ends in 1 h 55 min`, `ended` (never negative)
/// - an age: `just now`, `5 minutes ago`, `3 days ago`
/// Month names and the clock are written by hand because FoundationEssentials has no date
/// formatter for local time.
public enum TimeFormatting {
    private static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Returns `Mar 20, 2021` for the local day of `date`.
    public static func day(_ date: Date, timeZone: LocalTimeZone) -> String {
        let local = LocalDateTime(date, in: timeZone)
        return "\(monthAbbreviations[local.month - 1]) \(local.day), \(local.year)"
    }

    /// Returns `9:56 AM` for the local clock time of `date`, seconds dropped.
    public static func clockTime(_ date: Date, timeZone: LocalTimeZone) -> String {
        let local = LocalDateTime(date, in: timeZone)
        let hour = local.hour % 12 == 0 ? 12 : local.hour % 12
        let minute = local.minute < 10 ? "0\(local.minute)" : "\(local.minute)"
        return "\(hour):\(minute) " + (local.hour < 12 ? "AM" : "PM")
    }

    /// Returns `Mar 20, 2021 9:56 AM`.
    public static func dateTime(_ date: Date, timeZone: LocalTimeZone) -> String {
        day(date, timeZone: timeZone) + " " + clockTime(date, timeZone: timeZone)
    }

    /// Returns `Mar 20, 2021 9:56 AM · 2 hours` for a window of `durationSeconds` from `start`.
    public static func window(start: Date, durationSeconds: Int, timeZone: LocalTimeZone) -> String {
        dateTime(start, timeZone: timeZone) + " \u{00B7} " + duration(seconds: durationSeconds)
    }

    /// Returns a duration in words: seconds below 2 minutes, minutes below 2 hours (`90 minutes`),
    /// otherwise days, hours, minutes and seconds that are not zero (`1 day 12 hours`).
    /// Negative durations read as zero.
    public static func duration(seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 120, seconds % 60 != 0 {
            return count(seconds, "second")
        }
        if seconds < 7_200, seconds % 3_600 != 0 {
            return joined([(seconds / 60, "minute"), (seconds % 60, "second")])
        }
        return joined([
            (seconds / 86_400, "day"), (seconds % 86_400 / 3_600, "hour"),
            (seconds % 3_600 / 60, "minute"), (seconds % 60, "second"),
        ])
    }

    /// Returns `starts in 10 min` before `start`, `ends in 1 h 55 min` before `end`, and
    /// `ended` from `end` on, so the time shown is never negative.
    public static func remaining(start: Date, end: Date, now: Date) -> String {
        if now < start {
            return "starts in " + compactDuration(seconds: start.timeIntervalSince(now))
        }
        return remaining(until: end, now: now)
    }

    /// Returns `ends in 1 h 55 min` before `end` and `ended` from `end` on.
    public static func remaining(until end: Date, now: Date) -> String {
        if now < end {
            return "ends in " + compactDuration(seconds: end.timeIntervalSince(now))
        }
        return "ended"
    }

    /// Returns a short duration such as `1 d 2 h`, `1 h 55 min` or `10 min`, rounded up to whole
    /// minutes so that a time still to come never reads `0 min`.
    public static func compactDuration(seconds: Double) -> String {
        let minutes = max(1, Int((seconds / 60).rounded(.up)))
        let parts = [(minutes / 1_440, "d"), (minutes % 1_440 / 60, "h"), (minutes % 60, "min")]
        return parts.filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: " ")
    }

    /// Returns how long ago `date` was: `just now` under a minute (or for a date after `now`,
    /// such as from a clock that runs ahead), then minutes, hours, days, and the day itself from
    /// 30 days on.
    public static func age(of date: Date, now: Date, timeZone: LocalTimeZone) -> String {
        let seconds = Int(now.timeIntervalSince(date).rounded(.down))
        switch seconds {
        case ..<60:
            return "just now"
        case ..<3_600:
            return count(seconds / 60, "minute") + " ago"
        case ..<86_400:
            return count(seconds / 3_600, "hour") + " ago"
        case ..<(30 * 86_400):
            return count(seconds / 86_400, "day") + " ago"
        default:
            return day(date, timeZone: timeZone)
        }
    }

    private static func count(_ value: Int, _ unit: String) -> String {
        value == 1 ? "1 \(unit)" : "\(value) \(unit)s"
    }

    /// Joins the parts that are not zero, such as `1 day 12 hours`, or returns `0 seconds` when
    /// all are zero.
    private static func joined(_ parts: [(Int, String)]) -> String {
        let words = parts.filter { $0.0 > 0 }.map { count($0.0, $0.1) }
        return words.isEmpty ? "0 seconds" : words.joined(separator: " ")
    }
}
