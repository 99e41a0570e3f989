#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// Text encodings of secrets that stay in guarded memory: the output is `SecretBytes` of ASCII
/// characters, never a `String`.
public enum SecretEncoding {
    /// Returns standard base64 with padding (RFC 4648, section 4).
    public static func base64(_ secret: SecretBytes) -> SecretBytes {
        Sodium.initialize()
        let variant = Int32(sodium_base64_VARIANT_ORIGINAL)
        // The encoded length includes the C string's terminating NUL.
        let terminatedLength = safehold_sodium_base64_encoded_len(secret.count, variant)

        let terminated = SecretBytes(count: terminatedLength)
        terminated.withUnsafeMutableBytes { output in
            let outputBase = output.baseAddress!.assumingMemoryBound(to: CChar.self)
            _ = secret.withUnsafeBytes { input in
                input.withNonNullBytes { inputBase, inputCount in
                    sodium_bin2base64(outputBase, terminatedLength, inputBase, inputCount, variant)
                }
            }
        }
        return withoutTerminator(terminated)
    }

    /// Decodes standard base64 (padding optional) straight into guarded memory, or returns nil
    /// when `text` is not valid base64. Used for secrets that arrive as text in a wire frame.
    public static func decodeBase64(_ text: UnsafeRawBufferPointer) -> SecretBytes? {
        Sodium.initialize()
        let capacity = text.count / 4 * 3 + 3
        let decoded = SecretBytes(count: capacity)
        var length = 0
        let status = decoded.withUnsafeMutableBytes { output in
            text.withNonNullBytes { inputBase, inputCount in
                sodium_base642bin(
                    output.baseAddress!.assumingMemoryBound(to: UInt8.self), capacity,
                    UnsafeRawPointer(inputBase).assumingMemoryBound(to: CChar.self), inputCount,
                    nil, &length, nil, Int32(sodium_base64_VARIANT_ORIGINAL)
                )
            }
        }
        guard status == 0 else { return nil }
        let result = SecretBytes(count: length)
        result.withUnsafeMutableBytes { output in
            decoded.withUnsafeBytes { input in
                if length > 0 { output.copyMemory(from: UnsafeRawBufferPointer(rebasing: input[0..<length])) }
            }
        }
        return result
    }

    /// Returns lowercase hexadecimal.
    public static func hex(_ secret: SecretBytes) -> SecretBytes {
        Sodium.initialize()
        let terminatedLength = secret.count * 2 + 1

        let terminated = SecretBytes(count: terminatedLength)
        terminated.withUnsafeMutableBytes { output in
            let outputBase = output.baseAddress!.assumingMemoryBound(to: CChar.self)
            _ = secret.withUnsafeBytes { input in
                input.withNonNullBytes { inputBase, inputCount in
                    sodium_bin2hex(outputBase, terminatedLength, inputBase, inputCount)
                }
            }
        }
        return withoutTerminator(terminated)
    }

    /// Copies all but the last byte (the NUL that libsodium writes) into a new secret.
    private static func withoutTerminator(_ terminated: SecretBytes) -> SecretBytes {
        terminated.withUnsafeBytes { bytes in
            SecretBytes(copying: UnsafeRawBufferPointer(rebasing: bytes.dropLast()))
        }
    }
}
