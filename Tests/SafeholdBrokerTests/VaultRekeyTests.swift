#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Testing

/// `Vault.rekey`: after each change every secret opens with the new credential and the old one
/// fails. A rekey interrupted between its steps leaves a vault that opens and loses nothing.
@Suite struct VaultRekeyTests {
    private static let newPassphrase = "new passphrase for the vault"

    private func rekey(
        _ fixture: VaultFixture, unlock: VaultUnlock, to protection: VaultProtection?, roll: Bool,
        stoppingAfter lastStep: Vault.RekeyStep = .forgetNextKey
    ) throws {
        try Vault.rekey(
            layout: fixture.layout, unlock: unlock, newProtection: protection, rollMasterKey: roll,
            caller: fixture.administrator, random: SystemRandomSource(), clock: fixture.clock, stoppingAfter: lastStep
        )
    }

    private func openError(_ fixture: VaultFixture, _ unlock: VaultUnlock) -> VaultError? {
        do {
            try Vault.open(layout: fixture.layout, unlock: unlock).close()
            return nil
        } catch {
            return error
        }
    }

    private func nextMasterKeyIsStored(_ fixture: VaultFixture, _ unlock: VaultUnlock) throws -> Bool {
        let vault = try Vault.open(layout: fixture.layout, unlock: unlock, readOnly: true)
        defer { vault.close() }
        return try vault.store.read { reader in try reader.metadata(Vault.nextMasterName) } != nil
    }

