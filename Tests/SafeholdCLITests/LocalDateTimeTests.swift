#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test(arguments: [
    (1_616_234_160.0, LocalDateTime(year: 2021, month: 3, day: 20, hour: 9, minute: 56)),
    (1_709_208_000, LocalDateTime(year: 2024, month: 2, day: 29, hour: 12)),
    (951_868_800, LocalDateTime(year: 2000, month: 3, day: 1)),
    (0, LocalDateTime(year: 1970, month: 1, day: 1)),
    (-1, LocalDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59)),
    (1_796_392_800.25, LocalDateTime(year: 2026, month: 12, day: 4, hour: 14, second: 0.25)),
] as [(Double, LocalDateTime)])
func localDateTimeRoundTripInUTC(seconds: Double, local: LocalDateTime) {
    #expect(LocalDateTime(instant(seconds), in: .utc) == local)
    #expect(local.date(in: .utc) == instant(seconds))
}

@Test func localDateTimeInFixedOffset() {
    let zone = LocalTimeZone.fixed(secondsFromUTC: -18_000)
    let local = LocalDateTime(instant(1_796_436_000), in: zone) // 2026-12-05 02:00 UTC
    #expect(local == LocalDateTime(year: 2026, month: 12, day: 4, hour: 21))
    #expect(local.date(in: zone) == instant(1_796_436_000))
}

@Test func localDateTimeAddingDaysAcrossYearAndLeapDay() {
    let newYearsEve = LocalDateTime(year: 2026, month: 12, day: 31, hour: 8)
    #expect(newYearsEve.addingDays(1) == LocalDateTime(year: 2027, month: 1, day: 1, hour: 8))
    let leapDay = LocalDateTime(year: 2028, month: 2, day: 28)
    #expect(leapDay.addingDays(1) == LocalDateTime(year: 2028, month: 2, day: 29))
    #expect(leapDay.addingDays(2) == LocalDateTime(year: 2028, month: 3, day: 1))
    #expect(leapDay.addingDays(-59) == LocalDateTime(year: 2027, month: 12, day: 31))
}

@Test func localDateTimeDaysInMonth() {
    #expect(LocalDateTime.daysInMonth(year: 2026, month: 2) == 28)
    #expect(LocalDateTime.daysInMonth(year: 2028, month: 2) == 29)
    #expect(LocalDateTime.daysInMonth(year: 2000, month: 2) == 29)
    #expect(LocalDateTime.daysInMonth(year: 2100, month: 2) == 28)
    #expect(LocalDateTime.daysInMonth(year: 2026, month: 11) == 30)
    #expect(LocalDateTime.daysInMonth(year: 2026, month: 12) == 31)
}

@Test func localDateTimeEveryDayOfFourCenturies() {
    // Day numbers and civil dates must agree for every day from 1900 to 2299.
    var expected = LocalDateTime.daysSince1970(year: 1900, month: 1, day: 1)
    for year in 1900..<2300 {
        for month in 1...12 {
            for day in 1...LocalDateTime.daysInMonth(year: year, month: month) {
                let days = LocalDateTime.daysSince1970(year: year, month: month, day: day)
                if days != expected {
                    Issue.record("\(year)-\(month)-\(day) is day \(days), expected \(expected)")
                    return
                }
                let civil = LocalDateTime.civilDate(daysSince1970: days)
                if civil != (year, month, day) {
                    Issue.record("day \(days) reads \(civil), expected \(year)-\(month)-\(day)")
                    return
                }
                expected += 1
            }
        }
    }
    #expect(LocalDateTime.daysSince1970(year: 1970, month: 1, day: 1) == 0)
}
