#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The messages of a check-out, written by `WireJSONWriter`. Keys go in sorted order, as
// `JSONEncoder` sorts them with `.sortedKeys`, and optional fields that are nil are left out, as
// the synthesized `Codable` conformances leave them out.

extension WireResponse: WireJSONWritable where Payload: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        switch outcome {
        case let .success(result):
            writer.key("id")
            writer.int(id)
            writer.key("ok")
            writer.bool(true)
            writer.key("result")
            writer.value(result)
        case let .failure(error):
            writer.key("error")
            writer.value(error)
            writer.key("id")
            writer.int(id)
            writer.key("ok")
            writer.bool(false)
        }
        writer.key("v")
        writer.int(version)
        writer.endObject()
    }
}

extension WireRequest: WireJSONWritable where Params: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.int(header.id)
        writer.key("op")
        writer.string(header.operation.rawValue)
        writer.key("params")
        writer.value(params)
        if let token = header.token {
            writer.key("token")
            writer.string(token)
        }
        writer.key("v")
        writer.int(header.version)
        writer.endObject()
    }
}

extension WireError: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.key("code")
        writer.string(code.rawValue)
        if let hint {
            writer.key("hint")
            writer.string(hint)
        }
        writer.key("message")
        writer.string(message)
        writer.endObject()
    }
}

extension EmptyPayload: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.endObject()
    }
}

extension RequestIDParams: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.endObject()
    }
}

extension CheckOutResult: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.key("accountPath")
        writer.string(accountPath)
        writer.key("keys")
        writer.beginArray()
        for key in keys {
            writer.value(key)
        }
        writer.endArray()
        writer.key("requestId")
        writer.string(requestId)
        writer.endObject()
    }
}

extension WireRevealedKey: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.key("description")
        writer.string(description)
        writer.key("name")
        writer.string(name)
        writer.key("values")
        writer.value(values)
        writer.key("version")
        writer.int(version)
        writer.endObject()
    }
}

extension WireApiKeyValues: WireJSONWritable {
    public func write(to writer: inout WireJSONWriter) {
        writer.beginObject()
        writer.key("clientId")
        writer.secret(clientId.bytes)
        writer.key("clientSecret")
        writer.secret(clientSecret.bytes)
        if let clientSecretId {
            writer.key("clientSecretId")
            writer.secret(clientSecretId.bytes)
        }
        writer.endObject()
    }
}
