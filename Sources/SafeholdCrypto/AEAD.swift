#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// XChaCha20-Poly1305-IETF (`crypto_aead_xchacha20poly1305_ietf`) with a fresh random 24-byte
/// nonce per message. A sealed value is `nonce || ciphertext || tag`, 40 bytes longer than the
/// plaintext. The 192-bit nonce makes random nonces safe for any realistic number of messages
/// under one key.
public enum AEAD {
    public static let keySize = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    public static let nonceSize = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    public static let tagSize = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

    /// Bytes that sealing adds to a plaintext: the nonce and the tag.
    public static var overhead: Int { nonceSize + tagSize }

    /// Encrypts `plaintext` under `key` (32 bytes) and binds it to `associatedData`.
    public static func seal(
        _ plaintext: SecretBytes,
        key: SecretBytes,
        associatedData: AssociatedData,
        random: any RandomSource
    ) -> Data {
        plaintext.withUnsafeBytes { plaintextBytes in
            seal(plaintextBytes, key: key, associatedDataBytes: associatedData.bytes, random: random)
        }
    }

    /// Decrypts a value sealed by `seal` under the same key and associated data.
    ///
    /// - Throws: `CryptoError.authenticationFailed` for a wrong key, other associated data, or
    ///   any altered, truncated or extended byte.
    public static func open(
        _ sealed: Data,
        key: SecretBytes,
        associatedData: AssociatedData
    ) throws(CryptoError) -> SecretBytes {
        try open(sealed, key: key, associatedDataBytes: associatedData.bytes)
    }

    /// Seals raw bytes with raw associated data. The public entry points and the master key wrap
    /// use it, and the known-answer test calls it with the published associated data.
    static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        key: SecretBytes,
        associatedDataBytes: [UInt8],
        random: any RandomSource
    ) -> Data {
        Sodium.initialize()
        precondition(key.count == keySize, "an AEAD key must be \(keySize) bytes, got \(key.count)")

        var sealed = Data(count: nonceSize + plaintext.count + tagSize)
        sealed.withUnsafeMutableBytes { output in
            let outputBase = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            random.fill(UnsafeMutableRawBufferPointer(start: outputBase, count: nonceSize))

            let ciphertextBase = outputBase + nonceSize
            var ciphertextLength: UInt64 = 0
            let status = plaintext.withNonNullBytes { plaintextBase, plaintextCount in
                associatedDataBytes.withNonNullBytes { adBase, adCount in
                    crypto_aead_xchacha20poly1305_ietf_encrypt(
                        ciphertextBase, &ciphertextLength,
                        plaintextBase, UInt64(plaintextCount),
                        adBase, UInt64(adCount),
                        nil, outputBase, key.bytePointer
                    )
                }
            }
            precondition(status == 0 && Int(ciphertextLength) == plaintext.count + tagSize)
        }
        return sealed
    }

    /// Opens raw bytes sealed with raw associated data.
    static func open(
        _ sealed: Data,
        key: SecretBytes,
        associatedDataBytes: [UInt8]
    ) throws(CryptoError) -> SecretBytes {
        Sodium.initialize()
        precondition(key.count == keySize, "an AEAD key must be \(keySize) bytes, got \(key.count)")
        guard sealed.count >= overhead else { throw .authenticationFailed }

        let plaintext = SecretBytes(count: sealed.count - overhead)
        let status = sealed.withNonNullBytes { sealedBase, sealedCount in
            associatedDataBytes.withNonNullBytes { adBase, adCount in
                var plaintextLength: UInt64 = 0
                return crypto_aead_xchacha20poly1305_ietf_decrypt(
                    plaintext.mutableBytePointer, &plaintextLength,
                    nil,
                    sealedBase + nonceSize, UInt64(sealedCount - nonceSize),
                    adBase, UInt64(adCount),
                    sealedBase, key.bytePointer
                )
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return plaintext
    }
}
