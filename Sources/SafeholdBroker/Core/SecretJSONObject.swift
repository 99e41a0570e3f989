#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// A flat JSON object whose members are strings or null, read without ever turning a value into
/// a Swift `String`: each value stays a byte range of the input until the caller decodes it,
/// secret members straight into `SecretBytes`. Used for the key objects of `apikey add` and the
/// lines of a JSON Lines import.
public struct SecretJSONObject {
    /// Members in input order; a null value has no range.
    public private(set) var members: [(name: String, range: Range<Int>?)] = []

    /// A syntax error, with the byte offset and a fixed reason, never the input text.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "\(reason) at byte \(offset + 1)" }
    }

    /// Parses `bytes` as one object. Duplicate member names, nested objects and arrays, numbers
    /// and booleans are rejected.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(SyntaxError) {
        var reader = SecretJSONReader(bytes)
        do {
            try reader.expect(UInt8(ascii: "{"), "expected a JSON object")
            reader.skipWhitespace()
            if reader.peek() == UInt8(ascii: "}") {
                try reader.expect(UInt8(ascii: "}"), "expected '}'")
                try reader.expectEnd()
                return
            }
            var seen = Set<String>()
            while true {
                let nameRange = try reader.readString()
                let name = String(decoding: SecretJSONReader.decodePlain(UnsafeRawBufferPointer(rebasing: bytes[nameRange])), as: UTF8.self)
                guard seen.insert(name).inserted else {
                    throw SyntaxError(offset: nameRange.lowerBound, reason: "member '\(name)' appears twice")
                }
                try reader.expect(UInt8(ascii: ":"), "expected ':' after a member name")
                if try reader.readNull() {
                    members.append((name, nil))
                } else {
                    reader.skipWhitespace()
                    guard reader.peek() == UInt8(ascii: "\"") else {
                        throw SyntaxError(offset: reader.position, reason: "member '\(name)' is not a string")
                    }
                    members.append((name, try reader.readString()))
                }
                reader.skipWhitespace()
                if reader.peek() == UInt8(ascii: "}") {
                    try reader.expect(UInt8(ascii: "}"), "expected '}'")
                    break
                }
                try reader.expect(UInt8(ascii: ","), "expected ',' or '}' in an object")
            }
            try reader.expectEnd()
        } catch let error as SyntaxError {
            throw error
        } catch let error as JSONSyntaxError {
            throw SyntaxError(offset: error.offset, reason: "\(error.reason)")
        } catch {
            throw SyntaxError(offset: 0, reason: "invalid JSON")
        }
    }

    /// Returns the range of member `name`'s value, or nil when it is absent or null.
    public func range(of name: String) -> Range<Int>? {
        members.first { $0.name == name }?.range ?? nil
    }

    /// Decodes a value straight into guarded memory.
    public static func secret(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> SecretBytes {
        SecretJSONReader.decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// Decodes a value that is not secret, such as a name.
    public static func text(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: SecretJSONReader.decodePlain(UnsafeRawBufferPointer(rebasing: bytes[range])), as: UTF8.self)
    }
}
