#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Envelope encryption of one record: the value is sealed under its own random 32-byte data key,
/// and the data key is sealed (wrapped) under the master key.
///
/// Changing the master key rewraps only the 72-byte data keys, never the sealed values. Both
/// layers bind the record's kind, id and version. The wrap carries a different purpose tag in
/// its associated data, so a wrapped data key never opens as a sealed value nor the reverse.
public enum RecordSealing {
    /// Size of a data key in bytes.
    public static let dataKeySize = AEAD.keySize

    /// Seals `plaintext` under a fresh data key and wraps that key under `masterKey`.
    public static func seal(
        _ plaintext: SecretBytes,
        masterKey: SecretBytes,
        associatedData: AssociatedData,
        random: any RandomSource
    ) -> (wrappedDataKey: Data, sealedValue: Data) {
        let dataKey = SecretBytes.random(count: dataKeySize, using: random)
        let sealedValue = AEAD.seal(plaintext, key: dataKey, associatedData: associatedData, random: random)
        let wrappedDataKey = AEAD.seal(
            dataKey, key: masterKey, associatedData: associatedData.forWrappedDataKey, random: random
        )
        return (wrappedDataKey, sealedValue)
    }

    /// Unwraps the data key with `masterKey` and opens the sealed value with it.
    ///
    /// - Throws: `CryptoError.authenticationFailed` when either layer fails to open.
    public static func open(
        wrappedDataKey: Data,
        sealedValue: Data,
        masterKey: SecretBytes,
        associatedData: AssociatedData
    ) throws(CryptoError) -> SecretBytes {
        let dataKey = try unwrapDataKey(wrappedDataKey, masterKey: masterKey, associatedData: associatedData)
        return try AEAD.open(sealedValue, key: dataKey, associatedData: associatedData)
    }

    /// Rewraps a data key from `oldMasterKey` to `newMasterKey` with a fresh nonce. The sealed
    /// value stays as it is.
    ///
    /// - Throws: `CryptoError.authenticationFailed` when `oldMasterKey` does not open the wrap.
    public static func rewrap(
        wrappedDataKey: Data,
        from oldMasterKey: SecretBytes,
        to newMasterKey: SecretBytes,
        associatedData: AssociatedData,
        random: any RandomSource
    ) throws(CryptoError) -> Data {
        let dataKey = try unwrapDataKey(wrappedDataKey, masterKey: oldMasterKey, associatedData: associatedData)
        return AEAD.seal(dataKey, key: newMasterKey, associatedData: associatedData.forWrappedDataKey, random: random)
    }

    private static func unwrapDataKey(
        _ wrappedDataKey: Data,
        masterKey: SecretBytes,
        associatedData: AssociatedData
    ) throws(CryptoError) -> SecretBytes {
        let dataKey = try AEAD.open(wrappedDataKey, key: masterKey, associatedData: associatedData.forWrappedDataKey)
        guard dataKey.count == dataKeySize else { throw .authenticationFailed }
        return dataKey
    }
}
