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

/// A check-out reveals a key only after its audit events are committed.
@Suite struct AuditDurabilityTests {
    private static let blockAudit = """
        CREATE TRIGGER block_audit BEFORE INSERT ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit trail is read-only'); END
        """

    /// Returns a fixture with an approved request whose check-out is next.
    private func availableRequest() throws -> (BrokerFixture, alice: Caller, id: String) {
        let fixture = try BrokerFixture()
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        try fixture.account("stripe/billing", secret: "sk_live_durability_0001")
        try fixture.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob], 1)])
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        return (fixture, alice, id)
    }

    @Test func unwritableTrailRevealsNothing() throws {
        let (fixture, alice, id) = try availableRequest()
        let database = try RawVaultDatabase(fixture)
        try database.execute(Self.blockAudit)
        let eventsBefore = try AuditTestSupport.events(fixture).count

        var revealed: CheckOutResult?
        var failure: BrokerError?
        do {
            revealed = try fixture.broker.checkOut(id, by: alice)
        } catch {
            failure = error
        }

        #expect(revealed == nil)
        let error = try #require(failure)
        #expect(error.kind == .failed)
        #expect(error.description.contains("was not checked out because its audit event could not be written"))
        #expect(error.description.contains("No key was revealed"))
        #expect(!error.description.contains("sk_live"))

        let request = try fixture.broker.details(id, by: alice).summary.request
        #expect(request.state == .requestAvailable)
        #expect(request.revealedVersions.isEmpty)
        #expect(try AuditTestSupport.events(fixture).count == eventsBefore)
    }

    @Test func checkOutWorksOnceTrailIsWritable() throws {
        let (fixture, alice, id) = try availableRequest()
        let database = try RawVaultDatabase(fixture)
        try database.execute(Self.blockAudit)
        #expect(throws: BrokerError.self) { try fixture.broker.checkOut(id, by: alice) }

        try database.execute("DROP TRIGGER block_audit")
        let result = try fixture.broker.checkOut(id, by: alice)

        #expect(BrokerFixture.text(result.keys[0].values.clientSecret) == "sk_live_durability_0001")
        let actions = try AuditTestSupport.events(fixture).suffix(2).map(\.action)
        #expect(actions == ["checkedOut", "keysRevealed"])
        #expect(try AuditTestSupport.verify(fixture).isValid)
    }

    @Test func unwritableTrailBlocksOtherChanges() throws {
        let (fixture, alice, id) = try availableRequest()
        let database = try RawVaultDatabase(fixture)
        try database.execute(Self.blockAudit)

        #expect(throws: BrokerError.self) { try fixture.broker.act(.cancel, on: id, by: alice) }
        #expect(throws: BrokerError.self) { try fixture.broker.addUser(name: "carol", by: fixture.admin) }

        #expect(try fixture.broker.details(id, by: alice).summary.request.state == .requestAvailable)
        #expect(try fixture.broker.read { try $0.user(named: "carol") } == nil)
    }
}
