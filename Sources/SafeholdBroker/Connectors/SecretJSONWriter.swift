#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// Writes JSON text byte by byte, either only counting (the measuring pass) or into a buffer of
/// exactly the measured size. A document that holds secrets is measured first and then written
/// straight into `SecretBytes`, so no `String` or growing array ever receives a copy of a secret.
///
/// The caller runs the same sequence of appends in both passes. String contents must be valid
/// UTF-8, which `SecretJSONReader.isValidUTF8` checks before the first pass.
struct SecretJSONWriter {
    private let buffer: UnsafeMutableRawBufferPointer?
    /// Bytes written (or counted) so far.
    private(set) var count = 0

    /// Creates a writer that only counts the bytes a document needs.
    static func measuring() -> SecretJSONWriter {
        SecretJSONWriter(buffer: nil)
    }

    /// A writer into `buffer`, which must have exactly the measured size.
    init(into buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    private init(buffer: UnsafeMutableRawBufferPointer?) {
        self.buffer = buffer
    }

    /// Appends ASCII punctuation or a literal such as `null`, unescaped.
    mutating func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes in
            for byte in bytes { appendByte(byte) }
        }
    }

    /// Appends bytes that are already JSON text, such as a validated settings object.
    mutating func appendRaw(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { appendByte(byte) }
    }

    /// Appends a quoted, escaped JSON string of non-secret text.
    mutating func appendString(_ text: String) {
        appendByte(UInt8(ascii: "\""))
        for byte in text.utf8 { appendEscaped(byte) }
        appendByte(UInt8(ascii: "\""))
    }

    /// Appends a quoted, escaped JSON string of a secret's bytes.
    mutating func appendString(_ secret: SecretBytes) {
        appendByte(UInt8(ascii: "\""))
        secret.withUnsafeBytes { bytes in
            for byte in bytes { appendEscaped(byte) }
        }
        appendByte(UInt8(ascii: "\""))
    }

    /// Appends the escaped form of `bytes` without quotes, as it appears inside a JSON string.
    mutating func appendEscapedContents(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { appendEscaped(byte) }
    }

    /// Escapes the two characters JSON requires plus every control character (RFC 8259, section 7).
    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            appendByte(UInt8(ascii: "\\"))
            appendByte(byte)
        case UInt8(ascii: "\n"):
            appendLiteral("\\n")
        case UInt8(ascii: "\r"):
            appendLiteral("\\r")
        case UInt8(ascii: "\t"):
            appendLiteral("\\t")
        case 0..<0x20:
            appendLiteral("\\u00")
            appendByte(Self.hexDigits[Int(byte >> 4)])
            appendByte(Self.hexDigits[Int(byte & 0x0f)])
        default:
            appendByte(byte)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendByte(_ byte: UInt8) {
        if let buffer {
            precondition(count < buffer.count, "the writing pass wrote more than the measuring pass counted")
            buffer[count] = byte
        }
        count += 1
    }
}
