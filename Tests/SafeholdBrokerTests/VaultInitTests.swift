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
