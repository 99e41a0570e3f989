#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// BLAKE2b keyed with a secret (`crypto_generichash` with a key): a MAC and a PRF. Use it where a
/// value must be identified without storing it, for example tokens and audit references.
public enum KeyedHash {
    /// Output lengths that BLAKE2b supports, in bytes.
    public static let lengthRange = Int(crypto_generichash_BYTES_MIN)...Int(crypto_generichash_BYTES_MAX)
    /// Key lengths that BLAKE2b supports, in bytes.
    public static let keyLengthRange = Int(crypto_generichash_KEYBYTES_MIN)...Int(crypto_generichash_KEYBYTES_MAX)

    /// Returns the `length`-byte BLAKE2b hash of `bytes` keyed with `key` (16 to 64 bytes).
    public static func hash(_ bytes: UnsafeRawBufferPointer, key: SecretBytes, length: Int = 32) -> Data {
        precondition(lengthRange.contains(length), "a BLAKE2b output has 16 to 64 bytes, got \(length)")
        var output = Data(count: length)
        output.withUnsafeMutableBytes { outputBytes in
            hash(bytes, key: key, into: outputBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), length: length)
        }
        return output
    }

    /// Returns the `length`-byte BLAKE2b hash of `data` keyed with `key` (16 to 64 bytes).
    public static func hash(_ data: Data, key: SecretBytes, length: Int = 32) -> Data {
        data.withUnsafeBytes { hash($0, key: key, length: length) }
    }

    /// Returns the `length`-byte BLAKE2b hash of a secret keyed with `key` (16 to 64 bytes).
    public static func hash(_ secret: SecretBytes, key: SecretBytes, length: Int = 32) -> Data {
        secret.withUnsafeBytes { hash($0, key: key, length: length) }
    }

    /// Returns the keyed hash as a secret, for deriving keys.
    static func secretHash(_ bytes: UnsafeRawBufferPointer, key: SecretBytes, length: Int) -> SecretBytes {
        precondition(lengthRange.contains(length), "a BLAKE2b output has 16 to 64 bytes, got \(length)")
        let output = SecretBytes(count: length)
        hash(bytes, key: key, into: output.mutableBytePointer, length: length)
        return output
    }

    private static func hash(
        _ bytes: UnsafeRawBufferPointer,
        key: SecretBytes,
        into output: UnsafeMutablePointer<UInt8>,
        length: Int
    ) {
        Sodium.initialize()
        precondition(keyLengthRange.contains(key.count), "a BLAKE2b key has 16 to 64 bytes, got \(key.count)")
        let status = bytes.withNonNullBytes { inputBase, inputCount in
            crypto_generichash(output, length, inputBase, UInt64(inputCount), key.bytePointer, key.count)
        }
        precondition(status == 0, "crypto_generichash rejected its arguments")
    }
}
