#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdTestSupport
import Testing

/// `Vault.initialize`, which `safehold init` runs, never touches a directory that contains a vault.
@Suite struct VaultInitTests {
    @Test func existingVaultIsRejected() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let other = fixture.temporary.file("other.key")
        let watched = [fixture.keyFile, other]
        let before = try VaultFileSnapshot(directory: fixture.layout.directory, extraPaths: watched)

        for protection: VaultProtection in [
            .keyFile(path: fixture.keyFile), .keyFile(path: other),
            .passphrase(VaultFixture.secret("another passphrase"), limits: .minimalForTests),
        ] {
            #expect {
                try Vault.initialize(layout: fixture.layout, protection: protection, administrator: fixture.administrator)
            } throws: { error in
                guard case let .alreadyExists(path) = error as? VaultError else { return false }
                return path == fixture.layout.directory
            }
        }

        let after = try VaultFileSnapshot(directory: fixture.layout.directory, extraPaths: watched)
        #expect(after.changedPaths(since: before) == [])
        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock)
    }

    @Test func databaseAloneIsRejected() throws {
        let fixture = try VaultFixture()
        #expect(unlink(fixture.layout.wrappedMasterKey) == 0)
        let before = try VaultFileSnapshot(directory: fixture.layout.directory, extraPaths: [fixture.keyFile])

        #expect {
            try Vault.initialize(layout: fixture.layout, protection: .keyFile(path: fixture.keyFile), administrator: fixture.administrator)
        } throws: { error in
            guard case .alreadyExists = error as? VaultError else { return false }
            return true
        }

        let after = try VaultFileSnapshot(directory: fixture.layout.directory, extraPaths: [fixture.keyFile])
        #expect(after.changedPaths(since: before) == [])
    }
}

/// A failed `init` removes a vault directory that it created and keeps one that existed.
@Suite struct VaultInitFailureTests {
    private let administrator = User(id: UserID("aaaaaaaaaaaa"), name: "admin", osLogin: "root", isAdministrator: true, createdAt: Date())

    @Test func unwritableKeyFileRemovesNewDirectory() throws {
        let temporary = try TemporaryDirectory(prefix: "shv")
        let layout = VaultLayout(directory: temporary.file("vault"))

        #expect(throws: VaultError.self) {
            try Vault.initialize(
                layout: layout, protection: .keyFile(path: temporary.file("missing/vault.key")), administrator: administrator
            )
        }

        var status = stat()
        #expect(stat(layout.directory, &status) != 0)
    }

    @Test func unwritableKeyFileKeepsExistingDirectory() throws {
        let temporary = try TemporaryDirectory(prefix: "shv")
        let layout = VaultLayout(directory: temporary.file("vault"))
        #expect(mkdir(layout.directory, 0o700) == 0)

        #expect(throws: VaultError.self) {
            try Vault.initialize(
                layout: layout, protection: .keyFile(path: temporary.file("missing/vault.key")), administrator: administrator
            )
        }

        var status = stat()
        #expect(stat(layout.directory, &status) == 0)
    }
}
