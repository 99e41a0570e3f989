#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel

/// The plaintext values of one API key version. Each lives in guarded memory.
public struct ApiKeyValues: Sendable {
    public let clientID: SecretBytes
    public let clientSecret: SecretBytes
    public let clientSecretID: SecretBytes?

    public init(clientID: SecretBytes, clientSecret: SecretBytes, clientSecretID: SecretBytes?) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clientSecretID = clientSecretID
    }

    /// Every value, for redaction and leak checks.
    public var all: [SecretBytes] {
        [clientID, clientSecret] + (clientSecretID.map { [$0] } ?? [])
    }
}

/// The sealed form of `ApiKeyValues`: the three values are encoded into one buffer and sealed
/// together, bound to the key id and version, so that a version copied to another key or another
/// version number fails to open.
enum ApiKeySealing {
    static let kind = "api-key"

    static func binding(keyID: ApiKeyID, version: Int) -> AssociatedData {
        AssociatedData(kind: kind, recordID: keyID.rawValue, version: version)
    }

    /// Seals `values` for (key, version) under a fresh data key wrapped by `masterKey`.
    static func seal(
        _ values: ApiKeyValues, keyID: ApiKeyID, version: Int, masterKey: SecretBytes, random: any RandomSource
    ) -> (wrappedDataKey: Data, sealedValue: Data) {
        let payload = encode(values)
        return RecordSealing.seal(payload, masterKey: masterKey, associatedData: binding(keyID: keyID, version: version), random: random)
    }

    static func open(_ version: KeyVersion, masterKey: SecretBytes) throws -> ApiKeyValues {
        guard let wrapped = version.wrappedDataKey, let sealed = version.sealedValue else {
            throw BrokerError.internalError(detail: "key \(version.keyID) version \(version.version) has no sealed value")
        }
        let payload: SecretBytes
        do {
            payload = try RecordSealing.open(
                wrappedDataKey: wrapped, sealedValue: sealed, masterKey: masterKey,
                associatedData: binding(keyID: version.keyID, version: version.version)
            )
        } catch {
            // Deliberately vague about which layer failed: a wrong master key, altered bytes and a
            // value copied from another key or version all read the same.
            throw BrokerError.rejected(
                "the sealed value of key \(version.keyID) version \(version.version) failed to open: it is damaged or was copied from another record",
                kind: .failed, hint: "restore the vault from a backup, or replace the key's values with `safehold apikey import FILE --update`"
            )
        }
        return try decode(payload)
    }

    /// Encodes as: a presence byte for the secret ID, then each value as a 4-byte big-endian
    /// length and its bytes. The buffer is guarded memory, like the values.
    static func encode(_ values: ApiKeyValues) -> SecretBytes {
        let parts = values.all
        let total = 1 + parts.reduce(0) { $0 + 4 + $1.count }
        let payload = SecretBytes(count: total)
        payload.withUnsafeMutableBytes { output in
            output[0] = values.clientSecretID == nil ? 0 : 1
            var offset = 1
            for part in parts {
                let count = UInt32(part.count)
                output[offset] = UInt8(count >> 24)
                output[offset + 1] = UInt8(count >> 16 & 0xff)
                output[offset + 2] = UInt8(count >> 8 & 0xff)
                output[offset + 3] = UInt8(count & 0xff)
                offset += 4
                part.withUnsafeBytes { input in
                    if input.count > 0 {
                        UnsafeMutableRawBufferPointer(rebasing: output[offset..<(offset + input.count)]).copyMemory(from: input)
                    }
                }
                offset += part.count
            }
        }
        return payload
    }

    static func decode(_ payload: SecretBytes) throws -> ApiKeyValues {
        try payload.withUnsafeBytes { input -> ApiKeyValues in
            guard input.count >= 1 else { throw BrokerError.internalError(detail: "empty key payload") }
            let hasSecretID = input[0] == 1
            var offset = 1
            func next() throws -> SecretBytes {
                guard offset + 4 <= input.count else { throw BrokerError.internalError(detail: "truncated key payload") }
                let count = Int(input[offset]) << 24 | Int(input[offset + 1]) << 16 | Int(input[offset + 2]) << 8 | Int(input[offset + 3])
                offset += 4
                guard offset + count <= input.count else { throw BrokerError.internalError(detail: "truncated key payload") }
                let value = SecretBytes(copying: UnsafeRawBufferPointer(rebasing: input[offset..<(offset + count)]))
                offset += count
                return value
            }
            let clientID = try next()
            let clientSecret = try next()
            let clientSecretID = hasSecretID ? try next() : nil
            return ApiKeyValues(clientID: clientID, clientSecret: clientSecret, clientSecretID: clientSecretID)
        }
    }
}
