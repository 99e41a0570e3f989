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

/// A sealed value is bound to its key and version: copied into another key's row, another version
/// or another account's key, it fails to open with an error and never yields the copied value.
/// The copies are made through a second store on the same database file, as someone editing
/// the file would.
@Suite struct SealedStorageBindingTests {
    private struct Setup {
        let fixture: BrokerFixture
        let requester: Caller
    }

    /// stripe/billing with keys `api` and `backup`, github/ci with key `api`, and a policy that
    /// releases both accounts to alice without approval.
    private func setup(seed: UInt64) throws -> Setup {
        let fixture = try BrokerFixture(seed: seed)
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        try fixture.account("stripe/billing", secret: "stripe-api-secret")
        _ = try fixture.broker.addApiKey(
            path: "stripe/billing", name: "backup", values: BrokerFixture.values("stripe-backup-secret", clientID: "stripe-backup-id"),
            by: fixture.admin
        )
        try fixture.account("github/ci", secret: "github-api-secret")
        try fixture.policy(scope: ["stripe", "github"], requesters: [alice], approverSets: [([bob], 1)]) { $0.autoApprove = true }
        return Setup(fixture: fixture, requester: alice)
    }

    private func keyID(_ fixture: BrokerFixture, _ path: String, _ name: String) throws -> ApiKeyID {
        try #require(try fixture.broker.apiKeys(path: path, by: fixture.admin).first { $0.key.name == name }?.key.id)
    }

    /// Copies the sealed fields of `source` into the row of `target` through a second store.
    private func copySealed(_ fixture: BrokerFixture, from source: (ApiKeyID, Int), to target: (ApiKeyID, Int)) throws {
        let store = try SQLiteVaultStore.open(path: fixture.layout.database, mode: .existing)
        defer { store.close() }
        try store.write { writer in
            let copied = try #require(try writer.keyVersion(keyID: source.0, version: source.1))
            var row = try #require(try writer.keyVersion(keyID: target.0, version: target.1))
            row.wrappedDataKey = copied.wrappedDataKey
            row.sealedValue = copied.sealedValue
            try writer.update(row)
        }
    }

    /// Requests `path` as the requester, expects the check-out to fail because a sealed value does
    /// not open, and checks that nothing was revealed or recorded as checked out.
    private func expectCheckOutFails(_ setup: Setup, path: String, copiedSecret: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let broker = setup.fixture.broker
        let submitted = try broker.submitRequest(RequestInput(accountPath: path), by: setup.requester)
        #expect(submitted.request.state == .requestAvailable, sourceLocation: sourceLocation)

        var revealed: CheckOutResult?
        var failure: BrokerError?
        do {
            revealed = try broker.checkOut(submitted.request.id.rawValue, by: setup.requester)
        } catch {
            failure = error
        }

        #expect(revealed == nil, "the check-out returned \(revealed?.keys.map(\.name) ?? [])", sourceLocation: sourceLocation)
        let error = try #require(failure, sourceLocation: sourceLocation)
        #expect(error.kind == .failed, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains("damaged or was copied"), "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.contains(copiedSecret), sourceLocation: sourceLocation)
        let request = try broker.read { reader in try reader.request(id: submitted.request.id) }
        #expect(request?.state == .requestAvailable, sourceLocation: sourceLocation)
        #expect(request?.flags.wasCheckedOut == false, sourceLocation: sourceLocation)
    }

    @Test func copyToAnotherKeyFails() throws {
        let setup = try setup(seed: 201)
        let api = try keyID(setup.fixture, "stripe/billing", "api")
        let backup = try keyID(setup.fixture, "stripe/billing", "backup")

        try copySealed(setup.fixture, from: (api, 1), to: (backup, 1))

        try expectCheckOutFails(setup, path: "stripe/billing", copiedSecret: "stripe-api-secret")
        let presented = BrokerFixture.secret("stripe-api-secret")
        #expect(try !setup.fixture.broker.verify(path: "stripe/billing", keyName: "backup", presented: presented, by: setup.fixture.admin))
    }

    @Test func copyToAnotherAccountFails() throws {
        let setup = try setup(seed: 202)
        let stripe = try keyID(setup.fixture, "stripe/billing", "api")
        let github = try keyID(setup.fixture, "github/ci", "api")

        try copySealed(setup.fixture, from: (stripe, 1), to: (github, 1))

        try expectCheckOutFails(setup, path: "github/ci", copiedSecret: "stripe-api-secret")
        let presented = BrokerFixture.secret("stripe-api-secret")
        #expect(try !setup.fixture.broker.verify(path: "github/ci", keyName: "api", presented: presented, by: setup.fixture.admin))
    }

    @Test func copyToAnotherVersionFails() throws {
        let setup = try setup(seed: 203)
        let fixture = setup.fixture
        let api = try keyID(fixture, "github/ci", "api")
        let first = try #require(try fixture.broker.read { reader in try reader.keyVersion(keyID: api, version: 1) })

        let reports = try fixture.broker.rotate(path: "github/ci", keyName: "api", by: fixture.admin)
        #expect(reports.map(\.version) == [2])
        // Put version 1's sealed fields, kept from before the rotation, into version 2's row.
        let store = try SQLiteVaultStore.open(path: fixture.layout.database, mode: .existing)
        try store.write { writer in
            var second = try #require(try writer.keyVersion(keyID: api, version: 2))
            second.wrappedDataKey = first.wrappedDataKey
            second.sealedValue = first.sealedValue
            try writer.update(second)
        }
        store.close()

        try expectCheckOutFails(setup, path: "github/ci", copiedSecret: "github-api-secret")
        let presented = BrokerFixture.secret("github-api-secret")
        #expect(try !fixture.broker.verify(path: "github/ci", keyName: "api", presented: presented, by: fixture.admin))
    }

    @Test func untouchedKeysStillOpen() throws {
        let setup = try setup(seed: 204)
        let stripe = try keyID(setup.fixture, "stripe/billing", "api")
        let backup = try keyID(setup.fixture, "stripe/billing", "backup")
        try copySealed(setup.fixture, from: (stripe, 1), to: (backup, 1))

        let submitted = try setup.fixture.broker.submitRequest(RequestInput(accountPath: "github/ci"), by: setup.requester)
        let result = try setup.fixture.broker.checkOut(submitted.request.id.rawValue, by: setup.requester)

        #expect(result.keys.map { BrokerFixture.text($0.values.clientSecret) } == ["github-api-secret"])
    }

    @Test func movedServiceKeyFailsOpen() throws {
        let setup = try setup(seed: 205)
        let fixture = setup.fixture
        let store = try SQLiteVaultStore.open(path: fixture.layout.database, mode: .existing)
        try store.write { writer in
            let tokenKey = try #require(try writer.metadata(ServiceKeys.tokenHashName))
            try writer.setMetadata(ServiceKeys.auditHashName, tokenKey)
        }
        store.close()
        fixture.vault.close()

        #expect {
            try Vault.open(layout: fixture.layout, unlock: .keyFile(path: fixture.keyFile)).close()
        } throws: { error in
            guard case let .damagedDatabase(_, detail) = error as? VaultError else { return false }
            return detail.contains(ServiceKeys.auditHashName)
        }
    }
}
