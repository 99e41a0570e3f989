#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// A byte-level JSON reader (RFC 8259) for documents that may hold secrets: connector settings and
/// the key objects that connectors print. It validates in place and reports string values as byte
/// ranges of the input, so that a secret is decoded only once, straight into `SecretBytes`.
/// Errors carry an offset and a fixed reason, never the text that was read.
struct SecretJSONReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    /// Nesting deeper than this is rejected, which bounds the recursion.
    static let maximumDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: Whole documents

    /// Checks that `bytes` are exactly one JSON object, with optional white space around it.
    static func validateObject(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        _ = try stringValueRanges(inObject: bytes)
    }

    /// Returns the raw ranges (between the quotes) of every string value in the object `bytes`, at
    /// any depth, leaving out member names. Validates the object on the way.
    static func stringValueRanges(inObject bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [Range<Int>] {
        var reader = SecretJSONReader(bytes)
        var ranges: [Range<Int>] = []
        reader.skipWhitespace()
        guard reader.peek() == UInt8(ascii: "{") else { throw reader.error("expected an object") }
        try reader.skipValue(depth: 0) { ranges.append($0) }
        try reader.expectEnd()
        return ranges
    }

    // MARK: Tokens

    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09 {
            position += 1
        }
    }

    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    func error(_ reason: StaticString) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, reason: reason.description)
    }

    mutating func expect(_ byte: UInt8, _ reason: StaticString) throws(JSONSyntaxError) {
        skipWhitespace()
        guard peek() == byte else { throw error(reason) }
        position += 1
    }

    /// Checks that only white space follows.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the value") }
    }

    /// Reads the `null` literal when it comes next and returns whether it did.
    mutating func readNull() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try skipLiteral("null")
        return true
    }

    /// Reads one string and returns the range of its raw contents, between the quotes. Escapes are
    /// checked (including surrogate pairs) and the contents must be valid UTF-8.
    mutating func readString() throws(JSONSyntaxError) -> Range<Int> {
        try expect(UInt8(ascii: "\""), "expected a string")
        let start = position
        while true {
            guard let byte = peek() else { throw error("unterminated string") }
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw error("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                try skipEscape()
            } else {
                position += 1
            }
        }
        let range = start..<position
        position += 1
        guard Self.isValidUTF8(UnsafeRawBufferPointer(rebasing: bytes[range])) else {
            throw JSONSyntaxError(offset: start, reason: "string is not valid UTF-8")
        }
        return range
    }

    /// Skips one value of any kind, calling `onString` with the raw range of each string value.
    mutating func skipValue(depth: Int, onString: (Range<Int>) -> Void) throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else { throw error("nesting is too deep") }
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"):
            try skipObject(depth: depth, onString: onString)
        case UInt8(ascii: "["):
            try skipArray(depth: depth, onString: onString)
        case UInt8(ascii: "\""):
            onString(try readString())
        case UInt8(ascii: "t"):
            try skipLiteral("true")
        case UInt8(ascii: "f"):
            try skipLiteral("false")
        case UInt8(ascii: "n"):
            try skipLiteral("null")
        case .some(let byte) where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
            try skipNumber()
        default:
            throw error("expected a value")
        }
    }

    private mutating func skipObject(depth: Int, onString: (Range<Int>) -> Void) throws(JSONSyntaxError) {
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            _ = try readString()
            try expect(UInt8(ascii: ":"), "expected ':' after a member name")
            try skipValue(depth: depth + 1, onString: onString)
            skipWhitespace()
            guard let byte = peek() else { throw error("unterminated object") }
            position += 1
            if byte == UInt8(ascii: "}") { return }
            guard byte == UInt8(ascii: ",") else {
                position -= 1
                throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func skipArray(depth: Int, onString: (Range<Int>) -> Void) throws(JSONSyntaxError) {
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try skipValue(depth: depth + 1, onString: onString)
            skipWhitespace()
            guard let byte = peek() else { throw error("unterminated array") }
            position += 1
            if byte == UInt8(ascii: "]") { return }
            guard byte == UInt8(ascii: ",") else {
                position -= 1
                throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let matched = literal.withUTF8Buffer { expected in
            guard position + expected.count <= bytes.count else { return false }
            for (offset, byte) in expected.enumerated() where bytes[position + offset] != byte {
                return false
            }
            position += expected.count
            return true
        }
        guard matched else { throw error("invalid literal") }
    }

    /// Skips `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws(JSONSyntaxError) {
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw error("invalid number") }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw error("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw error("invalid number") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = peek(), (0x30...0x39).contains(byte) { position += 1 }
        return position - start
    }

    /// Skips one escape sequence; a `\u` high surrogate must be followed by a `\u` low surrogate.
    private mutating func skipEscape() throws(JSONSyntaxError) {
        position += 1
        guard let byte = peek() else { throw error("unterminated string") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let unit = try readHexUnit()
            if (0xDC00...0xDFFF).contains(unit) { throw error("unpaired surrogate in a string") }
            guard (0xD800...0xDBFF).contains(unit) else { return }
            guard peek() == UInt8(ascii: "\\") else { throw error("unpaired surrogate in a string") }
            position += 1
            guard peek() == UInt8(ascii: "u") else { throw error("unpaired surrogate in a string") }
            position += 1
            let low = try readHexUnit()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in a string") }
        default:
            throw error("invalid escape in a string")
        }
    }

    private mutating func readHexUnit() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[position]) else { throw error("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

/// A JSON document that could not be read: where, and a fixed reason that never quotes the input.
struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    var offset: Int
    var reason: String

    var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
