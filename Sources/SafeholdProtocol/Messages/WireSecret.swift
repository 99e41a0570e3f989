#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// A secret inside a wire message, sent as a base64 string and held as `SecretBytes` on both
/// ends. Its description is redacted like the secret's.
///
/// NOTE: JSONEncoder and JSONDecoder work on Swift strings, so for messages that are not
/// `WireJSONWritable` and `WireJSONReadable` the base64 text briefly exists in ordinary heap
/// memory while a frame is encoded or decoded. A check-out reply is both, so it never becomes a
/// string; a key import, a `verify` or a new token still does. It
/// never reaches a log, argv, the environment or disk, and the service disables core dumps.
public struct WireSecret: Codable, Sendable, CustomStringConvertible {
    public let bytes: SecretBytes

    public init(_ bytes: SecretBytes) {
        self.bytes = bytes
    }

    public init(from decoder: any Decoder) throws {
        var text = Array(try decoder.singleValueContainer().decode(String.self).utf8)
        defer { for index in text.indices { text[index] = 0 } }
        guard let bytes = text.withUnsafeBytes({ SecretEncoding.decodeBase64($0) }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a secret field is not valid base64"))
        }
        self.bytes = bytes
    }

    public func encode(to encoder: any Encoder) throws {
        let encoded = SecretEncoding.base64(bytes)
        let text = encoded.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { "WireSecret(redacted)" }
}

/// The three values of an API key on the wire.
public struct WireApiKeyValues: Codable, Sendable {
    public var clientId: WireSecret
    public var clientSecret: WireSecret
    public var clientSecretId: WireSecret?

    public init(clientId: WireSecret, clientSecret: WireSecret, clientSecretId: WireSecret?) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.clientSecretId = clientSecretId
    }
}
