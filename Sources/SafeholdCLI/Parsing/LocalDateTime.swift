#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A date and time as read on a clock in some zone, on the proleptic Gregorian calendar.
/// Written by hand because FoundationEssentials' `Calendar` does not know the system's zone.
public struct LocalDateTime: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    /// Seconds, with a fraction when the source had one.
    public var second: Double

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Creates the clock reading of `date` in `timeZone`.
    public init(_ date: Date, in timeZone: LocalTimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromUTC(at: date))
        let wholeSeconds = Int(local.rounded(.down))
        let days = Self.floorDivision(wholeSeconds, 86_400)
        let secondOfDay = wholeSeconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSince1970: days)

        self.init(
            year: year, month: month, day: day,
            hour: secondOfDay / 3_600, minute: secondOfDay % 3_600 / 60,
            second: Double(secondOfDay % 60) + (local - local.rounded(.down))
        )
    }

    /// Returns the instant at which clocks in `timeZone` show this reading.
    public func date(in timeZone: LocalTimeZone) -> Date {
        let days = Self.daysSince1970(year: year, month: month, day: day)
        let localSeconds = Double(days * 86_400 + hour * 3_600 + minute * 60) + second
        return timeZone.date(fromLocalSeconds: localSeconds)
    }

    /// Returns the same clock time `days` calendar days later (earlier when negative).
    public func addingDays(_ days: Int) -> LocalDateTime {
        let (year, month, day) = Self.civilDate(daysSince1970: Self.daysSince1970(year: year, month: month, day: day) + days)
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // The two conversions below count in 400-year eras of 146,097 days, with years starting on
    // March 1 so that the leap day falls at the end of a year (the civil-date method published by
    // Howard Hinnant). 719,468 is the day number of 1970-01-01 counted from 0000-03-01.

    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivision(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
