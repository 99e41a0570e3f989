#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A whole request: `{"v":1,"id":N,"op":"Approve","token":"...","params":{...}}`.
///
/// `token` is omitted when nil. The description and the mirror leave out the token and the
/// parameters, which can contain secrets.
public struct WireRequest<Params>: CustomStringConvertible, CustomReflectable {
    public var header: RequestHeader
    public var params: Params

    public init(id: Int, operation: Operation, token: String? = nil, params: Params) {
        header = RequestHeader(id: id, operation: operation, token: token)
        self.params = params
    }

    public var description: String {
        "WireRequest(v: \(header.version), id: \(header.id), op: \(header.operation.rawValue))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["header": header], displayStyle: .struct)
    }
}

extension WireRequest: Sendable where Params: Sendable {}

private enum WireRequestKey: String, CodingKey {
    case v, id, op, token, params
}

extension WireRequest: Encodable where Params: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireRequestKey.self)
        try container.encode(header.version, forKey: .v)
        try container.encode(header.id, forKey: .id)
        try container.encode(header.operation, forKey: .op)
        try container.encodeIfPresent(header.token, forKey: .token)
        try container.encode(params, forKey: .params)
    }
}

extension WireRequest: Decodable where Params: Decodable {
    /// Decodes the whole request in one pass, without the version check of `RequestHeader.decode`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireRequestKey.self)
        header = RequestHeader(
            version: try container.decode(Int.self, forKey: .v),
            id: try container.decode(Int.self, forKey: .id),
            operation: try container.decode(Operation.self, forKey: .op),
            token: try container.decodeIfPresent(String.self, forKey: .token)
        )
        params = try container.decode(Params.self, forKey: .params)
    }
}
