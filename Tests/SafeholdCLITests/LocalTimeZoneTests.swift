#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func localTimeZoneFixedOffset() {
    let zone = LocalTimeZone.fixed(secondsFromUTC: 19_800)
    #expect(zone.secondsFromUTC(at: instant(0)) == 19_800)
    #expect(zone.secondsFromUTC(at: instant(1_796_380_200)) == 19_800)
    #expect(LocalTimeZone.utc.secondsFromUTC(at: instant(1_796_380_200)) == 0)
}

@Test func localTimeZoneLocalSecondsToInstant() {
    let zone = LocalTimeZone.fixed(secondsFromUTC: 3_600)
    // 14:00 local at UTC+1 is 13:00 UTC.
    #expect(zone.date(fromLocalSeconds: 1_796_392_800) == instant(1_796_389_200))
}

@Test func localTimeZoneSystemRoundTrip() {
    // Whatever the machine's zone, reading an instant locally and back must give the instant.
    let moment = instant(1_796_380_200)
    let local = LocalDateTime(moment, in: .system)
    #expect(local.date(in: .system) == moment)
}
