#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads points in time as people type them:
/// - ISO 8601: `2026-12-04`, `2026-12-04T14:00`, with optional seconds (and fraction), and an
///   optional `Z` or offset such as `+01:00`. Without one the time is local. A space may stand
///   for the `T`.
/// - `HH:MM` today and `tomorrow HH:MM`, in local time, on a 24-hour clock.
/// - `now`.
public enum TimeParser {
    /// Accepted forms, as shown in error messages.
    public static let expectedForms =
        "a time such as 2026-12-04T14:00 (ISO 8601, local time unless it ends in Z or an offset such as +01:00), 14:00 (today), 'tomorrow 14:00' or now"

    /// A time that could not be read. `problem` describes what is wrong when the text has a
    /// known form with a field out of range, and is nil when the text has no known form.
    public struct Failure: Error, Hashable, Sendable {
        public let problem: String?

        public init(problem: String?) {
            self.problem = problem
        }
    }

    /// Returns the instant that `text` names, reading local times in `timeZone` and taking
    /// "today" from `now`.
    public static func parse(_ text: String, now: Date, timeZone: LocalTimeZone) throws(Failure) -> Date {
        let lowered = text.lowercased()
        if lowered == "now" {
            return now
        }

        var dayOffset = 0
        var clockText = Substring(text)
        if lowered.hasPrefix("tomorrow ") {
            dayOffset = 1
            clockText = text.dropFirst("tomorrow ".count)
        } else if lowered.hasPrefix("today ") {
            clockText = text.dropFirst("today ".count)
        }

        if let (hour, minute) = try clockTime(clockText) {
            var local = LocalDateTime(now, in: timeZone).addingDays(dayOffset)
            local.hour = hour
            local.minute = minute
            local.second = 0
            return local.date(in: timeZone)
        }
        if dayOffset != 0 || clockText.count != text.count {
            throw Failure(problem: "\"\(clockText)\" is not a time of day such as 14:00")
        }
        return try isoDate(text, timeZone: timeZone)
    }

    /// Returns the hour and minute of `H:MM` or `HH:MM`, nil when the text has another shape.
    private static func clockTime(_ text: Substring) throws(Failure) -> (Int, Int)? {
        var scanner = DigitScanner(text)
        guard let hour = scanner.number(minDigits: 1, maxDigits: 2), scanner.consume(":"),
              let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.isAtEnd
        else {
            return nil
        }

        try checkRange("hour", hour, 0...23)
        try checkRange("minute", minute, 0...59)
        return (hour, minute)
    }

    private static func isoDate(_ text: String, timeZone: LocalTimeZone) throws(Failure) -> Date {
        var scanner = DigitScanner(Substring(text))
        guard let year = scanner.number(minDigits: 4, maxDigits: 4), scanner.consume("-"),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.consume("-"),
              let day = scanner.number(minDigits: 2, maxDigits: 2)
        else {
            throw Failure(problem: nil)
        }
        try checkRange("month", month, 1...12)
        let daysInMonth = LocalDateTime.daysInMonth(year: year, month: month)
        if day < 1 || day > daysInMonth {
            throw Failure(problem: "day \(day) is out of range 1-\(daysInMonth) for \(text.prefix(7))")
        }

        var local = LocalDateTime(year: year, month: month, day: day)
        if scanner.isAtEnd {
            return local.date(in: timeZone)
        }
        guard scanner.consume("T") || scanner.consume("t") || scanner.consume(" ") else {
            throw Failure(problem: nil)
        }
        try readTimeOfDay(&scanner, into: &local)

        if scanner.isAtEnd {
            return local.date(in: timeZone)
        }
        let offset = try utcOffset(&scanner)
        return local.date(in: .fixed(secondsFromUTC: offset))
    }

    private static func readTimeOfDay(_ scanner: inout DigitScanner, into local: inout LocalDateTime) throws(Failure) {
        guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.consume(":"),
              let minute = scanner.number(minDigits: 2, maxDigits: 2)
        else {
            throw Failure(problem: nil)
        }
        try checkRange("hour", hour, 0...23)
        try checkRange("minute", minute, 0...59)
        local.hour = hour
        local.minute = minute

        guard scanner.consume(":") else {
            return
        }
        guard let second = scanner.number(minDigits: 2, maxDigits: 2) else {
            throw Failure(problem: nil)
        }
        try checkRange("second", second, 0...59)
        local.second = Double(second)

        if scanner.consume(".") || scanner.consume(",") {
            guard let fraction = scanner.fraction() else {
                throw Failure(problem: nil)
            }
            local.second += fraction
        }
    }

    /// Reads `Z`, `+HH`, `+HHMM` or `+HH:MM` (or with `-`) up to the end of the text.
    private static func utcOffset(_ scanner: inout DigitScanner) throws(Failure) -> Int {
        if scanner.consume("Z") || scanner.consume("z") {
            guard scanner.isAtEnd else {
                throw Failure(problem: nil)
            }
            return 0
        }

        let sign: Int
        if scanner.consume("+") {
            sign = 1
        } else if scanner.consume("-") {
            sign = -1
        } else {
            throw Failure(problem: nil)
        }
        guard let hours = scanner.digits(2) else {
            throw Failure(problem: nil)
        }
        var minutes = 0
        if !scanner.isAtEnd {
            _ = scanner.consume(":")
            guard let value = scanner.digits(2), scanner.isAtEnd else {
                throw Failure(problem: nil)
            }
            minutes = value
        }

        try checkRange("offset hour", hours, 0...18)
        try checkRange("offset minute", minutes, 0...59)
        return sign * (hours * 3_600 + minutes * 60)
    }

    private static func checkRange(_ field: String, _ value: Int, _ range: ClosedRange<Int>) throws(Failure) {
        if !range.contains(value) {
            throw Failure(problem: "\(field) \(value) is out of range \(range.lowerBound)-\(range.upperBound)")
        }
    }
}

/// Reads ASCII digits and single characters from the front of a string.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: Substring) {
        bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    /// Consumes `character` when it comes next.
    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else {
            return false
        }
        index += 1
        return true
    }

    /// Consumes a run of `minDigits` to `maxDigits` digits. Returns nil, consuming nothing, when
    /// the run is shorter or longer.
    mutating func number(minDigits: Int, maxDigits: Int) -> Int? {
        let digits = digitRun()
        guard digits.count >= minDigits, digits.count <= maxDigits else {
            return nil
        }
        index += digits.count
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// Consumes exactly `count` digits, whatever follows them, as in the `0500` of `-0500`.
    mutating func digits(_ count: Int) -> Int? {
        let run = digitRun()
        guard run.count >= count else {
            return nil
        }
        index += count
        return run.prefix(count).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// Consumes the digits after a decimal mark as a fraction of one.
    mutating func fraction() -> Double? {
        let digits = digitRun()
        guard !digits.isEmpty else {
            return nil
        }
        index += digits.count
        var value = 0.0
        var scale = 0.1
        for digit in digits {
            value += Double(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value
    }

    private func digitRun() -> ArraySlice<UInt8> {
        var end = index
        while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") {
            end += 1
        }
        return bytes[index..<end]
    }
}
