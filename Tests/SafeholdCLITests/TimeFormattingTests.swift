#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

// 2021-03-20 09:56 UTC, the example of the reference product's Approvals page.
private let start = instant(1_616_234_160)
private let now = instant(1_796_380_200)

@Test func timeFormattingDateTime() {
    #expect(TimeFormatting.dateTime(start, timeZone: .utc) == "Mar 20, 2021 9:56 AM")
    #expect(TimeFormatting.dateTime(start, timeZone: .fixed(secondsFromUTC: 19_800)) == "Mar 20, 2021 3:26 PM")
    #expect(TimeFormatting.dateTime(start, timeZone: .fixed(secondsFromUTC: -36_000)) == "Mar 19, 2021 11:56 PM")
}

@Test func timeFormattingMidnightAndNoon() {
    #expect(TimeFormatting.clockTime(instant(1_796_342_400), timeZone: .utc) == "12:00 AM")
    #expect(TimeFormatting.clockTime(instant(1_796_385_600), timeZone: .utc) == "12:00 PM")
    #expect(TimeFormatting.clockTime(instant(1_796_385_600 + 65), timeZone: .utc) == "12:01 PM")
}

@Test func timeFormattingEveryMonthName() {
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for (index, name) in names.enumerated() {
        let date = LocalDateTime(year: 2026, month: index + 1, day: 15).date(in: .utc)
        #expect(TimeFormatting.day(date, timeZone: .utc) == "\(name) 15, 2026")
    }
}

@Test func timeFormattingWindow() {
    #expect(TimeFormatting.window(start: start, durationSeconds: 7_200, timeZone: .utc) == "Mar 20, 2021 9:56 AM \u{00B7} 2 hours")
    #expect(TimeFormatting.window(start: start, durationSeconds: 5_400, timeZone: .utc) == "Mar 20, 2021 9:56 AM · 90 minutes")
}

@Test(arguments: [
    (45, "45 seconds"), (1, "1 second"), (60, "1 minute"), (90, "90 seconds"), (5_400, "90 minutes"),
    (3_600, "1 hour"), (3_661, "61 minutes 1 second"), (7_200, "2 hours"), (9_000, "2 hours 30 minutes"),
    (86_400, "1 day"), (129_600, "1 day 12 hours"), (2_678_400, "31 days"), (0, "0 seconds"), (-5, "0 seconds"),
])
func timeFormattingDuration(seconds: Int, text: String) {
    #expect(TimeFormatting.duration(seconds: seconds) == text)
}

@Test func timeFormattingRemainingBeforeStart() {
    let windowStart = now.addingTimeInterval(600)
    #expect(TimeFormatting.remaining(start: windowStart, end: windowStart.addingTimeInterval(7_200), now: now) == "starts in 10 min")
}

@Test func timeFormattingRemainingInsideWindow() {
    let windowStart = now.addingTimeInterval(-300)
    #expect(TimeFormatting.remaining(start: windowStart, end: now.addingTimeInterval(6_900), now: now) == "ends in 1 h 55 min")
    #expect(TimeFormatting.remaining(start: windowStart, end: now.addingTimeInterval(6_870), now: now) == "ends in 1 h 55 min")
    #expect(TimeFormatting.remaining(start: windowStart, end: now.addingTimeInterval(93_600), now: now) == "ends in 1 d 2 h")
    #expect(TimeFormatting.remaining(start: windowStart, end: now.addingTimeInterval(3_600), now: now) == "ends in 1 h")
}

@Test func timeFormattingRemainingSecondsRoundUp() {
    #expect(TimeFormatting.remaining(until: now.addingTimeInterval(20), now: now) == "ends in 1 min")
    #expect(TimeFormatting.remaining(until: now.addingTimeInterval(0.5), now: now) == "ends in 1 min")
}

@Test func timeFormattingRemainingNeverNegative() {
    #expect(TimeFormatting.remaining(until: now, now: now) == "ended")
    #expect(TimeFormatting.remaining(until: now.addingTimeInterval(-3_600), now: now) == "ended")
    let longAgo = now.addingTimeInterval(-86_400)
    #expect(TimeFormatting.remaining(start: longAgo, end: now.addingTimeInterval(-1), now: now) == "ended")
    #expect(TimeFormatting.compactDuration(seconds: -120) == "1 min")
}

@Test func timeFormattingAge() {
    #expect(TimeFormatting.age(of: now.addingTimeInterval(-30), now: now, timeZone: .utc) == "just now")
    #expect(TimeFormatting.age(of: now.addingTimeInterval(90), now: now, timeZone: .utc) == "just now")
    #expect(TimeFormatting.age(of: now.addingTimeInterval(-60), now: now, timeZone: .utc) == "1 minute ago")
    #expect(TimeFormatting.age(of: now.addingTimeInterval(-300), now: now, timeZone: .utc) == "5 minutes ago")
    #expect(TimeFormatting.age(of: now.addingTimeInterval(-3_600), now: now, timeZone: .utc) == "1 hour ago")
    #expect(TimeFormatting.age(of: now.addingTimeInterval(-3 * 86_400), now: now, timeZone: .utc) == "3 days ago")
    #expect(TimeFormatting.age(of: now.addingTimeInterval(-40 * 86_400), now: now, timeZone: .utc) == "Oct 25, 2026")
}
