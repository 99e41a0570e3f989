#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// The contents of the wrapped master key file: a small JSON document.
///
/// ```json
/// {
///   "checksum" : "<base64 BLAKE2b-256 of the other fields>",
///   "format" : 1,
///   "kdf" : { "algorithm" : "argon2id13", "memLimit" : 268435456, "opsLimit" : 3, "salt" : "<base64>" },
///   "method" : "passphrase",
///   "sealedMasterKey" : "<base64 nonce || ciphertext || tag>"
/// }
/// ```
///
/// `kdf` is present only for the passphrase method. The checksum is not a secret and not a MAC.
/// It distinguishes a damaged file, which fails the checksum, from a wrong passphrase or key file,
/// which passes it but fails to open the sealed master key.
struct WrappedMasterKeyFile: Equatable {
    static let formatVersion = 1
    static let kdfAlgorithm = "argon2id13"
    static let saltSize = Int(crypto_pwhash_SALTBYTES)
    static let sealedMasterKeySize = MasterKey.size + AEAD.overhead

    /// Argon2id parameters stored beside the sealed master key.
    struct KeyDerivation: Equatable {
        var limits: Argon2Limits
        var salt: [UInt8]
    }

    var method: WrapMethod
    /// Present exactly when `method` is `.passphrase`.
    var keyDerivation: KeyDerivation?
    var sealedMasterKey: Data

    init(method: WrapMethod, keyDerivation: KeyDerivation?, sealedMasterKey: Data) {
        precondition((method == .passphrase) == (keyDerivation != nil))
        self.method = method
        self.keyDerivation = keyDerivation
        self.sealedMasterKey = sealedMasterKey
    }

    /// Parses and checks the file bytes.
    ///
    /// The checksum is verified before any field is interpreted, so damage anywhere in the
    /// fields reads as a checksum mismatch rather than as an odd value.
    ///
    /// - Throws: `CryptoError.damagedKeyMaterial` when the document is malformed, the checksum
    ///   does not match or a field has the wrong size.
    /// - Throws: `CryptoError.unsupported` for another format version, wrap method or key
    ///   derivation algorithm.
    init(parsing fileBytes: Data) throws(CryptoError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: fileBytes)
        } catch {
            throw .damagedKeyMaterial("not a valid wrapped master key JSON document")
        }

        guard document.format == Self.formatVersion else {
            throw .unsupported("wrapped master key format \(document.format); this version of Safehold reads format \(Self.formatVersion)")
        }
        let storedChecksum = try Self.decodeBase64(document.checksum, field: "checksum")
        guard constantTimeEquals(storedChecksum, document.computedChecksum()) else {
            throw .damagedKeyMaterial("checksum mismatch")
        }

        guard let method = WrapMethod(rawValue: document.method) else {
            throw .unsupported("wrap method \"\(document.method)\"; this version of Safehold supports \"passphrase\" and \"key-file\"")
        }
        let sealedMasterKey = try Self.decodeBase64(document.sealedMasterKey, field: "sealedMasterKey")
        guard sealedMasterKey.count == Self.sealedMasterKeySize else {
            throw .damagedKeyMaterial("sealedMasterKey has \(sealedMasterKey.count) bytes, expected \(Self.sealedMasterKeySize)")
        }
        let keyDerivation = try Self.parseKeyDerivation(document.kdf, method: method)

        self.init(method: method, keyDerivation: keyDerivation, sealedMasterKey: sealedMasterKey)
    }

    /// Encodes the JSON document. Keys are sorted so that the same contents give the same bytes,
    /// and slashes are not escaped so that the base64 text reads as it is.
    func encoded() -> Data {
        var document = Document(
            format: Self.formatVersion,
            method: method.rawValue,
            kdf: keyDerivation.map {
                Document.KDF(
                    algorithm: Self.kdfAlgorithm,
                    opsLimit: $0.limits.opsLimit,
                    memLimit: $0.limits.memLimit,
                    salt: Data($0.salt).base64EncodedString()
                )
            },
            sealedMasterKey: sealedMasterKey.base64EncodedString(),
            checksum: ""
        )
        document.checksum = document.computedChecksum().base64EncodedString()

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var bytes = try encoder.encode(document)
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch {
            preconditionFailure("encoding the wrapped master key document failed: \(error)")
        }
    }

    private static func parseKeyDerivation(_ kdf: Document.KDF?, method: WrapMethod) throws(CryptoError) -> KeyDerivation? {
        switch (method, kdf) {
        case (.keyFile, nil):
            return nil
        case (.keyFile, .some):
            throw .damagedKeyMaterial("kdf is present for the key-file method")
        case (.passphrase, nil):
            throw .damagedKeyMaterial("kdf is missing for the passphrase method")
        case (.passphrase, .some(let kdf)):
            guard kdf.algorithm == kdfAlgorithm else {
                throw .unsupported("key derivation algorithm \(kdf.algorithm); this version of Safehold supports \(kdfAlgorithm)")
            }
            let salt = try decodeBase64(kdf.salt, field: "kdf.salt")
            guard salt.count == saltSize else {
                throw .damagedKeyMaterial("kdf.salt has \(salt.count) bytes, expected \(saltSize)")
            }
            let limits = Argon2Limits(opsLimit: kdf.opsLimit, memLimit: kdf.memLimit)
            guard limits.isWithinLibsodiumBounds else {
                throw .damagedKeyMaterial("kdf limits are outside the range that libsodium accepts")
            }
            return KeyDerivation(limits: limits, salt: Array(salt))
        }
    }

    private static func decodeBase64(_ text: String, field: String) throws(CryptoError) -> Data {
        guard let data = Data(base64Encoded: text) else {
            throw .damagedKeyMaterial("\(field) is not valid base64")
        }
        return data
    }

    /// The JSON shape of the file.
    private struct Document: Codable {
        struct KDF: Codable {
            var algorithm: String
            var opsLimit: UInt64
            var memLimit: UInt64
            var salt: String
        }

        var format: Int
        var method: String
        var kdf: KDF?
        var sealedMasterKey: String
        var checksum: String

        /// BLAKE2b-256 of the canonical encoding of every field except the checksum, taken as
        /// written in the file.
        func computedChecksum() -> Data {
            var encoder = CanonicalEncoder()
            encoder.append(field: "safehold wrapped master key checksum v1")
            encoder.append(integer: UInt64(bitPattern: Int64(format)))
            encoder.append(field: method)
            encoder.append(field: [kdf == nil ? 0 : 1])
            if let kdf {
                encoder.append(field: kdf.algorithm)
                encoder.append(integer: kdf.opsLimit)
                encoder.append(integer: kdf.memLimit)
                encoder.append(field: kdf.salt)
            }
            encoder.append(field: sealedMasterKey)
            return Blake2b.hash256(Data(encoder.bytes))
        }
    }
}
