#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdCrypto

/// A value that writes its own JSON, byte for byte what `WireCoding.encoder()` would produce.
///
/// The check-out reply is the service's hottest message and carries secrets. `JSONEncoder`
/// builds a tree of Swift values first, which took about a tenth of a check-out's CPU, and it
/// keeps every secret's base64 text in a Swift string. Types that adopt this
/// protocol are written straight into one buffer instead, and a secret goes from `SecretBytes`
/// into that buffer without a string. Keys must be written in sorted order, as `.sortedKeys`
/// does, so that both paths give the same bytes; the wire tests compare them.
public protocol WireJSONWritable {
    func write(to writer: inout WireJSONWriter)
}

/// Writes JSON into a buffer that it wipes whenever it grows and when it is done.
///
/// Only `WireJSONWritable` types use it. Strings are escaped as `JSONEncoder` escapes them with
/// `.withoutEscapingSlashes`: quote, backslash and control characters, nothing else.
public struct WireJSONWriter: ~Copyable {
    private var storage: UnsafeMutableRawBufferPointer
    private var count = 0
    /// Whether the next value in the current object or array needs a comma before it.
    private var needsComma = false

    public init(capacity: Int = 1024) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(capacity, 64), alignment: 1)
    }

    deinit {
        explicit_bzero(storage.baseAddress!, storage.count)
        storage.deallocate()
    }

    /// Returns the JSON written so far as `Data`. The caller wipes that `Data` when it is done.
    public func data() -> Data {
        guard let base = storage.baseAddress else { return Data() }
        return Data(bytes: base, count: count)
    }

    // MARK: Structure

    public mutating func beginObject() {
        separate()
        append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key and its colon. The value follows with one of the value methods.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        var text = String(value)
        text.withUTF8 { append($0) }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
        needsComma = true
    }

    /// Writes a secret as a quoted standard base64 string, as `WireSecret` encodes it.
    public mutating func secret(_ value: SecretBytes) {
        separate()
        let encoded = SecretEncoding.base64(value)
        append(UInt8(ascii: "\""))
        encoded.withUnsafeBytes { append($0) }
        append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes a value that writes itself.
    public mutating func value(_ value: some WireJSONWritable) {
        value.write(to: &self)
    }

    // MARK: Bytes

    private mutating func separate() {
        if needsComma {
            append(UInt8(ascii: ","))
        }
    }

    private mutating func appendQuoted(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<index]))
                appendEscape(byte)
                runStart = index + 1
            }
            append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<bytes.count]))
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        default:
            let hexDigits = Array("0123456789abcdef".utf8)
            append("\\u00")
            append(hexDigits[Int(byte >> 4)])
            append(hexDigits[Int(byte & 0x0F)])
        }
    }

    private mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(bytes))
    }

    /// Makes room for `extra` more bytes. A larger buffer takes the bytes, and the old one is
    /// wiped before it is freed, so no copy of a secret stays behind in freed memory.
    private mutating func reserve(_ extra: Int) {
        guard count + extra > storage.count else { return }
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(storage.count * 2, count + extra), alignment: 1)
        larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: count)
        explicit_bzero(storage.baseAddress!, storage.count)
        storage.deallocate()
        storage = larger
    }
}
