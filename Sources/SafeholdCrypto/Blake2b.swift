#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// Unkeyed BLAKE2b-256 (`crypto_generichash` without a key), for the audit hash chain and
/// checksums of non-secret data.
public enum Blake2b {
    /// Output size in bytes.
    public static let size = 32

    /// Returns the BLAKE2b-256 hash of `data`.
    public static func hash256(_ data: Data) -> Data {
        data.withUnsafeBytes { hash256($0) }
    }

    /// Returns the BLAKE2b-256 hash of `bytes`.
    public static func hash256(_ bytes: UnsafeRawBufferPointer) -> Data {
        var output = Data(count: size)
        output.withUnsafeMutableBytes { hash256(bytes, into: $0) }
        return output
    }

    /// Writes the BLAKE2b-256 hash of `bytes` into the first 32 bytes of `output`, without
    /// allocating, for loops that hash millions of audit events.
    public static func hash256(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        Sodium.initialize()
        precondition(output.count >= size, "a BLAKE2b-256 output buffer needs \(size) bytes, got \(output.count)")
        let outputBase = output.baseAddress!.assumingMemoryBound(to: UInt8.self)

        let status = bytes.withNonNullBytes { inputBase, inputCount in
            crypto_generichash(outputBase, size, inputBase, UInt64(inputCount), nil, 0)
        }
        precondition(status == 0, "crypto_generichash rejected its arguments")
    }
}
