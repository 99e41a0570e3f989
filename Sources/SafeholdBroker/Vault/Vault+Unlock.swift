#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdStore
import SafeholdSystem

extension Vault {
    /// Unwraps the master key with the given credential. When a rekey was interrupted after it
    /// wrote `master.key.new`, the new credential unlocks that file, and the rename that the rekey
    /// did not reach is finished here.
    static func unwrapMasterKey(layout: VaultLayout, unlock: VaultUnlock) throws(VaultError) -> SecretBytes {
        let current = try readWrappedKey(at: layout.wrappedMasterKey)
        do {
            return try unwrap(current, unlock: unlock, layout: layout)
        } catch {
            guard isWrongCredential(error), PrivateFile.exists(layout.pendingWrappedMasterKey),
                  let pending = try? PrivateFile.read(layout.pendingWrappedMasterKey, limit: 64 * 1024),
                  let masterKey = try? unwrap(pending, unlock: unlock, layout: layout)
            else { throw error }
            try? PrivateFile.rename(layout.pendingWrappedMasterKey, to: layout.wrappedMasterKey)
            return masterKey
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

    private static func isWrongCredential(_ error: VaultError) -> Bool {
        switch error {
        case .wrongPassphrase, .wrongKeyFile: true
        default: false
        }
    }

    /// Returns the master key the database's records are wrapped with. Normally that is the
    /// unwrapped key itself. After a master-key roll that committed in the database but did not
    /// reach the key file's rename, the old key opens the next key that the database keeps sealed
    /// under it, so the old credential keeps working.
    static func resolveMasterKey(_ masterKey: SecretBytes, reader: any StoreReader, layout: VaultLayout) throws -> SecretBytes {
        guard let expected = try reader.metadata(masterCheckName) else {
            throw VaultError.damagedDatabase(path: layout.database, detail: "the master key check is missing")
        }
        if constantTimeEquals(masterCheck(masterKey), expected) { return masterKey }

        if let sealedNext = try reader.metadata(nextMasterName),
           let next = try? AEAD.open(sealedNext, key: masterKey, associatedData: nextMasterBinding),
           constantTimeEquals(masterCheck(next), expected) {
            return next
        }
        throw VaultError.damagedKeyMaterial(
            path: layout.wrappedMasterKey, detail: "it unwraps, but to a master key of another vault"
        )
    }

    static let nextMasterBinding = AssociatedData(kind: "rekey", recordID: "next-master", version: 1)
}
