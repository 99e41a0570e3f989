#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Reads JSON values in order from bytes that stay valid while it reads.
///
/// It reads the JSON grammar of RFC 8259 for what Safehold writes itself: objects, arrays,
/// strings, whole numbers, `true`, `false` and `null`. A fraction or an exponent in a number is
/// rejected, because no field that Safehold reads this way has one. The wire protocol reads its
/// hottest messages with it, and the store the list columns of a request.
public struct JSONReader: ~Copyable {
    /// A read failure: its reason and the byte offset where it happened. It never quotes the input.
    public struct Failure: Error, CustomStringConvertible {
        public var reason: String
        public var offset: Int
        public var description: String { "\(reason) at byte \(offset)" }
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Calls `body` with a reader over `bytes` and returns its result. The value that `body` reads
    /// must fill the whole of `bytes`, apart from whitespace.
    public static func read<Value>(
        _ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws(Failure) -> Value
    ) throws(Failure) -> Value {
        var reader = JSONReader(bytes: bytes)
        let value = try body(&reader)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.failure("extra text after the value") }
        return value
    }

    /// Calls `body` with a reader over the bytes of `data`, as `read(_:_:)` on bytes does.
    public static func read<Value>(_ data: Data, _ body: (inout JSONReader) throws(Failure) -> Value) throws(Failure) -> Value {
        let result: Result<Value, Failure> = data.withUnsafeBytes { buffer in
            do throws(Failure) {
                return .success(try read(buffer, body))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Calls `body` with a reader over the UTF-8 of `text`, as `read(_:_:)` on bytes does.
    public static func read<Value>(_ text: String, _ body: (inout JSONReader) throws(Failure) -> Value) throws(Failure) -> Value {
        var text = text
        let result: Result<Value, Failure> = text.withUTF8 { buffer in
            do throws(Failure) {
                return .success(try read(UnsafeRawBufferPointer(buffer), body))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Structure

    /// Reads an object, calling `body` with each key while the reader is positioned at its value.
    /// The body must read or skip that value.
    public mutating func readObject(_ body: (String, inout JSONReader) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        if try consumeIf(UInt8(ascii: "}")) { return }
        repeat {
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try body(key, &self)
        } while try consumeIf(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    /// Reads an array, calling `body` once per element while the reader is positioned at it.
    public mutating func readArray(_ body: (inout JSONReader) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        if try consumeIf(UInt8(ascii: "]")) { return }
        repeat {
            try body(&self)
        } while try consumeIf(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    // MARK: Values

    /// Reads `null` and returns true, or returns false and leaves the next value unread.
    public mutating func readNull() throws(Failure) -> Bool {
        skipWhitespace()
        guard remaining.starts(with: "null".utf8) else { return false }
        offset += 4
        return true
    }

    public mutating func readBool() throws(Failure) -> Bool {
        skipWhitespace()
        if remaining.starts(with: "true".utf8) {
            offset += 4
            return true
        }
        if remaining.starts(with: "false".utf8) {
            offset += 5
            return false
        }
        throw failure("expected true or false")
    }

    public mutating func readInt() throws(Failure) -> Int {
        skipWhitespace()
        let negative = try consumeIf(UInt8(ascii: "-"))
        let start = offset
        var value = 0
        while offset < bytes.count, let digit = Self.digitValue(bytes[offset]) {
            let (scaled, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedSum) = scaled.addingReportingOverflow(digit)
            guard !overflowed, !overflowedSum else { throw failure("number out of range") }
            value = sum
            offset += 1
        }
        guard offset > start else { throw failure("expected a number") }
        if offset < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset]) {
            throw failure("expected a whole number")
        }
        return negative ? -value : value
    }

    public mutating func readString() throws(Failure) -> String {
        try readStringContent(failure: "invalid UTF-8 inside a string") { String(validating: $0, as: UTF8.self) }
    }

    /// Reads a string token and converts its content, with escapes resolved, by `convert`. An
    /// unescaped copy is wiped afterwards. When `convert` returns nil, the failure carries
    /// `reason` and the offset of the content.
    public mutating func readStringContent<Value>(
        failure reason: String, _ convert: (UnsafeRawBufferPointer) -> Value?
    ) throws(Failure) -> Value {
        let range = try readStringRange()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[range.content])
        let value: Value?
        if range.hasEscapes {
            var unescaped = try unescape(raw, startingAt: range.content.lowerBound)
            defer { explicit_bzero(&unescaped, unescaped.count) }
            value = unescaped.withUnsafeBytes { convert($0) }
        } else {
            value = convert(raw)
        }
        guard let value else {
            offset = range.content.lowerBound
            throw failure(reason)
        }
        return value
    }

    /// Skips one value of any kind.
    public mutating func skipValue() throws(Failure) {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): try readObject { _, reader throws(Failure) in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { reader throws(Failure) in try reader.skipValue() }
        case UInt8(ascii: "\""): _ = try readStringRange()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"):
            guard try readNull() else { throw failure("expected null") }
        default: try skipNumber()
        }
    }

    /// Returns a failure at the current offset.
    public func failure(_ reason: String) -> Failure {
        Failure(reason: reason, offset: offset)
    }

    // MARK: Bytes

    private var remaining: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[offset...])
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) {
            offset += 1
        }
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard try consumeIf(byte) else { throw failure("expected \(Character(Unicode.Scalar(byte)))") }
    }

    private mutating func consumeIf(_ byte: UInt8) throws(Failure) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// Skips a number of any form, for values that are skipped rather than read.
    private mutating func skipNumber() throws(Failure) {
        let start = offset
        let numberBytes = Set("+-.0123456789eE".utf8)
        while offset < bytes.count, numberBytes.contains(bytes[offset]) {
            offset += 1
        }
        guard offset > start else { throw failure("expected a value") }
    }

    /// Reads a string token and returns the range of its content between the quotes, and whether
    /// that content has escapes.
    private mutating func readStringRange() throws(Failure) -> (content: Range<Int>, hasEscapes: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = offset
        var hasEscapes = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return (start..<(offset - 1), hasEscapes)
            }
            guard byte >= 0x20 else { throw failure("control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                offset += 1
            }
            offset += 1
        }
        throw failure("unterminated string")
    }

    /// Returns the UTF-8 bytes of string content with its escapes resolved.
    private func unescape(_ raw: UnsafeRawBufferPointer, startingAt start: Int) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                continue
            }
            guard index < raw.count else { throw Failure(reason: "unfinished escape", offset: start + index) }
            let escaped = raw[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try readUnicodeEscape(raw, index: &index, start: start)
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw Failure(reason: "invalid escape", offset: start + index - 1)
            }
        }
        return output
    }

    /// Reads the four hex digits after `\u`, and a second `\uXXXX` when the first is a high
    /// surrogate. A lone surrogate is rejected, as `JSONDecoder` rejects it.
    private func readUnicodeEscape(_ raw: UnsafeRawBufferPointer, index: inout Int, start: Int) throws(Failure) -> Unicode.Scalar {
        let first = try readHex4(raw, index: &index, start: start)
        if (0xD800..<0xDC00).contains(first), index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") {
            var lowIndex = index + 2
            let second = try readHex4(raw, index: &lowIndex, start: start)
            if (0xDC00..<0xE000).contains(second), let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) {
                index = lowIndex
                return scalar
            }
        }
        guard let scalar = Unicode.Scalar(first) else {
            throw Failure(reason: "lone surrogate in a \\u escape", offset: start + index - 6)
        }
        return scalar
    }

    private func readHex4(_ raw: UnsafeRawBufferPointer, index: inout Int, start: Int) throws(Failure) -> UInt32 {
        guard index + 4 <= raw.count else { throw Failure(reason: "unfinished \\u escape", offset: start + index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(raw[index]) else { throw Failure(reason: "invalid \\u escape", offset: start + index) }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