    private func fileBytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    @Test func keyFileToPassphraseAndBack() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let passphrase = VaultFixture.passphraseUnlock(Self.newPassphrase)

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: .passphrase(VaultFixture.secret(Self.newPassphrase), limits: .minimalForTests), roll: false)

        try fixture.expectKeysOpen(keys, with: passphrase)
        guard case .protectionMismatch = openError(fixture, fixture.keyFileUnlock) else {
            Issue.record("the old key file still opens the vault, or fails differently")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.layout.pendingWrappedMasterKey))

        let newKeyFile = fixture.temporary.file("second.key")
        try rekey(fixture, unlock: passphrase, to: .keyFile(path: newKeyFile), roll: false)

        try fixture.expectKeysOpen(keys, with: .keyFile(path: newKeyFile))
        guard case .protectionMismatch = openError(fixture, passphrase) else {
            Issue.record("the old passphrase still opens the vault, or fails differently")
            return
        }
        guard case .wrongKeyFile = openError(fixture, fixture.keyFileUnlock) else {
            Issue.record("the first key file opens the vault again, or fails differently")
            return
        }
    }

    @Test func rollMasterKeyWithNewKeyFile() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let before = try sealedVersions(fixture, fixture.keyFileUnlock)
        let newKeyFile = fixture.temporary.file("rolled.key")

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: .keyFile(path: newKeyFile), roll: true)

        try fixture.expectKeysOpen(keys, with: .keyFile(path: newKeyFile))
        guard case .wrongKeyFile = openError(fixture, fixture.keyFileUnlock) else {
            Issue.record("the old key file still opens the vault, or fails differently")
            return
        }
        let after = try sealedVersions(fixture, .keyFile(path: newKeyFile))
        #expect(after.map(\.sealedValue) == before.map(\.sealedValue), "a roll must not touch the ciphertexts")
        for (old, new) in zip(before, after) {
            #expect(old.wrappedDataKey != new.wrappedDataKey, "key \(old.keyID) version \(old.version) was not rewrapped")
        }
        #expect(try !nextMasterKeyIsStored(fixture, .keyFile(path: newKeyFile)))
    }

    @Test func rollMasterKeyKeepsKeyFile() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let oldVault = try Vault.open(layout: fixture.layout, unlock: fixture.keyFileUnlock)
        let oldMasterKey = SecretBytes(copying: VaultFixture.bytes(oldVault.masterKey))
        oldVault.close()

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: nil, roll: true)

        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock)
        // The key file is the same, so the old credential is the old master key itself.
        for version in try sealedVersions(fixture, fixture.keyFileUnlock) {
            #expect(throws: (any Error).self) { try ApiKeySealing.open(version, masterKey: oldMasterKey) }
        }
    }

    @Test func rollMasterKeyWithNewPassphrase() throws {
        let fixture = try VaultFixture(passphrase: VaultFixture.passphrase)
        let keys = try fixture.addKeys(VaultFixture.passphraseUnlock())

        try rekey(fixture, unlock: VaultFixture.passphraseUnlock(), to: .passphrase(VaultFixture.secret(Self.newPassphrase), limits: .minimalForTests), roll: true)

        try fixture.expectKeysOpen(keys, with: VaultFixture.passphraseUnlock(Self.newPassphrase))
        guard case .wrongPassphrase = openError(fixture, VaultFixture.passphraseUnlock()) else {
            Issue.record("the old passphrase still opens the vault, or fails differently")
            return
        }
    }

    @Test func rollInterruptedBeforeRename() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let newKeyFile = fixture.temporary.file("rolled.key")
        let oldWrappedKey = fileBytes(fixture.layout.wrappedMasterKey)

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: .keyFile(path: newKeyFile), roll: true, stoppingAfter: .rewrapRecords)
        let pending = try #require(fileBytes(fixture.layout.pendingWrappedMasterKey))

        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock)
        #expect(fileBytes(fixture.layout.wrappedMasterKey) == oldWrappedKey)
        #expect(fileBytes(fixture.layout.pendingWrappedMasterKey) == pending)

        try fixture.expectKeysOpen(keys, with: .keyFile(path: newKeyFile))
        #expect(!FileManager.default.fileExists(atPath: fixture.layout.pendingWrappedMasterKey))
        #expect(fileBytes(fixture.layout.wrappedMasterKey) == pending)
        #expect(try !nextMasterKeyIsStored(fixture, .keyFile(path: newKeyFile)))
        guard case .wrongKeyFile = openError(fixture, fixture.keyFileUnlock) else {
            Issue.record("the old key file still opens the vault after the rename, or fails differently")
            return
        }
    }

    @Test func methodChangeInterruptedBeforeRename() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let passphrase = VaultFixture.passphraseUnlock(Self.newPassphrase)

        try rekey(
            fixture, unlock: fixture.keyFileUnlock, to: .passphrase(VaultFixture.secret(Self.newPassphrase), limits: .minimalForTests),
            roll: true, stoppingAfter: .rewrapRecords
        )

        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock)
        try fixture.expectKeysOpen(keys, with: passphrase)
        #expect(!FileManager.default.fileExists(atPath: fixture.layout.pendingWrappedMasterKey))
        guard case .protectionMismatch = openError(fixture, fixture.keyFileUnlock) else {
            Issue.record("the old key file still opens the vault after the rename, or fails differently")
            return
        }
    }

    @Test func rollInterruptedBeforeTransaction() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let newKeyFile = fixture.temporary.file("rolled.key")

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: .keyFile(path: newKeyFile), roll: true, stoppingAfter: .writePendingKey)
        #expect(FileManager.default.fileExists(atPath: fixture.layout.pendingWrappedMasterKey))

        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock)

        // The database never adopted the new master key, so the new key file opens nothing and
        // must not replace master.key.
        let before = try VaultFileSnapshot(directory: fixture.layout.directory, extraPaths: [newKeyFile, fixture.keyFile])
        guard case .wrongKeyFile = openError(fixture, .keyFile(path: newKeyFile)) else {
            Issue.record("the new key file of an uncommitted roll opens the vault, or fails differently")
            return
        }
        let after = try VaultFileSnapshot(directory: fixture.layout.directory, extraPaths: [newKeyFile, fixture.keyFile])
        #expect(after.changedPaths(since: before) == [])

        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock)
        try rekey(fixture, unlock: fixture.keyFileUnlock, to: .keyFile(path: newKeyFile), roll: true)
        try fixture.expectKeysOpen(keys, with: .keyFile(path: newKeyFile))
    }

    @Test func rollInterruptedAfterRename() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let newKeyFile = fixture.temporary.file("rolled.key")

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: .keyFile(path: newKeyFile), roll: true, stoppingAfter: .installPendingKey)
        #expect(try nextMasterKeyIsStored(fixture, .keyFile(path: newKeyFile)))

        try fixture.expectKeysOpen(keys, with: .keyFile(path: newKeyFile))
        #expect(try !nextMasterKeyIsStored(fixture, .keyFile(path: newKeyFile)))
        guard case .wrongKeyFile = openError(fixture, fixture.keyFileUnlock) else {
            Issue.record("the old key file still opens the vault, or fails differently")
            return
        }
    }

    @Test func rekeyIsAudited() throws {
        let fixture = try VaultFixture()

        try rekey(fixture, unlock: fixture.keyFileUnlock, to: nil, roll: true)

        let events = try fixture.withBroker(fixture.keyFileUnlock) { broker, _ in
            try broker.read { reader in try reader.auditEvents(AuditQuery(action: "vaultRekeyed")) }
        }
        #expect(events.map(\.comment) == ["master key rolled"])
    }

    /// The current version of every key, in key order.
    private func sealedVersions(_ fixture: VaultFixture, _ unlock: VaultUnlock) throws -> [KeyVersion] {
        let vault = try Vault.open(layout: fixture.layout, unlock: unlock, readOnly: true)
        defer { vault.close() }
        return try vault.store.read { reader in try reader.sealedKeyVersions() }
    }
}
