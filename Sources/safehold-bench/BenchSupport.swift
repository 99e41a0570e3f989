#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Small helpers shared by the benchmarks: timing, progress lines and temporary directories.
enum BenchSupport {
    /// Returns the seconds that `body` took.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        return (ContinuousClock.now - start).seconds
    }

    /// Writes a progress line to standard error, so that standard output keeps only the table.
    static func progress(_ message: String) {
        let line = "safehold-bench: " + message + "\n"
        _ = line.withCString { pointer in write(STDERR_FILENO, pointer, strlen(pointer)) }
    }

    /// Creates a private temporary directory under `$TMPDIR` (default /tmp).
    static func makeTemporaryDirectory(_ label: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/safehold-bench-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp failed for \(base): errno \(errno)") }
        return String(decoding: UnsafeRawBufferPointer(start: made, count: strlen(made)), as: UTF8.self)
    }

    /// Removes a directory tree that a benchmark made.
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Size of a file in bytes, or 0 when it is missing.
    static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    /// Returns the login name of the current user, which the service maps to a Safehold user.
    static func loginName() -> String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(decoding: UnsafeRawBufferPointer(start: name, count: strlen(name)), as: UTF8.self)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

/// A failure of the benchmark's own setup.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
