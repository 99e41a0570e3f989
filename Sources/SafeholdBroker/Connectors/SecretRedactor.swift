#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// Replaces every secret value a connector was given, and the forms in which programs commonly
/// print it, with `[redacted]` in the connector's standard error, before that text is kept as a
/// failure status or shown to anyone.
///
/// For each value the patterns are: the value itself, its JSON-escaped form, base64 (standard and
/// URL-safe alphabets) and hexadecimal in lower and upper case. The base64 patterns leave out the
/// last character of a partial group, because its bits depend on what follows the value. So the
/// value is found with or without padding or a trailing newline, and at most 4 bits stay visible. All patterns live in one `SecretBytes` buffer. Values shorter than
/// `minimumLength` bytes are not redacted: they would blank out ordinary words and numbers, and
/// they are too short to be secrets worth the name. A secret embedded in a longer encoded blob,
/// such as base64 of `user:password`, is not found.
struct SecretRedactor {
    static let minimumLength = 4
    /// Maximum size of the redacted text, in bytes.
    static let maximumOutput = 2048
    static let replacement: [UInt8] = Array("[redacted]".utf8)

    private let patterns: SecretBytes?
    /// Ranges of `patterns`, longest first, so that the longest form wins where several match.
    private let ranges: [Range<Int>]

    init(values: [SecretBytes]) {
        let redactable = values.filter { $0.count >= Self.minimumLength }
        var sizes: [Int] = []
        for value in redactable {
            value.withUnsafeBytes { bytes in
                for form in PatternForm.allCases { sizes.append(form.encodedCount(bytes)) }
            }
        }
        guard sizes.reduce(0, +) > 0 else {
            patterns = nil
            ranges = []
            return
        }

        let buffer = SecretBytes(count: sizes.reduce(0, +))
        var ranges: [Range<Int>] = []
        buffer.withUnsafeMutableBytes { output in
            var offset = 0
            for value in redactable {
                value.withUnsafeBytes { bytes in
                    for form in PatternForm.allCases {
                        let written = form.encode(bytes, into: UnsafeMutableRawBufferPointer(rebasing: output[offset...]))
                        if written > 0 { ranges.append(offset..<offset + written) }
                        offset += written
                    }
                }
            }
        }
        patterns = buffer
        self.ranges = ranges.sorted { $0.count > $1.count }
    }

    /// Returns `text` with every pattern replaced, control characters other than newline and tab
    /// replaced by `?`, trailing white space removed, and cut to `maximumOutput` bytes on a UTF-8
    /// boundary (ending in ` [truncated]` when cut). Redaction runs before the cut, so the cut can
    /// never leave part of a secret behind.
    func redact(_ text: [UInt8]) -> String {
        var output = replacePatterns(in: text)
        for index in output.indices where (output[index] < 0x20 && output[index] != 0x0a && output[index] != 0x09) || output[index] == 0x7f {
            output[index] = UInt8(ascii: "?")
        }
        while let last = output.last, last == 0x20 || last == 0x0a || last == 0x09 {
            output.removeLast()
        }
        return String(decoding: Self.truncated(output), as: UTF8.self)
    }

    private func replacePatterns(in text: [UInt8]) -> [UInt8] {
        guard let patterns else { return text }
        return patterns.withUnsafeBytes { all in
            var output: [UInt8] = []
            output.reserveCapacity(text.count)
            var index = 0
            while index < text.count {
                if let match = ranges.first(where: { Self.matches(text, at: index, UnsafeRawBufferPointer(rebasing: all[$0])) }) {
                    output.append(contentsOf: Self.replacement)
                    index += match.count
                } else {
                    output.append(text[index])
                    index += 1
                }
            }
            return output
        }
    }

    private static func matches(_ text: [UInt8], at index: Int, _ pattern: UnsafeRawBufferPointer) -> Bool {
        guard index + pattern.count <= text.count else { return false }
        for offset in 0..<pattern.count where text[index + offset] != pattern[offset] {
            return false
        }
        return true
    }

