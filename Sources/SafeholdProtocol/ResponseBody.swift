#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds response frame bodies for the service's request handler.
public enum ResponseBody {
    /// Body of a success response carrying `result`.
    public static func success<Payload: Encodable>(id: Int, result: Payload) throws(WireCodingError) -> Data {
        try WireCoding.encode(WireResponse(id: id, result: result))
    }

    /// Body of an error response. If `error` cannot be encoded, the body reports an internal error
    /// instead, so this function cannot fail.
    public static func failure(id: Int, error: WireError) -> Data {
        if let body = try? WireCoding.encode(WireResponse<EmptyPayload>(id: id, error: error)) {
            return body
        }
        return Data(
            #"{"error":{"code":"internalError","message":"internal error in the safehold service"},"id":\#(id),"ok":false,"v":\#(protocolVersion)}"#
                .utf8
        )
    }
}
