#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// The vault's master key: 32 random bytes that wrap every record's data key. It is stored only
/// wrapped, by a key derived from a passphrase with Argon2id or by a key file.
public enum MasterKey {
    /// Size of the master key in bytes.
    public static let size = 32

    /// Associated data of the sealed master key, so that the sealed key opens only as a master key.
    static let associatedDataBytes = Array("safehold master key v1".utf8)

    /// Context of the keyed hash that turns a key file's bytes into the wrapping key, so that the
    /// key file's bytes are never used directly as an AEAD key.
    static let keyFileContext = Array("safehold key-file wrapping key v1".utf8)

    /// Returns a new random master key.
    public static func generate(random: any RandomSource) -> SecretBytes {
        SecretBytes.random(count: size, using: random)
    }

    /// Wraps `masterKey` under a key derived from `passphrase` with Argon2id and a fresh random
    /// salt, and returns the bytes of the wrapped master key file (a JSON document).
    ///
    /// - Throws: `CryptoError.unsupported` when `limits` are outside libsodium's range or Argon2id
    ///   fails, usually because `limits.memLimit` bytes cannot be allocated.
    public static func wrap(
        _ masterKey: SecretBytes,
        passphrase: SecretBytes,
        limits: Argon2Limits,
        random: any RandomSource
    ) throws(CryptoError) -> Data {
        precondition(masterKey.count == size, "a master key must be \(size) bytes, got \(masterKey.count)")
        guard limits.isWithinLibsodiumBounds else {
            throw .unsupported("Argon2id limits \(limits.opsLimit) passes and \(limits.memLimit) bytes are outside the range that libsodium accepts")
        }

        let salt = random.bytes(count: WrappedMasterKeyFile.saltSize)
        let wrappingKey = try deriveKey(passphrase: passphrase, salt: salt, limits: limits)
        let sealed = masterKey.withUnsafeBytes { masterKeyBytes in
            AEAD.seal(masterKeyBytes, key: wrappingKey, associatedDataBytes: associatedDataBytes, random: random)
        }

        let file = WrappedMasterKeyFile(
            method: .passphrase,
            keyDerivation: .init(limits: limits, salt: salt),
            sealedMasterKey: sealed
        )
        return file.encoded()
    }

    /// Wraps `masterKey` under a key derived from the 32 bytes of a key file, and returns the
    /// bytes of the wrapped master key file (a JSON document).
    ///
    /// - Throws: `CryptoError.unsupported` when `keyFileKey` is not `KeyFile.size` bytes.
    public static func wrap(
        _ masterKey: SecretBytes,
        keyFileKey: SecretBytes,
        random: any RandomSource
    ) throws(CryptoError) -> Data {
        precondition(masterKey.count == size, "a master key must be \(size) bytes, got \(masterKey.count)")

        let wrappingKey = try deriveKey(keyFileKey: keyFileKey)
        let sealed = masterKey.withUnsafeBytes { masterKeyBytes in
            AEAD.seal(masterKeyBytes, key: wrappingKey, associatedDataBytes: associatedDataBytes, random: random)
        }

        let file = WrappedMasterKeyFile(method: .keyFile, keyDerivation: nil, sealedMasterKey: sealed)
        return file.encoded()
    }

    /// Returns how the master key in `bytes` is wrapped, after checking that the file is intact.
    ///
    /// - Throws: `CryptoError.damagedKeyMaterial` or `CryptoError.unsupported` (see `unwrap`).
    public static func method(ofWrappedFile bytes: Data) throws(CryptoError) -> WrapMethod {
        try WrappedMasterKeyFile(parsing: bytes).method
    }

