#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

/// Users, tokens, assets, accounts and metadata.
@Suite struct DirectoryStoreTests {
    @Test func userRoundTrip() throws {
        let vault = try TestVault()
        let full = User(
            id: UserID("u00000000001"), name: "Zoë Ødegård 🔑 ключ", osLogin: "zoe", email: "zoe@example.org",
            isAdministrator: true, isAuditor: true, isDisabled: true, createdAt: Fixture.now
        )
        let minimal = User(id: UserID("u00000000002"), name: "", createdAt: date(0))

        try vault.store.write { writer throws in
            try writer.insert(full)
            try writer.insert(minimal)
        }

        try vault.store.read { reader throws in
            #expect(try reader.user(id: full.id) == full)
            #expect(try reader.user(named: "Zoë Ødegård 🔑 ключ") == full)
            #expect(try reader.user(osLogin: "zoe") == full)
            #expect(try reader.user(id: minimal.id) == minimal)
            #expect(try reader.users() == [minimal, full])
            #expect(try reader.user(id: UserID("u00000000009")) == nil)
        }
    }

    @Test func userUpdate() throws {
        let vault = try TestVault()
        var user = Fixture.user("u00000000001", osLogin: "alice")
        try vault.store.write { try $0.insert(user) }

        user.name = "alice renamed"
        user.osLogin = nil
        user.isDisabled = true
        try vault.store.write { try $0.update(user) }

        #expect(try vault.store.read { try $0.user(id: user.id) } == user)
        #expect(try vault.store.read { try $0.user(osLogin: "alice") } == nil)
    }

