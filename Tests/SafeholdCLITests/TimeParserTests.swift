#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

// now is 2026-12-04 10:30:00 UTC.
private let now = instant(1_796_380_200)
private let plusTwoHours = LocalTimeZone.fixed(secondsFromUTC: 7_200)
private let minusFiveHours = LocalTimeZone.fixed(secondsFromUTC: -18_000)

@Test(arguments: [
    ("2026-12-04T14:00", 1_796_392_800.0),
    ("2026-12-04t14:00", 1_796_392_800),
    ("2026-12-04 14:00", 1_796_392_800),
    ("2026-12-04T14:00:30", 1_796_392_830),
    ("2026-12-04T14:00:00.5Z", 1_796_392_800.5),
    ("2026-12-04T14:00Z", 1_796_392_800),
    ("2026-12-04T14:00+01:00", 1_796_389_200),
    ("2026-12-04T14:00-0500", 1_796_410_800),
    ("2026-12-04T14:00+00", 1_796_392_800),
    ("2026-12-04", 1_796_342_400),
    ("14:00", 1_796_392_800),
    ("9:15", 1_796_375_700),
    ("today 14:00", 1_796_392_800),
    ("tomorrow 09:15", 1_796_462_100),
    ("Tomorrow 9:15", 1_796_462_100),
    ("now", 1_796_380_200),
    ("NOW", 1_796_380_200),
])
func timeInUTC(text: String, seconds: Double) throws {
    #expect(try TimeParser.parse(text, now: now, timeZone: .utc) == instant(seconds))
}

@Test func timeWithoutOffsetIsLocal() throws {
    // 14:00 at UTC+2 is 12:00 UTC.
    #expect(try TimeParser.parse("2026-12-04T14:00", now: now, timeZone: plusTwoHours) == instant(1_796_385_600))
    #expect(try TimeParser.parse("14:00", now: now, timeZone: plusTwoHours) == instant(1_796_385_600))
}

@Test func timeWithOffsetIgnoresLocalZone() throws {
    #expect(try TimeParser.parse("2026-12-04T14:00Z", now: now, timeZone: plusTwoHours) == instant(1_796_392_800))
    #expect(try TimeParser.parse("2026-12-04T14:00+01:00", now: now, timeZone: minusFiveHours) == instant(1_796_389_200))
}

@Test func timeTodayIsLocalDay() throws {
    // At 2026-12-05 02:00 UTC it is still December 4 at UTC-5, so "23:00" is December 4, 23:00
    // local, which is 2026-12-05 04:00 UTC.
    let lateEvening = instant(1_796_436_000)
    #expect(try TimeParser.parse("23:00", now: lateEvening, timeZone: minusFiveHours) == instant(1_796_443_200))
}

@Test func timeTomorrowIsNextLocalDay() throws {
    // At 10:30 UTC it is 12:30 on December 4 at UTC+2; tomorrow 01:00 local is December 4,
    // 23:00 UTC.
    #expect(try TimeParser.parse("tomorrow 01:00", now: now, timeZone: plusTwoHours) == instant(1_796_425_200))
}

@Test func timeTomorrowAcrossYearEnd() throws {
    let newYearsEve = instant(1_798_718_400) // 2026-12-31 12:00 UTC
    #expect(try TimeParser.parse("tomorrow 08:00", now: newYearsEve, timeZone: .utc) == instant(1_798_790_400))
}

@Test func timeLeapDay() throws {
    #expect(try TimeParser.parse("2028-02-29T12:00Z", now: now, timeZone: .utc) == instant(1_835_438_400))
}

@Test(arguments: [
    ("25:00", "hour 25 is out of range 0-23"),
    ("12:60", "minute 60 is out of range 0-59"),
    ("tomorrow 24:00", "hour 24 is out of range 0-23"),
    ("tomorrow noon", "\"noon\" is not a time of day such as 14:00"),
    ("2026-13-01", "month 13 is out of range 1-12"),
    ("2026-00-01", "month 0 is out of range 1-12"),
    ("2026-02-29", "day 29 is out of range 1-28 for 2026-02"),
    ("2026-11-31T10:00", "day 31 is out of range 1-30 for 2026-11"),
    ("2026-12-04T24:00", "hour 24 is out of range 0-23"),
    ("2026-12-04T14:00:60", "second 60 is out of range 0-59"),
    ("2026-12-04T14:00+19:00", "offset hour 19 is out of range 0-18"),
    ("2026-12-04T14:00+01:75", "offset minute 75 is out of range 0-59"),
])
func timeInvalidWithProblem(text: String, problem: String) {
    #expect(throws: TimeParser.Failure(problem: problem)) {
        try TimeParser.parse(text, now: now, timeZone: .utc)
    }
}

@Test(arguments: [
    "", "tomorrow", "yesterday", "14", "14:5", "14h", "2026-12-4", "2026-12-04T14", "2026-12-04T14:00:",
    "2026-12-04T14:00:00.", "2026-12-04T14:00+1", "2026-12-04T14:00Z+01:00", "2026-12-04x", "04.12.2026",
])
func timeInvalidWithoutProblem(text: String) {
    #expect(throws: TimeParser.Failure(problem: nil)) {
        try TimeParser.parse(text, now: now, timeZone: .utc)
    }
}

@Test func timeAccessorUsesInjectedNowAndZone() throws {
    let command = try #require(parsedCommand(["request", "github/ci", "--at", "14:00"]))
    #expect(try command.time("at", now: now, timeZone: plusTwoHours) == instant(1_796_385_600))
    #expect(try command.time("at", now: now, timeZone: .utc) == instant(1_796_392_800))
}
