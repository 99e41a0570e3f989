#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// libFuzzer target: `TimeParser.parse`, which reads `--at`, `--since` and `--until`, in UTC and
/// in a zone with an odd offset, so both the fixed-offset and the local-time paths run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTime(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    for zone in [LocalTimeZone.utc, LocalTimeZone.fixed(secondsFromUTC: -(9 * 3600 + 30 * 60))] {
        do {
            let date = try TimeParser.parse(text, now: now, timeZone: zone)
            if !date.timeIntervalSince1970.isFinite { fatalError("TimeParser returned a date that is not finite") }
        } catch {
            _ = error.problem
        }
    }
    return 0
}
