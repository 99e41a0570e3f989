#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// libFuzzer target: `DurationParser.parse`, which reads `--for` and `--max-age`. A duration it
/// accepts must be positive, and its error sentence must be printable for any rejected text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDuration(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let seconds = try DurationParser.parse(text)
        if seconds <= 0 { fatalError("DurationParser accepted a duration of \(seconds) seconds") }
    } catch {
        _ = error.problem
    }
    return 0
}
