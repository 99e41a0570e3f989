#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdStore
import SafeholdSystem

/// A master key unwrapped by a credential, and which file it came from.
struct UnwrappedMasterKey {
    var key: SecretBytes
    /// Set when the credential does not open `master.key` but opens `master.key.new`, which an
    /// interrupted rekey left: the error that `master.key` gave.
    var masterKeyFileError: VaultError?

    var isFromPendingFile: Bool { masterKeyFileError != nil }
}

extension Vault {
    /// Unwraps the master key with the given credential. When the credential does not open
    /// `master.key` but opens the `master.key.new` of an interrupted rekey, the key comes from
    /// there. The caller renames that file only after the database has accepted the key.
    static func unwrapMasterKey(layout: VaultLayout, unlock: VaultUnlock) throws(VaultError) -> UnwrappedMasterKey {
        let current = try readWrappedKey(at: layout.wrappedMasterKey)
        do {
            return UnwrappedMasterKey(key: try unwrap(current, unlock: unlock, layout: layout))
        } catch {
            guard isWrongCredential(error), PrivateFile.exists(layout.pendingWrappedMasterKey),
                  let pending = try? PrivateFile.read(layout.pendingWrappedMasterKey, limit: 64 * 1024),
                  let masterKey = try? unwrap(pending, unlock: unlock, layout: layout)
            else { throw error }
            return UnwrappedMasterKey(key: masterKey, masterKeyFileError: error)
        }
    }

    private static func unwrap(_ bytes: [UInt8], unlock: VaultUnlock, layout: VaultLayout) throws(VaultError) -> SecretBytes {
        let data = Data(bytes)
        let method: MasterKey.WrapMethod
        do {
            method = try MasterKey.method(ofWrappedFile: data)
        } catch {
            throw VaultError.from(error, keyFilePath: nil, wrappedKeyPath: layout.wrappedMasterKey)
        }

        switch (unlock, method) {
        case let (.passphrase(passphrase), .passphrase):
            do {
                return try MasterKey.unwrap(data, passphrase: passphrase)
            } catch {
                throw VaultError.from(error, keyFilePath: nil, wrappedKeyPath: layout.wrappedMasterKey)
            }
        case let (.keyFile(path), .keyFile):
            do {
                let fileKey = try KeyFile.load(at: path)
                return try MasterKey.unwrap(data, keyFileKey: fileKey)
            } catch {
                throw VaultError.from(error, keyFilePath: path, wrappedKeyPath: layout.wrappedMasterKey)
            }
        case (.keyFile, .passphrase):
            throw .protectionMismatch(expected: "passphrase")
        case (.passphrase, .keyFile):
            throw .protectionMismatch(expected: "key file")
        }
    }

    /// Returns whether the credential is intact but not the one `master.key` is wrapped with. A
    /// rekey that changes the method (key file to passphrase, or back) makes the new credential
    /// a mismatch for the old file, so a mismatch also tries the pending file.
    private static func isWrongCredential(_ error: VaultError) -> Bool {
        switch error {
        case .wrongPassphrase, .wrongKeyFile, .protectionMismatch: true
        default: false
        }
    }

    /// Returns the master key the database's records are wrapped with, or nil when `masterKey` is
    /// not this vault's. Normally that is the unwrapped key itself. After a master-key roll that
    /// committed in the database but did not reach the key file's rename, the old key opens the
    /// next key that the database keeps sealed under it, so the old credential keeps working.
    static func resolveMasterKey(_ masterKey: SecretBytes, reader: any StoreReader, layout: VaultLayout) throws -> SecretBytes? {
        guard let expected = try reader.metadata(masterCheckName) else {
            throw VaultError.damagedDatabase(path: layout.database, detail: "the master key check is missing")
        }
        if constantTimeEquals(masterCheck(masterKey), expected) { return masterKey }

        if let sealedNext = try reader.metadata(nextMasterName),
           let next = try? AEAD.open(sealedNext, key: masterKey, associatedData: nextMasterBinding),
           constantTimeEquals(masterCheck(next), expected) {
            return next
        }
        return nil
    }

    /// Finishes what an interrupted rekey left behind, once the database has accepted the key.
    /// A key from `master.key.new` means the rekey committed but did not rename the file: rename
    /// it now. Once `master.key` wraps the database's current key directly, the sealed copy of
    /// that key under the previous one is deleted, so the previous credential opens nothing.
    static func finishInterruptedRekey(
        _ unwrapped: UnwrappedMasterKey, current: SecretBytes, store: SQLiteVaultStore, layout: VaultLayout
    ) throws {
        if unwrapped.isFromPendingFile {
            // On failure the pending file stays and still opens with this credential next time.
            guard (try? PrivateFile.rename(layout.pendingWrappedMasterKey, to: layout.wrappedMasterKey)) != nil else { return }
        }
        guard unwrapped.key == current else { return }
        try forgetNextMasterKey(in: store)
    }

    /// Deletes the next master key that a master-key roll keeps sealed under the old one, when
    /// there is one.
    static func forgetNextMasterKey(in store: SQLiteVaultStore) throws {
        guard try store.read({ reader in try reader.metadata(nextMasterName) }) != nil else { return }
        try store.write { writer in try writer.setMetadata(nextMasterName, nil) }
    }

    static let nextMasterBinding = AssociatedData(kind: "rekey", recordID: "next-master", version: 1)
}