    private static func truncated(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard bytes.count > maximumOutput else { return bytes[...] }
        let marker = Array(" [truncated]".utf8)
        var end = maximumOutput - marker.count
        // Step back over UTF-8 continuation bytes so that no character is cut in half.
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (Array(bytes[..<end]) + marker)[...]
    }
}

/// The encoded forms of a secret that the redactor looks for.
private enum PatternForm: CaseIterable {
    case raw
    case jsonEscaped
    case base64
    case base64URL
    case hexLower
    case hexUpper

    /// Returns the size of this form of `value`, or 0 when it would repeat another form.
    func encodedCount(_ value: UnsafeRawBufferPointer) -> Int {
        switch self {
        case .raw:
            return value.count
        case .jsonEscaped:
            var writer = SecretJSONWriter.measuring()
            writer.appendEscapedContents(value)
            return writer.count == value.count ? 0 : writer.count
        case .base64:
            return Base64Pattern.count(value.count)
        case .base64URL:
            return Base64Pattern.differsBetweenAlphabets(value) ? Base64Pattern.count(value.count) : 0
        case .hexLower, .hexUpper:
            return value.count * 2
        }
    }

    /// Writes this form of `value` at the start of `output` and returns its size, which equals
    /// `encodedCount`.
    func encode(_ value: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        let count = encodedCount(value)
        guard count > 0 else { return 0 }
        switch self {
        case .raw:
            output.copyMemory(from: value)
        case .jsonEscaped:
            var writer = SecretJSONWriter(into: UnsafeMutableRawBufferPointer(rebasing: output[0..<count]))
            writer.appendEscapedContents(value)
        case .base64, .base64URL:
            Base64Pattern.encode(value, alphabet: Self.base64Alphabet(urlSafe: self == .base64URL), into: output)
        case .hexLower, .hexUpper:
            let digits = Array((self == .hexLower ? "0123456789abcdef" : "0123456789ABCDEF").utf8)
            for (index, byte) in value.enumerated() {
                output[index * 2] = digits[Int(byte >> 4)]
                output[index * 2 + 1] = digits[Int(byte & 0x0f)]
            }
        }
        return count
    }

    static func base64Alphabet(urlSafe: Bool) -> [UInt8] {
        Array(("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + (urlSafe ? "-_" : "+/")).utf8)
    }
}

/// The characters of base64 (RFC 4648, sections 4 and 5) that depend only on the value: every
/// character except the last one of a partial group.
private enum Base64Pattern {
    /// Number of characters that carry six bits of the value each.
    static func count(_ byteCount: Int) -> Int {
        byteCount * 8 / 6
    }

    static func encode(_ value: UnsafeRawBufferPointer, alphabet: [UInt8], into output: UnsafeMutableRawBufferPointer) {
        var out = 0
        var index = 0
        while index < value.count {
            let chunk = min(3, value.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group = group << 8 | UInt32(offset < chunk ? value[index + offset] : 0)
            }
            for position in 0..<characters(in: chunk) {
                output[out] = alphabet[Int(group >> UInt32(18 - 6 * position) & 0x3F)]
                out += 1
            }
            index += 3
        }
    }

    /// Returns whether the standard and URL-safe encodings of `value` differ, that is whether any
    /// 6-bit group maps to `+` or `/`.
    static func differsBetweenAlphabets(_ value: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < value.count {
            let chunk = min(3, value.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group = group << 8 | UInt32(offset < chunk ? value[index + offset] : 0)
            }
            for position in 0..<characters(in: chunk) where group >> UInt32(18 - 6 * position) & 0x3F >= 62 {
                return true
            }
            index += 3
        }
        return false
    }

    /// Returns 4 for a full group of three bytes. A partial group of one or two bytes gives only
    /// its whole six-bit groups: one or two characters.
    private static func characters(in chunk: Int) -> Int {
        chunk == 3 ? 4 : chunk
    }
}
