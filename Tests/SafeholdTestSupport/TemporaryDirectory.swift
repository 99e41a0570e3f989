#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A private directory under /tmp for one test, removed with everything in it on `remove()`.
/// Paths stay short because Unix socket paths are limited to 107 bytes.
///
/// `SAFEHOLD_TEST_TMPDIR` puts the directories under another base directory, and
/// `SAFEHOLD_TEST_KEEP=1` keeps them, so that `scripts/leak-scan` can search what the tests wrote.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "sh") throws {
        let base = ProcessInfo.processInfo.environment["SAFEHOLD_TEST_TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        path = String(decoding: UnsafeRawBufferPointer(start: made, count: strlen(made)), as: UTF8.self)
    }

    public func file(_ name: String) -> String {
        path + "/" + name
    }

    public func remove() {
        guard ProcessInfo.processInfo.environment["SAFEHOLD_TEST_KEEP"] != "1" else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit {
        remove()
    }
}

/// A failure of the test harness itself, as opposed to the product under test.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