    @Test func userDuplicatesNameTheObject() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.insert(Fixture.user("u00000000001", name: "alice", osLogin: "alice")) }

        let sameName = storeError { try vault.store.write { try $0.insert(Fixture.user("u00000000002", name: "alice")) } }
        let sameLogin = storeError {
            try vault.store.write { try $0.insert(Fixture.user("u00000000002", name: "bob", osLogin: "alice")) }
        }
        let sameID = storeError { try vault.store.write { try $0.insert(Fixture.user("u00000000001", name: "carol")) } }

        #expect(sameName == .duplicate(kind: "user", name: "alice"))
        #expect(sameLogin == .duplicate(kind: "OS login", name: "alice"))
        #expect(sameID == .duplicate(kind: "user", name: "u00000000001"))
    }

    @Test func renameToTakenNameIsDuplicate() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.user("u00000000001", name: "alice"))
            try writer.insert(Fixture.user("u00000000002", name: "bob"))
        }

        let error = storeError { try vault.store.write { try $0.update(Fixture.user("u00000000002", name: "alice")) } }

        #expect(error == .duplicate(kind: "user", name: "alice"))
    }

    @Test func missingUpdatesAreNotFound() throws {
        let vault = try TestVault()

        let user = storeError { try vault.store.write { try $0.update(Fixture.user("u00000000001")) } }
        let token = storeError {
            try vault.store.write { writer throws in
                try writer.insert(Fixture.user("u00000000001"))
                try writer.update(Token(id: TokenID("t00000000001"), userID: UserID("u00000000001"), hash: Data([1]), createdAt: Fixture.now))
            }
        }
        let asset = storeError { try vault.store.write { try $0.update(Fixture.asset("a00000000001")) } }
        let deletedAsset = storeError { try vault.store.write { try $0.deleteAsset(id: AssetID("a00000000001")) } }
        let account = storeError {
            try vault.store.write { try $0.update(Fixture.account("c00000000001", assetID: "a00000000001")) }
        }
        let deletedAccount = storeError { try vault.store.write { try $0.deleteAccount(id: AccountID("c00000000001")) } }

        #expect(user == .notFound(kind: "user", id: "u00000000001"))
        #expect(token == .notFound(kind: "token", id: "t00000000001"))
        #expect(asset == .notFound(kind: "asset", id: "a00000000001"))
        #expect(deletedAsset == .notFound(kind: "asset", id: "a00000000001"))
        #expect(account == .notFound(kind: "account", id: "c00000000001"))
        #expect(deletedAccount == .notFound(kind: "account", id: "c00000000001"))
    }

    @Test func tokenRoundTrip() throws {
        let vault = try TestVault()
        let first = Token(id: TokenID("t00000000001"), userID: UserID("u00000000001"), hash: Data(repeating: 7, count: 32), createdAt: date(1000))
        var second = Token(
            id: TokenID("t00000000002"), userID: UserID("u00000000002"), hash: Data(repeating: 8, count: 32),
            createdAt: date(2000), revokedAt: date(3000), lastUsedAt: date(2500)
        )
        try vault.store.write { writer throws in
            try writer.insert(Fixture.user("u00000000001"))
            try writer.insert(Fixture.user("u00000000002"))
            try writer.insert(first)
            try writer.insert(second)
        }

        second.revokedAt = nil
        try vault.store.write { try $0.update(second) }

        try vault.store.read { reader throws in
            #expect(try reader.token(id: first.id) == first)
            #expect(try reader.token(hash: Data(repeating: 8, count: 32)) == second)
            #expect(try reader.tokens(userID: UserID("u00000000001")) == [first])
            #expect(try reader.tokens(userID: nil) == [first, second])
            #expect(try reader.token(hash: Data([0])) == nil)
        }
    }

    @Test func tokenOfUnknownUserIsNotFound() throws {
        let vault = try TestVault()
        let token = Token(id: TokenID("t00000000001"), userID: UserID("u00000000009"), hash: Data([1]), createdAt: Fixture.now)

        let error = storeError { try vault.store.write { try $0.insert(token) } }

        #expect(error == .notFound(kind: "user", id: "u00000000009"))
    }

    @Test func tokenHashIsUnique() throws {
        let vault = try TestVault()
        let hash = Data(repeating: 9, count: 32)
        try vault.store.write { writer throws in
            try writer.insert(Fixture.user("u00000000001"))
            try writer.insert(Token(id: TokenID("t00000000001"), userID: UserID("u00000000001"), hash: hash, createdAt: Fixture.now))
        }

        let error = storeError {
            try vault.store.write {
                try $0.insert(Token(id: TokenID("t00000000002"), userID: UserID("u00000000001"), hash: hash, createdAt: Fixture.now))
            }
        }

        #expect(error == .duplicate(kind: "token", name: "t00000000002"))
    }

    @Test func assetAndAccountRoundTrip() throws {
        let vault = try TestVault()
        let asset = Asset(
            id: AssetID("a00000000001"), name: "billing 💳", description: "tenant\u{0}with NUL", platform: .exec,
            connectorPath: "/usr/local/bin/connector", isDisabled: true, createdAt: Fixture.now
        )
        let plain = Fixture.asset("a00000000002")
        let account = Account(
            id: AccountID("c00000000001"), assetID: asset.id, name: "root", description: "δ", isDisabled: true, createdAt: Fixture.now
        )
        let other = Fixture.account("c00000000002", assetID: "a00000000002", name: "root")

        try vault.store.write { writer throws in
            try writer.insert(asset)
            try writer.insert(plain)
            try writer.insert(account)
            try writer.insert(other)
        }

        try vault.store.read { reader throws in
            #expect(try reader.asset(id: asset.id) == asset)
            #expect(try reader.asset(named: "billing 💳") == asset)
            #expect(try reader.assets() == [plain, asset])
            #expect(try reader.account(id: account.id) == account)
            #expect(try reader.account(assetID: plain.id, named: "root") == other)
            #expect(try reader.accounts(assetID: asset.id) == [account])
            #expect(try reader.accounts(assetID: nil).count == 2)
        }
    }

    @Test func assetAndAccountDuplicates() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.asset("a00000000001", name: "crm"))
            try writer.insert(Fixture.account("c00000000001", assetID: "a00000000001", name: "admin"))
        }

        let asset = storeError { try vault.store.write { try $0.insert(Fixture.asset("a00000000002", name: "crm")) } }
        let account = storeError {
            try vault.store.write { try $0.insert(Fixture.account("c00000000002", assetID: "a00000000001", name: "admin")) }
        }

        #expect(asset == .duplicate(kind: "asset", name: "crm"))
        #expect(account == .duplicate(kind: "account", name: "admin"))
    }

    @Test func accountOfUnknownAssetIsNotFound() throws {
        let vault = try TestVault()

        let error = storeError { try vault.store.write { try $0.insert(Fixture.account("c00000000001", assetID: "a00000000009")) } }

        #expect(error == .notFound(kind: "asset", id: "a00000000009"))
    }

    @Test func deleteAssetAndAccount() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.asset("a00000000001"))
            try writer.insert(Fixture.account("c00000000001", assetID: "a00000000001"))
        }

        try vault.store.write { writer throws in
            try writer.deleteAccount(id: AccountID("c00000000001"))
            try writer.deleteAsset(id: AssetID("a00000000001"))
        }

        #expect(try vault.store.read { try $0.assets() } == [])
        #expect(try vault.store.read { try $0.accounts(assetID: nil) } == [])
    }

    /// A rejected delete reports SQLite's code, message and SQL, never the bound id.
    @Test func deleteAssetWithAccountsIsRejected() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.asset("a00000000001"))
            try writer.insert(Fixture.account("c00000000001", assetID: "a00000000001"))
        }

        let error = storeError { try vault.store.write { try $0.deleteAsset(id: AssetID("a00000000001")) } }

        guard case let .sqlite(code, message, sql) = error else {
            Issue.record("expected an SQLite error, got \(String(describing: error))")
            return
        }
        #expect(code == DatabaseError.constraintForeignKey)
        #expect(message == "FOREIGN KEY constraint failed")
        #expect(sql.hasPrefix("DELETE FROM assets"))
        #expect(!(error?.description.contains("a00000000001") ?? true))
        #expect(try vault.store.read { try $0.asset(id: AssetID("a00000000001")) } != nil)
    }

    @Test func metadataRoundTrip() throws {
        let vault = try TestVault()

        try vault.store.write { writer throws in
            try writer.setMetadata("audit-key", Data([1, 2, 3]))
            try writer.setMetadata("empty", Data())
            try writer.setMetadata("replaced", Data([1]))
            try writer.setMetadata("replaced", Data([2]))
            try writer.setMetadata("removed", Data([1]))
            try writer.setMetadata("removed", nil)
            try writer.setMetadata("never-set", nil)
        }

        try vault.store.read { reader throws in
            #expect(try reader.metadata("audit-key") == Data([1, 2, 3]))
            #expect(try reader.metadata("empty") == Data())
            #expect(try reader.metadata("replaced") == Data([2]))
            #expect(try reader.metadata("removed") == nil)
            #expect(try reader.metadata("never-set") == nil)
        }
    }
}
