#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A whole response: `{"v":1,"id":N,"ok":true,"result":{...}}` or
/// `{"v":1,"id":N,"ok":false,"error":{"code":"notFound","message":"...","hint":"..."}}`.
///
/// The description leaves out the result, which can contain a revealed secret.
public struct WireResponse<Payload>: CustomStringConvertible, CustomReflectable {
    public var version: Int
    /// The request's id, or 0 for an error about the connection or an unreadable frame.
    public var id: Int
    public var outcome: Result<Payload, WireError>

    public init(id: Int, result: Payload) {
        version = protocolVersion
        self.id = id
        outcome = .success(result)
    }

    public init(id: Int, error: WireError) {
        version = protocolVersion
        self.id = id
        outcome = .failure(error)
    }

    public var description: String {
        switch outcome {
        case .success:
            "WireResponse(v: \(version), id: \(id), ok: true)"
        case let .failure(error):
            "WireResponse(v: \(version), id: \(id), ok: false, error: \(error.code.rawValue))"
        }
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["version": version, "id": id], displayStyle: .struct)
    }
}

extension WireResponse: Sendable where Payload: Sendable {}

private enum WireResponseKey: String, CodingKey {
    case v, id, ok, result, error
}

extension WireResponse: Encodable where Payload: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireResponseKey.self)
        try container.encode(version, forKey: .v)
        try container.encode(id, forKey: .id)
        switch outcome {
        case let .success(result):
            try container.encode(true, forKey: .ok)
            try container.encode(result, forKey: .result)
        case let .failure(error):
            try container.encode(false, forKey: .ok)
            try container.encode(error, forKey: .error)
        }
    }
}

extension WireResponse: Decodable where Payload: Decodable {
    /// Decodes a response. A success without `result` decodes the payload from `{}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireResponseKey.self)
        version = try container.decode(Int.self, forKey: .v)
        id = try container.decode(Int.self, forKey: .id)

        guard try container.decode(Bool.self, forKey: .ok) else {
            outcome = .failure(try container.decode(WireError.self, forKey: .error))
            return
        }

        if let result = try container.decodeIfPresent(Payload.self, forKey: .result) {
            outcome = .success(result)
        } else {
            outcome = .success(try WireCoding.decoder().decode(Payload.self, from: Data("{}".utf8)))
        }
    }
}
