#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdStore

/// The vault's own keys, created by `safehold init` and sealed in the database's metadata under
/// the master key like any other record, so that a rekey rewraps them with everything else.
public struct ServiceKeys: Sendable {
    /// Keys the keyed hashes that the audit trail records in place of values.
    public let auditHashKey: SecretBytes
    /// Keys the stored hashes of bearer tokens.
    public let tokenHashKey: SecretBytes
    /// Signs audit chain heads at checkpoints.
    public let signingSecretKey: SecretBytes
    public let signingPublicKey: Data

    static let auditHashName = "key.audit-hash"
    static let tokenHashName = "key.token-hash"
    static let signingName = "key.audit-signing"
    static let signingPublicName = "audit.public-key"
    static let sealedNames = [auditHashName, tokenHashName, signingName]

    static func generate(random: any RandomSource) -> ServiceKeys {
        let signing = Ed25519.generateKeyPair(random: random)
        return ServiceKeys(
            auditHashKey: SecretBytes.random(count: 32, using: random),
            tokenHashKey: SecretBytes.random(count: 32, using: random),
            signingSecretKey: signing.secretKey,
            signingPublicKey: signing.publicKey
        )
    }

    func store(in writer: any StoreWriter, masterKey: SecretBytes, random: any RandomSource) throws {
        for (name, key) in [(Self.auditHashName, auditHashKey), (Self.tokenHashName, tokenHashKey), (Self.signingName, signingSecretKey)] {
            let sealed = RecordSealing.seal(key, masterKey: masterKey, associatedData: Self.binding(name), random: random)
            try writer.setMetadata(name, SealedBlob(wrappedDataKey: sealed.wrappedDataKey, sealedValue: sealed.sealedValue).encoded())
        }
        try writer.setMetadata(Self.signingPublicName, signingPublicKey)
    }

    static func load(from reader: any StoreReader, masterKey: SecretBytes, databasePath: String) throws -> ServiceKeys {
        func open(_ name: String) throws -> SecretBytes {
            guard let bytes = try reader.metadata(name), let blob = SealedBlob(decoding: bytes) else {
                throw VaultError.damagedDatabase(path: databasePath, detail: "the sealed service key '\(name)' is missing")
            }
            do {
                return try RecordSealing.open(
                    wrappedDataKey: blob.wrappedDataKey, sealedValue: blob.sealedValue,
                    masterKey: masterKey, associatedData: binding(name)
                )
            } catch {
                throw VaultError.damagedDatabase(path: databasePath, detail: "the sealed service key '\(name)' fails to open")
            }
        }
        guard let publicKey = try reader.metadata(signingPublicName) else {
            throw VaultError.damagedDatabase(path: databasePath, detail: "the audit public key is missing")
        }
        let signingSecretKey = try open(signingName)

        // The public key is stored unsealed. Someone who can write the database could otherwise
        // swap in a key of their own, under which checkpoints they forged would verify.
        let probe = Data("safehold audit key check".utf8)
        guard Ed25519.verify(signature: Ed25519.sign(probe, secretKey: signingSecretKey), message: probe, publicKey: publicKey) else {
            throw VaultError.damagedDatabase(path: databasePath, detail: "the audit public key does not belong to the sealed audit signing key")
        }
        return ServiceKeys(
            auditHashKey: try open(auditHashName), tokenHashKey: try open(tokenHashName),
            signingSecretKey: signingSecretKey, signingPublicKey: publicKey
        )
    }

    static func binding(_ name: String) -> AssociatedData {
        AssociatedData(kind: "service-key", recordID: name, version: 1)
    }
}

/// A wrapped data key and the value it seals, stored as one metadata blob:
/// a 4-byte big-endian length of the wrapped key, the wrapped key, then the sealed value.
struct SealedBlob {
    var wrappedDataKey: Data
    var sealedValue: Data

    init(wrappedDataKey: Data, sealedValue: Data) {
        self.wrappedDataKey = wrappedDataKey
        self.sealedValue = sealedValue
    }

    init?(decoding bytes: Data) {
        let bytes = [UInt8](bytes)
        guard bytes.count >= 4 else { return nil }
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard bytes.count >= 4 + length else { return nil }
        wrappedDataKey = Data(bytes[4..<(4 + length)])
        sealedValue = Data(bytes[(4 + length)...])
    }

    func encoded() -> Data {
        let length = UInt32(wrappedDataKey.count)
        var bytes = Data([UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)])
        bytes.append(wrappedDataKey)
        bytes.append(sealedValue)
        return bytes
    }
}
