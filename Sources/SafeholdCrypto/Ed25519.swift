#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// Ed25519 signatures (`crypto_sign_*`), used to sign the audit chain head at checkpoints.
public enum Ed25519 {
    public static let publicKeySize = Int(crypto_sign_PUBLICKEYBYTES)
    /// Size of the secret key in libsodium's form: the 32-byte seed followed by the public key.
    public static let secretKeySize = Int(crypto_sign_SECRETKEYBYTES)
    public static let seedSize = Int(crypto_sign_SEEDBYTES)
    public static let signatureSize = Int(crypto_sign_BYTES)

    /// Returns a new key pair whose 32-byte seed is drawn from `random`.
    public static func generateKeyPair(random: any RandomSource) -> (publicKey: Data, secretKey: SecretBytes) {
        let seed = SecretBytes.random(count: seedSize, using: random)
        return keyPair(seed: seed)
    }

    /// Returns the key pair of a 32-byte seed (RFC 8032's "secret key").
    public static func keyPair(seed: SecretBytes) -> (publicKey: Data, secretKey: SecretBytes) {
        Sodium.initialize()
        precondition(seed.count == seedSize, "an Ed25519 seed must be \(seedSize) bytes, got \(seed.count)")

        var publicKey = Data(count: publicKeySize)
        let secretKey = SecretBytes(count: secretKeySize)
        let status = publicKey.withUnsafeMutableBytes { publicKeyBytes in
            crypto_sign_seed_keypair(
                publicKeyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
                secretKey.mutableBytePointer,
                seed.bytePointer
            )
        }
        precondition(status == 0, "crypto_sign_seed_keypair failed")
        return (publicKey, secretKey)
    }

    /// Returns the 64-byte detached signature of `message` by `secretKey` (64 bytes, libsodium's form).
    public static func sign(_ message: Data, secretKey: SecretBytes) -> Data {
        Sodium.initialize()
        precondition(secretKey.count == secretKeySize, "an Ed25519 secret key must be \(secretKeySize) bytes, got \(secretKey.count)")

        var signature = Data(count: signatureSize)
        let status = signature.withUnsafeMutableBytes { signatureBytes in
            message.withNonNullBytes { messageBase, messageCount in
                crypto_sign_detached(
                    signatureBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), nil,
                    messageBase, UInt64(messageCount),
                    secretKey.bytePointer
                )
            }
        }
        precondition(status == 0, "crypto_sign_detached failed")
        return signature
    }

    /// Returns whether `signature` is a valid signature of `message` by `publicKey`. Wrong sizes
    /// return false.
    public static func verify(signature: Data, message: Data, publicKey: Data) -> Bool {
        Sodium.initialize()
        guard signature.count == signatureSize, publicKey.count == publicKeySize else { return false }

        let status = signature.withNonNullBytes { signatureBase, _ in
            message.withNonNullBytes { messageBase, messageCount in
                publicKey.withNonNullBytes { publicKeyBase, _ in
                    crypto_sign_verify_detached(signatureBase, messageBase, UInt64(messageCount), publicKeyBase)
                }
            }
        }
        return status == 0
    }
}
