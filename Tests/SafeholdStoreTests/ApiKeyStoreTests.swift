#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

/// API keys and their sealed versions.
@Suite struct ApiKeyStoreTests {
    private let keyID = ApiKeyID("k00000000001")

    private func version(_ number: Int, _ state: KeyVersionState, byte: UInt8 = 0xA5) -> KeyVersion {
        KeyVersion(
            keyID: keyID, version: number, state: state, wrappedDataKey: Data(repeating: byte, count: 72),
            sealedValue: Data(repeating: byte, count: 120), createdAt: date(Int64(number) * 1000),
            startedAt: state == .pending ? nil : date(Int64(number) * 1000 + 1)
        )
    }

    @Test func apiKeyRoundTrip() throws {
        let vault = try TestVault()
        let key = ApiKey(
            id: keyID, accountID: AccountID("c00000000001"), name: "deploy ключ", description: "",
            format: KeyFormat(length: 32, alphabet: "abc", prefix: "sk_live_"), status: .rotationFailed,
            rotationError: "connector exited with status 3", currentVersion: 4, createdAt: date(1000), rotatedAt: date(5000)
        )
        let other = Fixture.apiKey("k00000000002", accountID: "c00000000001", name: "backup")
        try vault.store.write { writer in
            try writer.insert(Fixture.asset("a00000000001"))
            try writer.insert(Fixture.account("c00000000001", assetID: "a00000000001"))
            try writer.insert(key)
            try writer.insert(other)
        }

        try vault.store.read { reader throws in
            #expect(try reader.apiKey(id: keyID) == key)
            #expect(try reader.apiKey(accountID: AccountID("c00000000001"), named: "deploy ключ") == key)
            #expect(try reader.apiKeys(accountID: AccountID("c00000000001")) == [other, key])
            #expect(try reader.apiKeys(accountID: nil).count == 2)
            #expect(try reader.apiKeyCount() == 2)
        }
    }

