#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// Secret bytes (a key, a passphrase, a plaintext credential) held in `sodium_malloc` memory.
///
/// The memory sits between guard pages, is locked against swapping where `RLIMIT_MEMLOCK`
/// allows, stays out of core dumps, and is wiped when the object is freed. Secrets of up to
/// 4 KiB share guarded slabs of `SecretArena`; larger ones get a `sodium_malloc` region each. The type has a redacted description, an empty
/// mirror and no `Codable` or `Hashable` conformance, so that a secret cannot reach a log line,
/// an encoder or a dictionary key by accident. `==` runs in constant time for equal lengths.
/// Read the bytes only through `withUnsafeBytes`.
///
/// Sharing one instance between threads is safe for reads. Writing through
/// `withUnsafeMutableBytes` while another thread reads is a data race that the caller must avoid.
public final class SecretBytes: @unchecked Sendable {
    /// Start of the memory. Never nil: an empty secret owns a slot too, which also gives
    /// libsodium the non-null pointer it requires.
    private let base: UnsafeMutableRawPointer

    /// The arena slot size index, or nil when `base` is a `sodium_malloc` region of its own.
    private let slotIndex: Int?

    /// Number of secret bytes.
    public let count: Int

    /// Allocates `count` zero bytes.
    public init(count: Int) {
        precondition(count >= 0, "SecretBytes count must not be negative, got \(count)")
        Sodium.initialize()

        self.count = count
        let arena = SecretArena.shared
        if let index = arena.slotIndex(for: count) {
            base = arena.allocate(slotIndex: index)
            slotIndex = index
            return
        }

        // sodium_malloc fills new memory with a 0xdb pattern, so zero it.
        guard let pointer = sodium_malloc(count) else {
            fatalError("sodium_malloc failed to allocate \(count) bytes")
        }
        sodium_memzero(pointer, count)
        base = pointer
        slotIndex = nil
    }

    /// Copies `bytes` into new guarded memory. The caller wipes its own copy.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count)
        copy(from: bytes)
    }

    /// Copies `bytes` into new guarded memory. The caller wipes its own copy.
    public convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeBytes { copy(from: $0) }
    }

    /// Copies `data` into new guarded memory. The caller wipes its own copy.
    public convenience init(copying data: Data) {
        self.init(count: data.count)
        data.withUnsafeBytes { copy(from: $0) }
    }

    private func copy(from source: UnsafeRawBufferPointer) {
        precondition(source.count == count)
        if let sourceBase = source.baseAddress, source.count > 0 {
            base.copyMemory(from: sourceBase, byteCount: source.count)
        }
    }

    deinit {
        if let slotIndex {
            SecretArena.shared.release(base, slotIndex: slotIndex)
        } else {
            // sodium_free wipes the region before it unlocks and unmaps it.
            sodium_free(base)
        }
    }

    /// Calls `body` with the secret bytes. The buffer is valid only inside `body` and its
    /// `baseAddress` is never nil, even when `count` is 0.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the secret bytes for writing. The buffer is valid only inside `body` and
    /// its `baseAddress` is never nil, even when `count` is 0.
    public func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// Returns `count` bytes drawn from `random`.
    public static func random(count: Int, using random: any RandomSource) -> SecretBytes {
        let secret = SecretBytes(count: count)
        secret.withUnsafeMutableBytes { random.fill($0) }
        return secret
    }

    /// Start of the bytes as the `unsigned char *` that libsodium takes.
    var bytePointer: UnsafePointer<UInt8> {
        UnsafePointer(base.assumingMemoryBound(to: UInt8.self))
    }

    /// Start of the bytes as the mutable `unsigned char *` that libsodium writes to.
    var mutableBytePointer: UnsafeMutablePointer<UInt8> {
        base.assumingMemoryBound(to: UInt8.self)
    }
}

extension SecretBytes: Equatable {
    /// Compares in constant time for equal lengths (`sodium_memcmp`). Secrets of different
    /// lengths are unequal, and that result does depend on the lengths.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.count > 0 else { return true }
        return sodium_memcmp(lhs.base, rhs.base, lhs.count) == 0
    }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecretBytes(redacted)" }

    public var debugDescription: String { "SecretBytes(redacted)" }

    /// An empty mirror, so that `dump` and debuggers show no bytes.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
