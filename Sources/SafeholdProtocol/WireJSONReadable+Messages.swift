#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdCrypto

// The replies of a check-out, read by `JSONReader`. Like the synthesized `Decodable`
// conformances, they take keys in any order, skip unknown keys, and treat an optional key that
// is null like one that is absent.

extension JSONReader {
    /// Returns the value, or a failure that names the key when it was absent.
    fileprivate func required<Value>(_ value: Value?, _ key: String) throws(Failure) -> Value {
        guard let value else { throw failure("missing key \(key)") }
        return value
    }
}

extension WireResponse: WireJSONReadable where Payload: WireJSONReadable {
    /// Reads a response. A success without `result` reads the payload from `{}`.
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var version: Int?
        var id: Int?
        var ok: Bool?
        var result: Payload?
        var error: WireError?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            switch key {
            case "v": version = try reader.readInt()
            case "id": id = try reader.readInt()
            case "ok": ok = try reader.readBool()
            case "result": result = try reader.readNull() ? nil : try Payload(from: &reader)
            case "error": error = try reader.readNull() ? nil : try WireError(from: &reader)
            default: try reader.skipValue()
            }
        }
        self.version = try reader.required(version, "v")
        self.id = try reader.required(id, "id")
        if try reader.required(ok, "ok") {
            if let result {
                outcome = .success(result)
            } else {
                outcome = .success(try Payload.read(from: Data("{}".utf8)))
            }
        } else {
            outcome = .failure(try reader.required(error, "error"))
        }
    }
}

extension WireError: WireJSONReadable {
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var code: ErrorCode?
        var message: String?
        var hint: String?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            switch key {
            case "code":
                let text = try reader.readString()
                guard let known = ErrorCode(rawValue: text) else { throw reader.failure("unknown error code") }
                code = known
            case "message": message = try reader.readString()
            case "hint": hint = try reader.readNull() ? nil : try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(code: try reader.required(code, "code"), message: try reader.required(message, "message"), hint: hint)
    }
}

extension EmptyPayload: WireJSONReadable {
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        try reader.readObject { _, reader throws(JSONReader.Failure) in try reader.skipValue() }
        self.init()
    }
}

extension CheckOutResult: WireJSONReadable {
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var requestId: String?
        var accountPath: String?
        var keys: [WireRevealedKey]?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            switch key {
            case "requestId": requestId = try reader.readString()
            case "accountPath": accountPath = try reader.readString()
            case "keys":
                var read: [WireRevealedKey] = []
                try reader.readArray { reader throws(JSONReader.Failure) in read.append(try WireRevealedKey(from: &reader)) }
                keys = read
            default: try reader.skipValue()
            }
        }
        self.init(
            requestId: try reader.required(requestId, "requestId"), accountPath: try reader.required(accountPath, "accountPath"),
            keys: try reader.required(keys, "keys")
        )
    }
}

extension WireRevealedKey: WireJSONReadable {
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var name: String?
        var description: String?
        var version: Int?
        var values: WireApiKeyValues?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            switch key {
            case "name": name = try reader.readString()
            case "description": description = try reader.readString()
            case "version": version = try reader.readInt()
            case "values": values = try WireApiKeyValues(from: &reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            name: try reader.required(name, "name"), description: try reader.required(description, "description"),
            version: try reader.required(version, "version"), values: try reader.required(values, "values")
        )
    }
}

extension WireApiKeyValues: WireJSONReadable {
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var clientId: SecretBytes?
        var clientSecret: SecretBytes?
        var clientSecretId: SecretBytes?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            switch key {
            case "clientId": clientId = try reader.readSecret()
            case "clientSecret": clientSecret = try reader.readSecret()
            case "clientSecretId": clientSecretId = try reader.readNull() ? nil : try reader.readSecret()
            default: try reader.skipValue()
            }
        }
        self.init(
            clientId: WireSecret(try reader.required(clientId, "clientId")),
            clientSecret: WireSecret(try reader.required(clientSecret, "clientSecret")),
            clientSecretId: clientSecretId.map(WireSecret.init)
        )
    }
}

extension RequestIDParams: WireJSONReadable {
    public init(from reader: inout JSONReader) throws(JSONReader.Failure) {
        var id: String?
        try reader.readObject { key, reader throws(JSONReader.Failure) in
            if key == "id" {
                id = try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        self.init(id: try reader.required(id, "id"))
    }
}
