#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Suppressions that LeakSanitizer reads when the test process starts, so that
/// `swift test --sanitize=address` passes without a suppressions file. Each entry is a leak
/// outside Safehold's code:
///
/// - `readBytesFromFile`: `Data(contentsOf:)` of swift-foundation (Swift 6.3.1) never frees the
///   4 KiB buffer it allocates for an empty file. The store tests read an emptied WAL file with
///   it. Checked with a five-line program under `swiftc -sanitize=address`.
///
/// Sanitizer runtimes look the function up by its C name; in builds without sanitizers nothing
/// calls it.
@_cdecl("__lsan_default_suppressions")
public func leakSanitizerDefaultSuppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(leakSuppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// A static string literal is stored with a terminating NUL, as the sanitizer runtime expects.
private let leakSuppressions: StaticString = "leak:readBytesFromFile\n"

// ThreadSanitizer's suppressions are in Tests/thread-sanitizer-suppressions.txt, passed with
// TSAN_OPTIONS, because ThreadSanitizer calls `__tsan_default_suppressions` while it starts, and
// an instrumented Swift function crashes when called then.
