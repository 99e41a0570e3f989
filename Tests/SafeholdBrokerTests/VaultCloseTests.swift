#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import Testing

/// Closing a vault checkpoints the write-ahead log into vault.db, so that a copy of vault.db and
/// master.key made while the service is stopped contains every committed change.
@Suite struct VaultCloseTests {
    @Test func closeLeavesNoLogFiles() throws {
        let fixture = try VaultFixture()

        _ = try fixture.addKeys(fixture.keyFileUnlock)

        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.layout.directory).sorted()
        #expect(files == ["audit.pub", "master.key", "vault.db"])
    }

    @Test func copyOfClosedVaultOpens() throws {
        let fixture = try VaultFixture()
        let keys = try fixture.addKeys(fixture.keyFileUnlock)
        let copy = VaultLayout(directory: fixture.temporary.file("copy"))
        #expect(mkdir(copy.directory, 0o700) == 0)

        for (source, destination) in [(fixture.layout.database, copy.database), (fixture.layout.wrappedMasterKey, copy.wrappedMasterKey)] {
            let bytes = try #require(FileManager.default.contents(atPath: source))
            #expect(FileManager.default.createFile(atPath: destination, contents: bytes, attributes: [.posixPermissions: 0o600]))
        }

        try fixture.expectKeysOpen(keys, with: fixture.keyFileUnlock, layout: copy)
    }
}
