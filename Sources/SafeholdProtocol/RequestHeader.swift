#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Envelope of a request without its parameters: the first pass of the two-pass decode.
///
/// The service decodes the header of every frame, checks the version and the operation, and hands
/// the header and the whole frame to the broker, which then decodes the parameter type that the
/// operation expects with `decodeParams(_:from:)`.
///
/// The description and the mirror leave out the bearer token.
public struct RequestHeader: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// `v`: always `protocolVersion` once decoded.
    public var version: Int
    /// `id`: chosen by the client and echoed in the response. Clients start at 1; responses to
    /// frames whose id could not be read carry 0.
    public var id: Int
    /// `op`
    public var operation: Operation
    /// `token`: the bearer token, when the caller authenticates with one instead of its OS login.
    public var token: String?

    public init(version: Int = protocolVersion, id: Int, operation: Operation, token: String? = nil) {
        self.version = version
        self.id = id
        self.operation = operation
        self.token = token
    }

    public var description: String {
        "RequestHeader(v: \(version), id: \(id), op: \(operation.rawValue), token: \(token == nil ? "none" : "redacted"))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["version": version, "id": id, "operation": operation], displayStyle: .struct)
    }

    /// Decodes the envelope of a request frame and checks its version and operation.
    public static func decode(from frame: Data) throws(EnvelopeError) -> RequestHeader {
        let raw: RawHeader
        if let read = try? RawHeader.read(from: frame) {
            raw = read
        } else {
            raw = try decodeWithErrors(frame)
        }
        return try check(raw)
    }

    /// Decodes the envelope with `JSONDecoder`, whose errors name the field and the problem. The
    /// reader above is faster but reports less, so a frame that it cannot read comes here.
    private static func decodeWithErrors(_ frame: Data) throws(EnvelopeError) -> RawHeader {
        do {
            return try WireCoding.decoder().decode(RawHeader.self, from: frame)
        } catch let error as DecodingError {
            throw EnvelopeError(decodingHeader: error, requestID: salvageRequestID(from: frame))
        } catch {
            throw .malformedJSON
        }
    }

    /// Checks the fields of a decoded envelope.
    private static func check(_ raw: RawHeader) throws(EnvelopeError) -> RequestHeader {
        guard let id = raw.id else {
            throw .missingField("id", requestID: nil)
        }
        guard let version = raw.v else {
            throw .missingField("v", requestID: id)
        }
        guard version == protocolVersion else {
            throw .unsupportedVersion(version, requestID: id)
        }
        guard let name = raw.op else {
            throw .missingField("op", requestID: id)
        }
        guard let operation = Operation(rawValue: name) else {
            throw .unknownOperation(name, requestID: id)
        }

        return RequestHeader(version: version, id: id, operation: operation, token: raw.token)
    }

    /// Decodes the `params` of `frame` as the type that this header's operation expects.
    ///
    /// A frame without `params` is decoded as if it had sent `{}`, so operations whose parameters
    /// are all optional, or `EmptyPayload`, accept it.
    public func decodeParams<Params: Decodable>(_ type: Params.Type, from frame: Data) throws(EnvelopeError) -> Params {
        if let readable = type as? any WireJSONReadable.Type, let params = Self.readParams(readable, from: frame) {
            // `readable` is `type` under another static type, so the value read is a `Params`.
            return params as! Params
        }
        do {
            let envelope = try WireCoding.decoder().decode(ParamsEnvelope<Params>.self, from: frame)
            if let params = envelope.params {
                return params
            }
            return try WireCoding.decoder().decode(Params.self, from: Data("{}".utf8))
        } catch let error as DecodingError {
            throw EnvelopeError(decodingParams: error, operation: operation, requestID: id)
        } catch {
            throw .invalidParams(operation, codingPath: "params", reason: "cannot be decoded", requestID: id)
        }
    }

    /// Reads the `params` of a frame with `JSONReader`, or returns nil when they are absent or
    /// the reader fails, so that `JSONDecoder` decodes them again and names the problem.
    private static func readParams<Params: WireJSONReadable>(_ type: Params.Type, from frame: Data) -> Params? {
        (try? ParamsEnvelope<Params>.read(from: frame))?.params
    }

    /// Reads only the `id` of a frame whose envelope failed to decode, so that the error reply
    /// can still carry it.
    private static func salvageRequestID(from frame: Data) -> Int? {
        (try? WireCoding.decoder().decode(RequestIDOnly.self, from: frame))?.id
    }
}

/// The envelope fields as sent, each optional so that a missing one gets its own error.
private struct RawHeader: Decodable {
    var v: Int?
    var id: Int?
    var op: String?
    var token: String?
}

private struct RequestIDOnly: Decodable {
    var id: Int?
}

private struct ParamsEnvelope<Params> {
    var params: Params?
}

extension ParamsEnvelope: Decodable where Params: Decodable {}

extension ParamsEnvelope: WireJSONReadable where Params: WireJSONReadable {
    init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var params: Params?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            if key == "params", try !reader.readNull() {
                params = try Params(from: &reader)
            } else {
                try reader.skipValue()
            }
        }
        self.params = params
    }
}

extension RawHeader: WireJSONReadable {
    init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            switch key {
            case "v": v = try reader.readNull() ? nil : try reader.readInt()
            case "id": id = try reader.readNull() ? nil : try reader.readInt()
            case "op": op = try reader.readNull() ? nil : try reader.readString()
            case "token": token = try reader.readNull() ? nil : try reader.readString()
            default: try reader.skipValue()
            }
        }
    }
}
