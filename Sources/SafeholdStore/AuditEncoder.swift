#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdModel

/// Builds the canonical encoding of audit events, the bytes each event's chain hash covers after
/// `previousHash` (`docs/audit.md`, "Canonical encoding"). It lives in the store because the
/// store keeps an event's targets in exactly this encoding, and assembles the encoding of stored
/// events straight from their columns for verification, so that both paths share one definition.
///
/// A *field* is a presence byte (0 absent, 1 present) and, when present, a 4-byte big-endian
/// length and the bytes. Integers are 8-byte big-endian two's complement. Because every field is
/// delimited, two different events never encode the same.
public struct AuditEncoder {
    /// Zero-filled storage whose first `count` bytes are the encoding. It only grows.
    private var storage: [UInt8]
    public private(set) var count = 0

    public init(capacity: Int = 256) {
        storage = Array(repeating: 0, count: max(capacity, 64))
    }

    /// The encoding built so far.
    public var bytes: [UInt8] { Array(storage[..<count]) }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// Empties the encoding and keeps its storage, for loops over many events.
    public mutating func removeAll() {
        count = 0
    }

    /// Appends the canonical encoding of every field of `event` but its two hashes.
    public mutating func append(_ event: AuditEvent) {
        appendHeader(sequence: event.sequence, milliseconds: Int64((event.at.timeIntervalSince1970 * 1000).rounded()))
        appendField(event.actorID?.rawValue)
        appendDecimalField(event.actorUID.map(Int64.init))
        appendDecimalField(event.actorPID.map(Int64.init))
        appendField(event.action)
        appendTargets(event.targets)
        appendField(event.oldState)
        appendField(event.newState)
        appendField(event.comment)
        if let valueHash = event.valueHash {
            valueHash.withUnsafeBytes { appendField($0) }
        } else {
            appendField(nil as String?)
        }
    }

    /// Appends the version byte, the sequence and the time in milliseconds since 1970.
    mutating func appendHeader(sequence: Int64, milliseconds: Int64) {
        write(17) { writer in
            writer.byte(1)
            writer.integer(sequence)
            writer.integer(milliseconds)
        }
    }

    /// Appends the targets section: their count, then each kind and id in ascending byte order
    /// of kind (the same as `String`'s order for the ASCII kinds the broker uses).
    public mutating func appendTargets(_ targets: [String: String]) {
        appendInteger(Int64(targets.count))
        for (kind, id) in targets.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            appendField(kind)
            appendField(id)
        }
    }

    public mutating func appendField(_ text: String?) {
        guard var text else {
            write(1) { $0.byte(0) }
            return
        }
        text.withUTF8 { appendField(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a present field holding `field`.
    public mutating func appendField(_ field: UnsafeRawBufferPointer) {
        write(5 + field.count) { $0.field(field) }
    }

    /// Appends an integer field as its decimal text, as `String(value)` writes it.
    mutating func appendDecimalField(_ value: Int64?) {
        write(value == nil ? 1 : 25) { $0.decimalField(value) }
    }

    public mutating func appendInteger(_ value: Int64) {
        write(8) { $0.integer(value) }
    }

    /// Appends `raw` as it is, without presence byte or length.
    public mutating func appendRaw(_ raw: UnsafeRawBufferPointer) {
        write(raw.count) { $0.raw(raw) }
    }

    /// Runs `body` with a writer at the end of the encoding and at least `reserved` bytes of
    /// room, and keeps what it wrote.
    mutating func write(_ reserved: Int, _ body: (inout RawWriter) -> Void) {
        if count + reserved > storage.count {
            storage.append(contentsOf: repeatElement(0, count: max(reserved, storage.count)))
        }
        let start = count
        count = storage.withUnsafeMutableBytes { buffer in
            var writer = RawWriter(buffer.baseAddress! + start)
            body(&writer)
            return start + writer.written
        }
    }
}

/// Writes the parts of the canonical encoding at a pointer, without bounds checks: callers
/// reserve the room first (`AuditEncoder.write`).
struct RawWriter {
    private let start: UnsafeMutableRawPointer
    private var cursor: UnsafeMutableRawPointer

    init(_ start: UnsafeMutableRawPointer) {
        self.start = start
        cursor = start
    }

    var written: Int { cursor - start }

    mutating func byte(_ value: UInt8) {
        cursor.storeBytes(of: value, as: UInt8.self)
        cursor += 1
    }

    mutating func integer(_ value: Int64) {
        cursor.storeBytes(of: value.bigEndian, as: Int64.self)
        cursor += 8
    }

    mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        cursor.copyMemory(from: base, byteCount: bytes.count)
        cursor += bytes.count
    }

    /// Appends a present field: 1, the 4-byte big-endian length, the bytes. At most 5 + count bytes.
    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        byte(1)
        cursor.storeBytes(of: UInt32(bytes.count).bigEndian, as: UInt32.self)
        cursor += 4
        raw(bytes)
    }

    /// Appends a field, present when `bytes` is not nil.
    mutating func field(optional bytes: UnsafeRawBufferPointer?) {
        if let bytes {
            field(bytes)
        } else {
            byte(0)
        }
    }

    /// Appends an integer field as decimal text, as `String(value)` writes it. At most 25 bytes.
    mutating func decimalField(_ value: Int64?) {
        guard let value else {
            byte(0)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var magnitude = value.magnitude
            var first = buffer.count
            repeat {
                first -= 1
                buffer[first] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                first -= 1
                buffer[first] = UInt8(ascii: "-")
            }
            field(UnsafeRawBufferPointer(rebasing: buffer[first...]))
        }
    }
}

