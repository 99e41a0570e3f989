#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Dispatch
import Synchronization
import Testing

@Suite struct BrokerFlowTests {
    /// Creates a requester, two approvers in one set that needs both, and a reviewer.
    private func twoApprovalSetup() throws -> (BrokerFixture, alice: Caller, bob: Caller, carol: Caller, dave: Caller) {
        let fixture = try BrokerFixture()
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        let carol = try fixture.user("carol")
        let dave = try fixture.user("dave")
        try fixture.account("stripe/billing", secret: "sk_live_original")
        try fixture.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob, carol], 2)], reviewers: [dave], reviews: 1)
        return (fixture, alice, bob, carol, dave)
    }

    @Test func fullLifecycleRotatesAndCompletes() throws {
        let (fixture, alice, bob, carol, dave) = try twoApprovalSetup()
        let broker = fixture.broker

        let submitted = try broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice)
        #expect(submitted.request.state == .pendingApproval)
        #expect(submitted.approvalsNeeded == 2)

        let once = try broker.act(.approve, on: submitted.request.id.rawValue, by: bob)
        #expect(once.request.state == .pendingApproval)
        #expect(once.label == "Pending (1 approval)")

        let twice = try broker.act(.approve, on: submitted.request.id.rawValue, by: carol)
        #expect(twice.request.state == .requestAvailable)

        let checkedOut = try broker.checkOut(submitted.request.id.rawValue, by: alice)
        #expect(checkedOut.keys.count == 1)
        let shown = checkedOut.keys[0].values.clientSecret
        #expect(BrokerFixture.text(shown) == "sk_live_original")
        #expect(checkedOut.summary.request.state == .apiKeyCheckedOut)
        #expect(try broker.verify(path: "stripe/billing", keyName: nil, presented: shown, by: fixture.admin))

        let checkedIn = try broker.act(.checkIn, on: submitted.request.id.rawValue, by: alice)
        #expect(checkedIn.request.state == .pendingReview)
        #expect(try !broker.verify(path: "stripe/billing", keyName: nil, presented: shown, by: fixture.admin))

        let reviewed = try broker.act(.review, on: submitted.request.id.rawValue, comment: "ok", by: dave)
        #expect(reviewed.request.state == .complete)

        let keys = try broker.apiKeys(path: "stripe/billing", by: fixture.admin)
        #expect(keys.first?.key.currentVersion == 2)
    }

    @Test func rotatedKeyIsNewAndVerifies() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let broker = fixture.broker
        let first = try broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice)
        _ = try broker.act(.approve, on: first.request.id.rawValue, by: bob)
        _ = try broker.act(.approve, on: first.request.id.rawValue, by: carol)
        _ = try broker.checkOut(first.request.id.rawValue, by: alice)
        _ = try broker.act(.checkIn, on: first.request.id.rawValue, by: alice)

        let versions = try broker.read { reader in try reader.keyVersions(keyID: try reader.apiKeys(accountID: nil)[0].id) }
        #expect(versions.count == 2)
        #expect(versions[0].state == .retired)
        #expect(versions[0].sealedValue == nil)
        #expect(versions[0].endedAt != nil)
        #expect(versions[1].state == .current)

        let current = try ApiKeySealing.open(versions[1], masterKey: fixture.vault.masterKey)
        #expect(current.clientSecret.count == 40)
        #expect(try broker.verify(path: "stripe/billing", keyName: "api", presented: current.clientSecret, by: fixture.admin))
        #expect(BrokerFixture.text(current.clientID) == "client-id")
    }

    @Test func verifyOfUnknownAccountIsFalse() throws {
        let fixture = try BrokerFixture()
        #expect(try !fixture.broker.verify(path: "nope/none", keyName: nil, presented: BrokerFixture.secret("x"), by: fixture.admin))
    }

    @Test func checkOutByAnotherUserIsRejectedAndAudited() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let request = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice)
        _ = try fixture.broker.act(.approve, on: request.request.id.rawValue, by: bob)
        _ = try fixture.broker.act(.approve, on: request.request.id.rawValue, by: carol)

        #expect(throws: BrokerError.self) { try fixture.broker.checkOut(request.request.id.rawValue, by: bob) }
        #expect(throws: BrokerError.self) { try fixture.broker.checkOut(request.request.id.rawValue, by: fixture.admin) }
        let rejected = try fixture.broker.read { reader in try reader.auditEvents(AuditQuery(action: "rejected")) }
        #expect(rejected.count == 2)
    }

    @Test func checkOutBeforeApprovalRevealsNothing() throws {
        let (fixture, alice, _, _, _) = try twoApprovalSetup()
        let request = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice)
        do {
            _ = try fixture.broker.checkOut(request.request.id.rawValue, by: alice)
            Issue.record("check-out of a pending request succeeded")
        } catch {
            #expect("\(error)".contains(request.request.id.rawValue))
        }
    }

    @Test func administratorCannotApproveOwnRequest() throws {
        let fixture = try BrokerFixture()
        let boss = try fixture.user("boss", administrator: true)
        let bob = try fixture.user("bob")
        try fixture.account("db/root")
        try fixture.policy(scope: ["db"], requesters: [boss], approverSets: [([boss, bob], 1)])
        let request = try fixture.broker.submitRequest(RequestInput(accountPath: "db/root"), by: boss)

        #expect(throws: BrokerError.self) { try fixture.broker.act(.approve, on: request.request.id.rawValue, by: boss) }
        let after = try fixture.broker.details(request.request.id.rawValue, by: boss)
        #expect(after.summary.request.state == .pendingApproval)
    }

    @Test func concurrentSubmissionsForExclusiveAccountOneWins() throws {
        let fixture = try BrokerFixture()
        let approver = try fixture.user("approver")
        let requesters = try (0..<50).map { try fixture.user("user\($0)") }
        try fixture.account("vault/shared")
        try fixture.policy(scope: ["vault"], requesters: requesters, approverSets: [([approver], 1)])

        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 50) { index in
            do {
                _ = try fixture.broker.submitRequest(RequestInput(accountPath: "vault/shared"), by: requesters[index])
                outcomes.record(success: true, message: "")
            } catch {
                outcomes.record(success: false, message: "\(error)")
            }
        }
        #expect(outcomes.successes == 1)
        #expect(outcomes.failures.count == 49)
        #expect(outcomes.failures.allSatisfy { $0.contains("overlap") || $0.contains("conflict") || $0.contains("window") })
    }

    @Test func denyAfterCheckOutRotatesKey() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        _ = try fixture.broker.act(.approve, on: id, by: carol)
        let shown = try fixture.broker.checkOut(id, by: alice).keys[0].values.clientSecret

        let revoked = try fixture.broker.act(.revoke, on: id, comment: "leaked", by: bob)
        #expect(revoked.request.state == .pendingAcknowledgment)
        #expect(revoked.request.flags.wasRevoked)
        #expect(try !fixture.broker.verify(path: "stripe/billing", keyName: nil, presented: shown, by: fixture.admin))
    }

    @Test func expiryAfterCheckOutRotatesKey() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        _ = try fixture.broker.act(.approve, on: id, by: carol)
        let shown = try fixture.broker.checkOut(id, by: alice).keys[0].values.clientSecret

        fixture.clock.advance(by: 3 * 3600)
        #expect(fixture.broker.advance() >= 1)
        let after = try fixture.broker.details(id, by: alice)
        #expect(after.summary.request.state == .pendingAcknowledgment)
        #expect(after.summary.request.flags.wasExpired)
        #expect(try !fixture.broker.verify(path: "stripe/billing", keyName: nil, presented: shown, by: fixture.admin))
    }

    @Test func checkInAndExpiryAtSameInstantRotateOnce() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        _ = try fixture.broker.act(.approve, on: id, by: carol)
        _ = try fixture.broker.checkOut(id, by: alice)

        fixture.clock.advance(by: 2 * 3600 - 0.001)
        let checkedIn = try fixture.broker.act(.checkIn, on: id, by: alice)
        #expect(checkedIn.request.state == .pendingReview)
        fixture.clock.advance(by: 0.001)
        fixture.broker.advance()

        let key = try fixture.broker.apiKeys(path: "stripe/billing", by: fixture.admin)[0].key
        #expect(key.currentVersion == 2)
        let rotations = try fixture.broker.read { reader in try reader.auditEvents(AuditQuery(action: "keyRotated")) }
        #expect(rotations.count == 1)
    }

    @Test func showAgainRefusedAfterManualRotation() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        _ = try fixture.broker.act(.approve, on: id, by: carol)
        _ = try fixture.broker.checkOut(id, by: alice)
        _ = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)

        do {
            _ = try fixture.broker.checkOut(id, by: alice)
            Issue.record("show again succeeded without the policy allowing it")
        } catch {
            #expect("\(error)".contains("changed since"))
        }
    }

    @Test func showAgainAllowedByPolicyReturnsNewKey() throws {
        let fixture = try BrokerFixture()
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        try fixture.account("stripe/billing", secret: "first")
        try fixture.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob], 1)]) { $0.showAgainAfterChange = true }
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        let first = try fixture.broker.checkOut(id, by: alice).keys[0]
        _ = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)

        let second = try fixture.broker.checkOut(id, by: alice).keys[0]
        #expect(second.version == first.version + 1)
        #expect(!(second.values.clientSecret == first.values.clientSecret))
    }

    @Test func resubmitCreatesNewPendingRequest() throws {
        let (fixture, alice, bob, _, _) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing", reason: "deploy"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.deny, on: id, comment: "not now", by: bob)

        let again = try fixture.broker.resubmit(id, by: alice)
        #expect(again.request.id.rawValue != id)
        #expect(again.request.state == .pendingApproval)
        #expect(again.request.reason == "deploy")
        #expect(again.request.resubmittedFrom?.rawValue == id)
        let old = try fixture.broker.details(id, by: alice)
        #expect(old.summary.request.state == .complete)
    }

    @Test func approvalsQueueListsOnlyActionableRequests() throws {
        let (fixture, alice, bob, carol, _) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        #expect(try fixture.broker.approvals(by: bob).map(\.request.id.rawValue) == [id])
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        #expect(try fixture.broker.approvals(by: bob).isEmpty)
        #expect(try fixture.broker.approvals(by: carol).count == 1)
        #expect(try fixture.broker.approvals(by: alice).isEmpty)
    }

    @Test func historyRecordsEveryStep() throws {
        let (fixture, alice, bob, carol, dave) = try twoApprovalSetup()
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        _ = try fixture.broker.act(.approve, on: id, by: carol)
        _ = try fixture.broker.checkOut(id, by: alice)
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        _ = try fixture.broker.act(.review, on: id, by: dave)

        let history = try fixture.broker.details(id, by: alice).history.map(\.entry.action)
        #expect(history == [.request, .approve, .approve, .checkOut, .checkIn, .rotationFinished, .review])
    }
}

/// Thread-safe tally for concurrent tests.
final class Outcomes: Sendable {
    private let state = Mutex<(successes: Int, failures: [String])>((0, []))

    var successes: Int { state.withLock { $0.successes } }
    var failures: [String] { state.withLock { $0.failures } }

    func record(success: Bool, message: String) {
        state.withLock { tally in
            if success { tally.successes += 1 } else { tally.failures.append(message) }
        }
    }
}
