#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// JSON settings shared by both ends of the wire protocol.
///
/// - Keys are sorted, so equal values encode to equal bytes.
/// - Dates are integer milliseconds since 1970-01-01T00:00:00Z, rounded to the nearest:
///   sub-millisecond precision is dropped on the wire. The decoder also accepts fractional milliseconds.
/// - `Data` is standard Base64 (the `JSONEncoder` default).
public enum WireCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(millisecondsSince1970(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    /// Encodes `value` with `encoder()`, or with `WireJSONWriter` when the value writes its own
    /// JSON. The error names the type and the coding path, never a value.
    public static func encode<Value: Encodable>(_ value: Value) throws(WireCodingError) -> Data {
        if let writable = value as? any WireJSONWritable {
            var writer = WireJSONWriter()
            writable.write(to: &writer)
            return writer.data()
        }
        do {
            return try encoder().encode(value)
        } catch let error as EncodingError {
            throw .encodingFailed(type: String(describing: Value.self), codingPath: error.codingPathDescription)
        } catch {
            throw .encodingFailed(type: String(describing: Value.self), codingPath: "")
        }
    }

    /// Decodes `data` as a `Value`, with `JSONReader` when the value reads itself and with
    /// `decoder()` otherwise. A reader failure is thrown as `DecodingError.dataCorrupted`.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        guard let readable = type as? any WireJSONReadable.Type else {
            return try decoder().decode(type, from: data)
        }
        do {
            // `readable` is `type` under another static type, so the value read is a `Value`.
            return try readable.read(from: data) as! Value
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description))
        }
    }

    /// Rounds to the nearest millisecond, as the store does. A stored millisecond read back as a
    /// `Date` can sit a hair below the whole value (for many times after January 2038 it does),
    /// and rounding down then sends the millisecond before. Audit events, whose hashes cover
    /// their time, would fail verification after such a trip over the wire.
    static func millisecondsSince1970(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// Failure to encode a value for the wire.
public enum WireCodingError: Error, Sendable, Hashable, CustomStringConvertible {
    case encodingFailed(type: String, codingPath: String)

    public var description: String {
        switch self {
        case let .encodingFailed(type, codingPath) where codingPath.isEmpty:
            "failed to encode \(type) as JSON"
        case let .encodingFailed(type, codingPath):
            "failed to encode \(type) as JSON at \(codingPath)"
        }
    }
}

extension EncodingError {
    /// Dotted coding path of the failure. `EncodingError.invalidValue` carries the offending value,
    /// so its own description must not reach a log or a reply.
    var codingPathDescription: String {
        switch self {
        case let .invalidValue(_, context):
            context.codingPath.dottedDescription
        @unknown default:
            ""
        }
    }
}

extension Array where Element == any CodingKey {
    /// Path such as `params.keys[2].name`, for error messages.
    var dottedDescription: String {
        var text = ""
        for key in self {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