extension AuditEncoder {
    /// Returns the targets section of the canonical encoding, which the store keeps as the
    /// event's `targets` column.
    public static func targets(_ targets: [String: String]) -> [UInt8] {
        var encoder = AuditEncoder(capacity: 16 + targets.count * 32)
        encoder.appendTargets(targets)
        return encoder.bytes
    }

    /// Returns the targets that `bytes` encodes, or nil unless `bytes` is exactly one
    /// targets section whose kinds are strictly ascending in byte order: only then does
    /// encoding the result give `bytes` back, so what is shown is what was hashed.
    public static func decodeTargets(_ bytes: UnsafeRawBufferPointer) -> [String: String]? {
        var targets: [String: String] = [:]
        let isCanonical = scanTargets(bytes) { kind, id in
            targets[String(decoding: kind, as: UTF8.self)] = String(decoding: id, as: UTF8.self)
        }
        return isCanonical ? targets : nil
    }

    /// Returns whether `bytes` is one canonical targets section, as `decodeTargets` requires.
    static func isCanonicalTargets(_ bytes: UnsafeRawBufferPointer) -> Bool {
        scanTargets(bytes) { _, _ in }
    }

    /// Walks a targets section and calls `body` with each kind and id. Returns false when the
    /// bytes are not one canonical section.
    private static func scanTargets(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void
    ) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= 8 else { return false }
        let count = Int64(bigEndian: base.loadUnaligned(as: Int64.self))
        // Each target takes at least 10 bytes, which also bounds a forged huge count.
        guard count >= 0, count <= (bytes.count - 8) / 10 else { return false }

        var offset = 8
        var previousKind: UnsafeRawBufferPointer?
        for _ in 0..<count {
            guard let kind = field(bytes, at: &offset), let id = field(bytes, at: &offset) else { return false }
            if let previousKind, !isAscending(previousKind, kind) { return false }
            body(kind, id)
            previousKind = kind
        }
        return offset == bytes.count
    }

    /// Reads a present field at `offset` and moves past it; nil for an absent or cut field.
    private static func field(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UnsafeRawBufferPointer? {
        guard let base = bytes.baseAddress, bytes.count - offset >= 5, base.load(fromByteOffset: offset, as: UInt8.self) == 1 else {
            return nil
        }
        let length = Int(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
        let start = offset + 5
        guard bytes.count - start >= length else { return nil }
        offset = start + length
        return UnsafeRawBufferPointer(start: base + start, count: length)
    }

    /// Returns whether `first` sorts strictly before `second` in byte order.
    private static func isAscending(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
        let common = min(first.count, second.count)
        if common > 0, let a = first.baseAddress, let b = second.baseAddress {
            let order = memcmp(a, b, common)
            if order != 0 { return order < 0 }
        }
        return first.count < second.count
    }
}