    @Test func apiKeyUpdateAndDuplicates() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(Fixture.apiKey("k00000000002", accountID: "c00000000001", name: "backup"))
        }
        var key = try #require(try vault.store.read { try $0.apiKey(id: keyID) })

        key.status = .rotating
        key.currentVersion = 2
        try vault.store.write { try $0.update(key) }
        key.name = "backup"
        let renamed = storeError { try vault.store.write { try $0.update(key) } }
        let missing = storeError { try vault.store.write { try $0.update(Fixture.apiKey("k00000000009", accountID: "c00000000001")) } }
        let orphan = storeError { try vault.store.write { try $0.insert(Fixture.apiKey("k00000000003", accountID: "c00000000009")) } }

        #expect(try vault.store.read { try $0.apiKey(id: keyID) }?.status == .rotating)
        #expect(renamed == .duplicate(kind: "API key", name: "backup"))
        #expect(missing == .notFound(kind: "API key", id: "k00000000009"))
        #expect(orphan == .notFound(kind: "account", id: "c00000000009"))
    }

    @Test func apiKeysRotatedBefore() throws {
        let vault = try TestVault()
        var old = Fixture.apiKey("k00000000001", accountID: "c00000000001")
        old.rotatedAt = date(1000)
        var recent = Fixture.apiKey("k00000000002", accountID: "c00000000001")
        recent.rotatedAt = date(5000)
        try vault.store.write { writer throws in
            try writer.insert(Fixture.asset("a00000000001"))
            try writer.insert(Fixture.account("c00000000001", assetID: "a00000000001"))
            try writer.insert(recent)
            try writer.insert(old)
        }

        try vault.store.read { reader throws in
            #expect(try reader.apiKeys(rotatedBefore: date(1000)) == [])
            #expect(try reader.apiKeys(rotatedBefore: date(1001)) == [old])
            #expect(try reader.apiKeys(rotatedBefore: date(9000)) == [old, recent])
        }
    }

    @Test func keyVersionsOldestFirst() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(version(3, .pending))
            try writer.insert(version(1, .retired))
            try writer.insert(version(2, .current))
        }

        let versions = try vault.store.read { try $0.keyVersions(keyID: keyID) }

        #expect(versions.map(\.version) == [1, 2, 3])
        #expect(versions[1] == version(2, .current))
        #expect(versions[2] == version(3, .pending))
    }

    @Test func retiredVersionLosesSealedColumns() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(version(1, .current))
        }

        var retired = version(1, .retired)
        retired.endedAt = date(9000)
        try vault.store.write { try $0.update(retired) }

        let stored = try #require(try vault.store.read { try $0.keyVersion(keyID: keyID, version: 1) })
        #expect(stored.state == .retired)
        #expect(stored.wrappedDataKey == nil)
        #expect(stored.sealedValue == nil)
        #expect(stored.endedAt == date(9000))
        let database = try Database(path: vault.path, access: .readOnly)
        let nullColumns = try database.fetchOne(
            "SELECT wrapped_data_key IS NULL AND sealed_value IS NULL FROM key_versions WHERE key_id = ?1", [keyID]
        ) { row throws(DatabaseError) in try row.bool(0) }
        #expect(nullColumns == true)
    }

    /// With secure_delete and a truncating checkpoint, the retired value's bytes are gone from
    /// both the database file and its write-ahead log.
    @Test func retiredValueLeavesNoBytesOnDisk() throws {
        let vault = try TestVault()
        let marker: UInt8 = 0x5C
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(version(1, .current, byte: marker))
        }
        try vault.store.checkpoint()
        let pattern = Data(repeating: marker, count: 32)
        let fileBefore = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        #expect(fileBefore.firstRange(of: pattern) != nil)

        try vault.store.write { try $0.update(version(1, .retired, byte: marker)) }
        #expect(try vault.store.checkpoint())

        let file = try Data(contentsOf: URL(fileURLWithPath: vault.path))
        let log = try Data(contentsOf: URL(fileURLWithPath: vault.path + "-wal"))
        #expect(file.firstRange(of: pattern) == nil)
        #expect(log.firstRange(of: pattern) == nil)
    }

    @Test func sealedKeyVersionsSkipRetired() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(version(1, .retired))
            try writer.insert(version(2, .current))
            try writer.insert(version(3, .pending))
        }

        let sealed = try vault.store.read { try $0.sealedKeyVersions() }

        #expect(sealed.map(\.version) == [2, 3])
    }

    @Test func keyVersionErrors() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(version(1, .current))
        }

        let duplicate = storeError { try vault.store.write { try $0.insert(version(1, .pending)) } }
        let missing = storeError { try vault.store.write { try $0.update(version(2, .current)) } }
        let deleted = storeError { try vault.store.write { try $0.deleteKeyVersion(keyID: keyID, version: 2) } }
        let orphan = storeError {
            try vault.store.write {
                try $0.insert(KeyVersion(keyID: ApiKeyID("k00000000009"), version: 1, state: .current, wrappedDataKey: nil, sealedValue: nil, createdAt: Fixture.now))
            }
        }

        #expect(duplicate == .duplicate(kind: "key version", name: "k00000000001 version 1"))
        #expect(missing == .notFound(kind: "key version", id: "k00000000001 version 2"))
        #expect(deleted == .notFound(kind: "key version", id: "k00000000001 version 2"))
        #expect(orphan == .notFound(kind: "API key", id: "k00000000009"))
    }

    @Test func deleteApiKeyDeletesVersions() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(version(1, .current))
            try writer.insert(version(2, .pending))
        }

        try vault.store.write { writer throws in
            try writer.deleteKeyVersion(keyID: keyID, version: 2)
            #expect(try writer.keyVersions(keyID: keyID).count == 1)
            try writer.deleteApiKey(id: keyID)
        }

        #expect(try vault.store.read { try $0.apiKey(id: keyID) } == nil)
        #expect(try vault.store.read { try $0.keyVersions(keyID: keyID) } == [])
    }
}
