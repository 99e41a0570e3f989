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

/// Filters, paging and who may read which events.
@Suite struct AuditReadingTests {
    /// Two requesters with one request each, on two accounts, an hour apart.
    private func twoRequests() throws -> (BrokerFixture, alice: Caller, carol: Caller, erin: Caller, aliceRequest: String, carolRequest: String) {
        let fixture = try BrokerFixture()
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        let carol = try fixture.user("carol")
        let erin = try fixture.user("erin", auditor: true)
        try fixture.account("stripe/billing", secret: "sk_live_reading_0001")
        try fixture.account("stripe/payouts", secret: "sk_live_reading_0002")
        try fixture.policy(scope: ["stripe"], requesters: [alice, carol], approverSets: [([bob], 1)])

        let first = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: first, by: bob)
        fixture.clock.advance(by: 3600)
        let second = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/payouts"), by: carol).request.id.rawValue
        _ = try fixture.broker.act(.deny, on: second, comment: "not today", by: bob)
        return (fixture, alice, carol, erin, first, second)
    }

    @Test func filterByRequest() throws {
        let (fixture, _, _, _, first, _) = try twoRequests()
        let events = try fixture.broker.auditEvents(AuditFilter(requestID: String(first.prefix(6))), by: fixture.admin)

        #expect(events.map(\.action) == ["requestCreated", "approved"])
        #expect(events.allSatisfy { $0.targets["request"] == first })
    }

    @Test func filterByUser() throws {
        let (fixture, _, carol, _, _, _) = try twoRequests()
        let events = try fixture.broker.auditEvents(AuditFilter(userName: "carol"), by: fixture.admin)

        // Carol's own action, and the event that added her as a user.
        #expect(events.map(\.action) == ["userAdded", "requestCreated"])
        #expect(events[0].targets["user"] == carol.id.rawValue)
        #expect(events[1].actorID == carol.id)
    }

    @Test func filterByAccount() throws {
        let (fixture, _, _, _, _, second) = try twoRequests()
        let events = try fixture.broker.auditEvents(AuditFilter(accountPath: "stripe/payouts"), by: fixture.admin)

        #expect(events.map(\.action) == ["accountAdded", "apiKeyAdded", "requestCreated", "denied"])
        #expect(events.last?.targets["request"] == second)
    }

    @Test func filterByAction() throws {
        let (fixture, _, _, _, _, _) = try twoRequests()
        let events = try fixture.broker.auditEvents(AuditFilter(action: "requestCreated"), by: fixture.admin)
        #expect(events.count == 2)
    }

    @Test func filterByTimeRange() throws {
        let (fixture, _, _, _, _, second) = try twoRequests()
        let split = BrokerFixture.start.addingTimeInterval(1800)

        let later = try fixture.broker.auditEvents(AuditFilter(since: split), by: fixture.admin)
        let earlier = try fixture.broker.auditEvents(AuditFilter(until: split), by: fixture.admin)
        let all = try AuditTestSupport.events(fixture)

        #expect(later.map(\.action) == ["requestCreated", "denied"])
        #expect(later.allSatisfy { $0.targets["request"] == second })
        #expect(earlier.count + later.count == all.count)
        #expect(earlier.allSatisfy { $0.at < split })
    }

    @Test func pagesCoverTrailOnce() throws {
        let (fixture, _, _, _, _, _) = try twoRequests()
        let all = try AuditTestSupport.events(fixture)

        var paged: [AuditEvent] = []
        var filter = AuditFilter(limit: 4)
        while true {
            let page = try fixture.broker.auditEvents(filter, by: fixture.admin)
            paged += page
            guard page.count == 4, let last = page.last else { break }
            filter.afterSequence = last.sequence
        }
        #expect(paged == all)
    }

    @Test func auditorAndAdministratorSeeEverything() throws {
        let (fixture, _, _, erin, _, _) = try twoRequests()
        let all = try AuditTestSupport.events(fixture)

        #expect(try fixture.broker.auditEvents(AuditFilter(), by: erin) == all)
        #expect(try fixture.broker.auditEvents(AuditFilter(), by: fixture.admin) == all)
    }

    @Test func requesterSeesOwnRequestsOnly() throws {
        let (fixture, alice, _, _, first, second) = try twoRequests()
        let events = try fixture.broker.auditEvents(AuditFilter(), by: alice)

        #expect(events.map(\.action) == ["requestCreated", "approved"])
        #expect(events.allSatisfy { $0.targets["request"] == first })
        #expect(!events.contains { $0.targets["request"] == second })
    }

    @Test func requesterCannotReadOthersRequest() throws {
        let (fixture, alice, _, _, _, second) = try twoRequests()
        let events = try fixture.broker.auditEvents(AuditFilter(requestID: second), by: alice)
        #expect(events.isEmpty)
    }

    @Test func requesterPagesAreFull() throws {
        let (fixture, alice, _, _, first, _) = try twoRequests()
        // Many events that Alice may not see, between her request's events.
        for index in 0..<(Broker.auditPageSize + 10) {
            fixture.broker.recordAuthenticationFailure(uid: 2000 + index, pid: 1, reason: "test")
        }
        _ = try fixture.broker.act(.cancel, on: first, by: alice)

        let page = try fixture.broker.auditEvents(AuditFilter(limit: 3), by: alice)
        #expect(page.map(\.action) == ["requestCreated", "approved", "cancelled"])
    }
}
