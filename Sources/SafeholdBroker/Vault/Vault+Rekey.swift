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
    /// The durable steps of `rekey`, in order. Tests stop after one of them to simulate a crash.
    enum RekeyStep: Int, Comparable {
        /// Write `master.key.new`: the new master key under the new credential.
        case writePendingKey
        /// One transaction that, when rolling, rewraps every data key and service key, records
        /// the new master key's check value and keeps the new master key sealed under the old one.
        case rewrapRecords
        /// Rename `master.key.new` over `master.key`.
        case installPendingKey
        /// Delete the sealed next key.
        case forgetNextKey

        static func < (lhs: RekeyStep, rhs: RekeyStep) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    /// Changes the credential that wraps the master key, and with `rollMasterKey` replaces the
    /// master key itself, rewrapping every data key in one transaction without touching any
    /// secret's ciphertext. Run with the service stopped.
    ///
    /// The steps of `RekeyStep` run in order, each durable before the next. Interrupted before
    /// the rename, the old credential still opens the vault (the transaction left the next key
    /// reachable from the old one), and so does the new one once the transaction has committed
    /// (opening picks up `master.key.new`). After the rename, only the new credential does.
    public static func rekey(
        layout: VaultLayout, unlock: VaultUnlock, newProtection: VaultProtection?, rollMasterKey: Bool,
        caller: User, random: any RandomSource = SystemRandomSource(), clock: any TimeSource = SystemTimeSource()
    ) throws(VaultError) {
        try rekey(
            layout: layout, unlock: unlock, newProtection: newProtection, rollMasterKey: rollMasterKey,
            caller: caller, random: random, clock: clock, stoppingAfter: .forgetNextKey
        )
    }

    /// Runs the steps of `rekey` up to and including `lastStep`.
    static func rekey(
        layout: VaultLayout, unlock: VaultUnlock, newProtection: VaultProtection?, rollMasterKey: Bool,
        caller: User, random: any RandomSource, clock: any TimeSource, stoppingAfter lastStep: RekeyStep
    ) throws(VaultError) {
        let vault = try open(layout: layout, unlock: unlock, random: random)
        defer { vault.close() }

        let oldMasterKey = vault.masterKey
        let newMasterKey = rollMasterKey ? MasterKey.generate(random: random) : oldMasterKey
        let protection = newProtection ?? sameProtection(as: unlock)

        try writePendingKey(newMasterKey, protection: protection, layout: layout, random: random)
        guard lastStep > .writePendingKey else { return }

        try rewrapRecords(in: vault, from: rollMasterKey ? oldMasterKey : nil, to: newMasterKey, caller: caller, random: random, clock: clock)
        guard lastStep > .rewrapRecords else { return }

        do {
            try PrivateFile.rename(layout.pendingWrappedMasterKey, to: layout.wrappedMasterKey)
        } catch {
            throw .ioFailed(path: error.path, detail: error.reason)
        }
        guard lastStep > .installPendingKey else { return }

        do {
            try forgetNextMasterKey(in: vault.store)
        } catch {
            throw storageFailure(error, layout: layout)
        }
    }

    private static func writePendingKey(
        _ masterKey: SecretBytes, protection: VaultProtection, layout: VaultLayout, random: any RandomSource
    ) throws(VaultError) {
        unlink(layout.pendingWrappedMasterKey)
        let wrapped = try wrap(masterKey, protection: protection, layout: layout, random: random)
        do {
            try PrivateFile.create(layout.pendingWrappedMasterKey, contents: [UInt8](wrapped))
        } catch {
            throw .ioFailed(path: error.path, detail: error.reason)
        }
    }

    /// Records the rekey in the audit trail and, when `oldMasterKey` is given (a roll), rewraps
    /// every record from it to `newMasterKey`, all in one transaction.
    private static func rewrapRecords(
        in vault: OpenedVault, from oldMasterKey: SecretBytes?, to newMasterKey: SecretBytes,
        caller: User, random: any RandomSource, clock: any TimeSource
    ) throws(VaultError) {
        do {
            try vault.store.write { writer in
                if let oldMasterKey {
                    try rewrapAll(in: writer, from: oldMasterKey, to: newMasterKey, random: random)
                    try writer.setMetadata(masterCheckName, masterCheck(newMasterKey))
                    try writer.setMetadata(nextMasterName, AEAD.seal(newMasterKey, key: oldMasterKey, associatedData: nextMasterBinding, random: random))
                }
                try AuditRecorder(keys: vault.keys).record(
                    "vaultRekeyed", by: Caller(user: caller, uid: Int(getuid()), pid: Int(getpid())), targets: [:],
                    comment: oldMasterKey == nil ? "credential changed" : "master key rolled", at: clock.now(), in: writer
                )
            }
        } catch {
            throw storageFailure(error, layout: vault.layout)
        }
    }

    private static func storageFailure(_ error: any Error, layout: VaultLayout) -> VaultError {
        if let error = error as? VaultError { return error }
        if let error = error as? StoreError { return VaultError.from(error) }
        return .ioFailed(path: layout.directory, detail: "\(error)")
    }

    private static func sameProtection(as unlock: VaultUnlock) -> VaultProtection {
        switch unlock {
        case let .passphrase(passphrase): .passphrase(passphrase, limits: .moderate)
        case let .keyFile(path): .keyFile(path: path)
        }
    }

    /// Rewraps the data key of every sealed key version, service key and connector settings record.
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
        for asset in try writer.assets() {
            let name = ConnectorSettingsRecord.metadataName(asset.id)
            guard let bytes = try writer.metadata(name), var blob = SealedBlob(decoding: bytes) else { continue }
            blob.wrappedDataKey = try RecordSealing.rewrap(
                wrappedDataKey: blob.wrappedDataKey, from: oldKey, to: newKey, associatedData: ConnectorSettingsRecord.binding(asset.id),
                random: random
            )
            try writer.setMetadata(name, blob.encoded())
        }
    }
}
