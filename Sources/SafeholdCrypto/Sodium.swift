#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// The libsodium library, initialized once per process.
public enum Sodium {
    /// The result of `sodium_init()`: 0 on the first call, 1 when it had already run, -1 on failure.
    /// A static `let` is initialized once, on first use and under a lock, which makes
    /// `initialize()` idempotent and thread-safe.
    private static let initializationStatus: Int32 = sodium_init()

    /// Initializes libsodium: it seeds the random generator and picks the fastest implementation
    /// of each primitive for this CPU. Every public entry point of this module calls it, so callers
    /// need not.
    public static func initialize() {
        precondition(initializationStatus >= 0, "libsodium failed to initialize (sodium_init returned -1)")
    }
}

extension UnsafeRawBufferPointer {
    /// Calls `body` with a pointer to the bytes and their count.
    ///
    /// libsodium declares most pointer parameters `nonnull` even when the length is 0, but an
    /// empty buffer's `baseAddress` may be nil. An empty buffer therefore gets a one-byte dummy.
    func withNonNullBytes<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        if let base = baseAddress, count > 0 {
            return try body(base.assumingMemoryBound(to: UInt8.self), count)
        }
        var dummy: UInt8 = 0
        return try withUnsafePointer(to: &dummy) { try body($0, 0) }
    }
}

extension Data {
    /// Calls `body` with a non-null pointer to the bytes and their count (see
    /// `UnsafeRawBufferPointer.withNonNullBytes`).
    func withNonNullBytes<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withUnsafeBytes { buffer in try buffer.withNonNullBytes(body) }
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with a non-null pointer to the bytes and their count (see
    /// `UnsafeRawBufferPointer.withNonNullBytes`).
    func withNonNullBytes<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withUnsafeBytes { buffer in try buffer.withNonNullBytes(body) }
    }
}
