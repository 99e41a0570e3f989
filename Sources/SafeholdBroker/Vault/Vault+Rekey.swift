#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import SafeholdSystem

extension Vault {
    /// Changes the credential that wraps the master key, and with `rollMasterKey` replaces the
    /// master key itself, rewrapping every data key in one transaction without touching any
    /// secret's ciphertext. Run with the service stopped.
    ///
    /// Steps, each durable before the next:
    /// 1. write `master.key.new` (the new master key under the new credential);
    /// 2. when rolling, one transaction rewraps every data key and service key, records the new
    ///    master key's check value, and keeps the new master key sealed under the old one;
    /// 3. rename `master.key.new` over `master.key`;
    /// 4. delete the sealed next key.
    /// Interrupted before step 3, the old credential still opens the vault (step 2 left the next
    /// key reachable from the old one); after step 3, only the new credential does.
    public static func rekey(
        layout: VaultLayout, unlock: VaultUnlock, newProtection: VaultProtection?, rollMasterKey: Bool,
        caller: User, random: any RandomSource = SystemRandomSource(), clock: any TimeSource = SystemTimeSource()
    ) throws(VaultError) {
        let vault = try open(layout: layout, unlock: unlock, random: random)
        defer { vault.close() }

        let oldMasterKey = vault.masterKey
        let newMasterKey = rollMasterKey ? MasterKey.generate(random: random) : oldMasterKey
        let protection = newProtection ?? sameProtection(as: unlock)

        unlink(layout.pendingWrappedMasterKey)
        let wrapped = try wrap(newMasterKey, protection: protection, layout: layout, random: random)
        do {
            try PrivateFile.create(layout.pendingWrappedMasterKey, contents: [UInt8](wrapped))
        } catch {
            throw .ioFailed(path: error.path, detail: error.reason)
        }

        do {
            try vault.store.write { writer in
                if rollMasterKey {
                    try rewrapAll(in: writer, from: oldMasterKey, to: newMasterKey, random: random)
                    try writer.setMetadata(masterCheckName, masterCheck(newMasterKey))
                    try writer.setMetadata(nextMasterName, AEAD.seal(newMasterKey, key: oldMasterKey, associatedData: nextMasterBinding, random: random))
                }
                try AuditRecorder(keys: vault.keys).record(
                    "vaultRekeyed", by: Caller(user: caller, uid: Int(getuid()), pid: Int(getpid())), targets: [:],
                    comment: rollMasterKey ? "master key rolled" : "credential changed", at: clock.now(), in: writer
                )
            }
            try PrivateFile.rename(layout.pendingWrappedMasterKey, to: layout.wrappedMasterKey)
            if rollMasterKey {
                try vault.store.write { writer in try writer.setMetadata(nextMasterName, nil) }
            }
        } catch {
            if let error = error as? PrivateFile.Failure { throw .ioFailed(path: error.path, detail: error.reason) }
            if let error = error as? StoreError { throw VaultError.from(error) }
            throw .ioFailed(path: layout.directory, detail: "\(error)")
        }
    }

    private static func sameProtection(as unlock: VaultUnlock) -> VaultProtection {
        switch unlock {
        case let .passphrase(passphrase): .passphrase(passphrase, limits: .moderate)
        case let .keyFile(path): .keyFile(path: path)
        }
    }

    /// Rewraps the data key of every sealed key version and service key.
    private static func rewrapAll(in writer: any StoreWriter, from oldKey: SecretBytes, to newKey: SecretBytes, random: any RandomSource) throws {
        for var version in try writer.sealedKeyVersions() {
            guard let wrapped = version.wrappedDataKey else { continue }
            let binding = ApiKeySealing.binding(keyID: version.keyID, version: version.version)
            version.wrappedDataKey = try RecordSealing.rewrap(wrappedDataKey: wrapped, from: oldKey, to: newKey, associatedData: binding, random: random)
            try writer.update(version)
        }
        for name in ServiceKeys.sealedNames {
            guard let bytes = try writer.metadata(name), var blob = SealedBlob(decoding: bytes) else { continue }
            blob.wrappedDataKey = try RecordSealing.rewrap(
                wrappedDataKey: blob.wrappedDataKey, from: oldKey, to: newKey, associatedData: ServiceKeys.binding(name), random: random
            )
            try writer.setMetadata(name, blob.encoded())
        }
    }
}