    /// Unwraps the master key with a passphrase.
    ///
    /// - Throws: `CryptoError.wrongPassphrase` when the file is intact but the passphrase does not
    ///   open it.
    /// - Throws: `CryptoError.damagedKeyMaterial` when the file is malformed or fails its checksum.
    /// - Throws: `CryptoError.unsupported` when the file is wrapped with a key file or has an
    ///   unknown format.
    public static func unwrap(_ fileBytes: Data, passphrase: SecretBytes) throws(CryptoError) -> SecretBytes {
        let file = try WrappedMasterKeyFile(parsing: fileBytes)
        guard file.method == .passphrase, let keyDerivation = file.keyDerivation else {
            throw .unsupported("the master key is wrapped with a key file, not a passphrase; pass the key file")
        }

        let wrappingKey = try deriveKey(passphrase: passphrase, salt: keyDerivation.salt, limits: keyDerivation.limits)
        do {
            return try openSealedMasterKey(file.sealedMasterKey, wrappingKey: wrappingKey)
        } catch {
            throw .wrongPassphrase
        }
    }

    /// Unwraps the master key with the 32 bytes of a key file.
    ///
    /// - Throws: `CryptoError.wrongKeyFile` when the file is intact but the key file does not open
    ///   it.
    /// - Throws: `CryptoError.damagedKeyMaterial` when the file is malformed or fails its checksum.
    /// - Throws: `CryptoError.unsupported` when the file is wrapped with a passphrase or has an
    ///   unknown format.
    public static func unwrap(_ fileBytes: Data, keyFileKey: SecretBytes) throws(CryptoError) -> SecretBytes {
        let file = try WrappedMasterKeyFile(parsing: fileBytes)
        guard file.method == .keyFile else {
            throw .unsupported("the master key is wrapped with a passphrase, not a key file; enter the passphrase")
        }

        let wrappingKey = try deriveKey(keyFileKey: keyFileKey)
        do {
            return try openSealedMasterKey(file.sealedMasterKey, wrappingKey: wrappingKey)
        } catch {
            throw .wrongKeyFile
        }
    }

    private static func openSealedMasterKey(_ sealed: Data, wrappingKey: SecretBytes) throws(CryptoError) -> SecretBytes {
        let masterKey = try AEAD.open(sealed, key: wrappingKey, associatedDataBytes: associatedDataBytes)
        guard masterKey.count == size else { throw .authenticationFailed }
        return masterKey
    }

    /// Derives the 32-byte wrapping key from a passphrase with Argon2id (`crypto_pwhash`).
    static func deriveKey(passphrase: SecretBytes, salt: [UInt8], limits: Argon2Limits) throws(CryptoError) -> SecretBytes {
        Sodium.initialize()
        precondition(salt.count == WrappedMasterKeyFile.saltSize)
        guard limits.isWithinLibsodiumBounds, let memLimit = Int(exactly: limits.memLimit) else {
            throw .unsupported("Argon2id limits \(limits.opsLimit) passes and \(limits.memLimit) bytes are outside the range that libsodium accepts")
        }

        let key = SecretBytes(count: AEAD.keySize)
        let status = passphrase.withUnsafeBytes { passphraseBytes in
            passphraseBytes.withMemoryRebound(to: CChar.self) { passphraseChars in
                crypto_pwhash(
                    key.mutableBytePointer, UInt64(key.count),
                    passphraseChars.baseAddress!, UInt64(passphraseChars.count),
                    salt,
                    limits.opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13
                )
            }
        }
        guard status == 0 else {
            throw .unsupported("Argon2id failed with \(limits.memLimit) bytes of memory; free memory or lower the limits")
        }
        return key
    }

    /// Derives the 32-byte wrapping key from a key file's bytes: BLAKE2b keyed with the key file
    /// over a fixed context string.
    static func deriveKey(keyFileKey: SecretBytes) throws(CryptoError) -> SecretBytes {
        guard keyFileKey.count == KeyFile.size else {
            throw .unsupported("invalid key file key size: expected \(KeyFile.size) bytes, got \(keyFileKey.count)")
        }
        return keyFileContext.withUnsafeBytes { context in
            KeyedHash.secretHash(context, key: keyFileKey, length: AEAD.keySize)
        }
    }
}
