#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

extension SecretJSONReader {
    /// Decodes the raw contents of a string that `readString` validated into new `SecretBytes`:
    /// one pass counts the bytes, the second writes them, so the value is never copied elsewhere.
    static func decodeSecret(_ raw: UnsafeRawBufferPointer) -> SecretBytes {
        var count = 0
        decode(raw) { _ in count += 1 }

        let secret = SecretBytes(count: count)
        secret.withUnsafeMutableBytes { output in
            var index = 0
            decode(raw) { byte in
                output[index] = byte
                index += 1
            }
        }
        return secret
    }

    /// Decodes the raw contents of a validated string that is not secret, such as a member name.
    static func decodePlain(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        decode(raw) { output.append($0) }
        return output
    }

    /// Emits the UTF-8 bytes of validated raw string contents, resolving escapes.
    private static func decode(_ raw: UnsafeRawBufferPointer, emit: (UInt8) -> Void) {
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                emit(byte)
                index += 1
                continue
            }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): emit(0x08)
            case UInt8(ascii: "f"): emit(0x0c)
            case UInt8(ascii: "n"): emit(0x0a)
            case UInt8(ascii: "r"): emit(0x0d)
            case UInt8(ascii: "t"): emit(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexUnit(raw, at: index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = hexUnit(raw, at: index + 2)
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                emitUTF8(scalar, emit: emit)
            default: emit(escape)
            }
        }
    }

    private static func hexUnit(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            value = value << 4 | UInt32(hexValue(raw[index + offset]) ?? 0)
        }
        return value
    }

    private static func emitUTF8(_ scalar: UInt32, emit: (UInt8) -> Void) {
        switch scalar {
        case 0..<0x80:
            emit(UInt8(scalar))
        case 0x80..<0x800:
            emit(UInt8(0xC0 | scalar >> 6))
            emit(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            emit(UInt8(0xE0 | scalar >> 12))
            emit(UInt8(0x80 | scalar >> 6 & 0x3F))
            emit(UInt8(0x80 | scalar & 0x3F))
        default:
            emit(UInt8(0xF0 | scalar >> 18))
            emit(UInt8(0x80 | scalar >> 12 & 0x3F))
            emit(UInt8(0x80 | scalar >> 6 & 0x3F))
            emit(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Returns whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values above
    /// U+10FFFF), per the Unicode Standard, table 3-7.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let (length, secondRange): (Int, ClosedRange<UInt8>) = switch lead {
            case 0x00...0x7F: (1, 0x80...0xBF)
            case 0xC2...0xDF: (2, 0x80...0xBF)
            case 0xE0: (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
            case 0xED: (3, 0x80...0x9F)
            case 0xF0: (4, 0x90...0xBF)
            case 0xF1...0xF3: (4, 0x80...0xBF)
            case 0xF4: (4, 0x80...0x8F)
            default: (0, 0x80...0xBF)
            }
            guard length > 0, index + length <= bytes.count else { return false }
            if length > 1 {
                guard secondRange.contains(bytes[index + 1]) else { return false }
                for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[index + offset]) {
                    return false
                }
            }
            index += length
        }
        return true
    }
}
