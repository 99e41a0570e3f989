#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Synchronization
import Testing

/// Which events the broker writes: one per state change, decision, rotation step,
/// administrative change, authentication failure and rejection.
@Suite struct AuditTrailTests {
    private struct Step: Equatable, CustomStringConvertible {
        var action: String
        var oldState: String?
        var newState: String?

        init(_ action: String, _ oldState: String? = nil, _ newState: String? = nil) {
            self.action = action
            self.oldState = oldState
            self.newState = newState
        }

        init(_ event: AuditEvent) {
            self.init(event.action, event.oldState, event.newState)
        }

        var description: String { "\(action) \(oldState ?? "-") → \(newState ?? "-")" }
    }

    @Test func requestFlowWithTimeDrivenSteps() throws {
        let fixture = try BrokerFixture()
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        let dave = try fixture.user("dave")
        try fixture.account("stripe/billing", secret: "sk_live_time_driven_0001")
        try fixture.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob], 1)], reviewers: [dave], reviews: 1)
        let start = fixture.clock.now().addingTimeInterval(3600)

        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing", start: start), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        #expect(throws: BrokerError.self) { try fixture.broker.checkOut(id, by: alice) }
        fixture.clock.set(start)
        #expect(fixture.broker.advance() == 1)
        _ = try fixture.broker.checkOut(id, by: alice)
        fixture.clock.set(start.addingTimeInterval(2 * 3600))
        #expect(fixture.broker.advance() == 1)
        _ = try fixture.broker.act(.remove, on: id, by: alice)
        _ = try fixture.broker.act(.review, on: id, comment: "expired unused", by: dave)

        let events = try fixture.broker.auditEvents(AuditFilter(requestID: id), by: fixture.admin)
        #expect(events.map(Step.init) == [
            Step("requestCreated", nil, "PendingApproval"),
            Step("approved", "PendingApproval", "Approved"),
            Step("rejected"),
            Step("windowStarted", "Approved", "RequestAvailable"),
            Step("checkedOut", "RequestAvailable", "ApiKeyCheckedOut"),
            Step("keysRevealed"),
            Step("expired", "ApiKeyCheckedOut", "PendingAcknowledgment"),
            Step("keyRotated"),
            Step("removed", "PendingAcknowledgment", "PendingReview"),
            Step("reviewed", "PendingReview", "Complete"),
        ])

        let actors = events.map { $0.actorID?.rawValue ?? "broker" }
        let a = alice.id.rawValue, b = bob.id.rawValue, d = dave.id.rawValue
        #expect(actors == [a, b, a, "broker", a, a, "broker", "broker", a, d])
        #expect(events[3].at == start)
        #expect(events[6].at == start.addingTimeInterval(2 * 3600))
        #expect(events[2].comment?.hasPrefix("checkOut: ") == true)
        #expect(events[7].comment == "expiry; version 2")
        #expect(try AuditTestSupport.verify(fixture).isValid)
    }

    @Test func checkInFlowSteps() throws {
        let fixture = try BrokerFixture()
        let id = try AuditTestSupport.runCheckOutFlow(fixture)

        let events = try fixture.broker.auditEvents(AuditFilter(requestID: id), by: fixture.admin)
        #expect(events.map(Step.init) == [
            Step("requestCreated", nil, "PendingApproval"),
            Step("approved", "PendingApproval", "RequestAvailable"),
            Step("checkedOut", "RequestAvailable", "ApiKeyCheckedOut"),
            Step("keysRevealed"),
            Step("checkedIn", "ApiKeyCheckedOut", "PendingKeyReset"),
            Step("keyRotated"),
            Step("keyResetFinished", "PendingKeyReset", "PendingReview"),
            Step("reviewed", "PendingReview", "Complete"),
        ])
        #expect(events[1].comment == "fine")
        #expect(events[3].targets["keys"] == "api@1")
        #expect(events[3].valueHash?.count == 32)
        #expect(events[5].valueHash?.count == 16)
    }

    @Test func socketCallerIsRecorded() throws {
        let fixture = try BrokerFixture()
        let caller = Caller(user: fixture.admin.user, uid: 501, pid: 7777)
        _ = try fixture.broker.addAsset(name: "github", by: caller)

        let last = try #require(AuditTestSupport.events(fixture).last)
        #expect(last.action == "assetAdded")
        #expect(last.actorID == fixture.admin.id)
        #expect(last.actorUID == 501)
        #expect(last.actorPID == 7777)
    }

    @Test func administrativeChanges() throws {
        let fixture = try BrokerFixture()
        let before = try AuditTestSupport.events(fixture).count
        let admin = fixture.admin

        let erin = try fixture.broker.addUser(name: "erin", osLogin: "erin", by: admin)
        _ = try fixture.broker.updateUser(name: "erin", changes: UserChanges(isAuditor: true), by: admin)
        _ = try fixture.broker.updateUser(name: "erin", changes: UserChanges(isDisabled: true), by: admin)
        _ = try fixture.broker.updateUser(name: "erin", changes: UserChanges(isDisabled: false), by: admin)
        let (token, _) = try fixture.broker.createToken(for: "erin", by: admin)
        _ = try fixture.broker.revokeToken(id: token.id.rawValue, by: admin)
        try fixture.account("github/ci", secret: "ghp_admin_changes_secret_0001")
        _ = try fixture.broker.addApiKey(path: "github/ci", name: "deploy", values: BrokerFixture.values("ghp_second_key_secret_0002"), by: admin)
        _ = try fixture.broker.rotate(path: "github/ci", keyName: "api", by: admin)
        try fixture.broker.deleteApiKey(path: "github/ci", name: "deploy", by: admin)
        try fixture.policy("ci", scope: ["github"], requesters: [Caller(user: erin)], approverSets: [([admin], 1)])
        var spec = try #require(try fixture.broker.policies(by: admin).first?.spec)
        spec.reasonRequired = true
        _ = try fixture.broker.updatePolicy(spec, by: admin)
        try fixture.broker.deletePolicy(name: "ci", by: admin)
        try fixture.broker.deleteAccount(path: "github/ci", by: admin)
        try fixture.broker.deleteAsset(name: "github", by: admin)
        let csv = "asset,account,key,client_id,client_secret\nslack,bot,token,bot-id,xoxb-imported-secret-0003\n"
        _ = try fixture.broker.importApiKeys(content: BrokerFixture.secret(csv), format: .csv, update: false, by: admin)

        let actions = try AuditTestSupport.events(fixture).dropFirst(before).map(\.action)
        #expect(actions == [
            "userAdded", "userUpdated", "userDisabled", "userEnabled", "tokenCreated", "tokenRevoked",
            "assetAdded", "accountAdded", "apiKeyAdded", "apiKeyAdded", "keyRotated", "apiKeyDeleted",
            "policyAdded", "policyUpdated", "policyDeleted", "apiKeyDeleted", "accountDeleted", "assetDeleted",
            "assetAdded", "accountAdded", "apiKeyAdded", "apiKeysImported",
        ])
    }

    @Test func rejectedActionsAreRecorded() throws {
        let fixture = try BrokerFixture()
        let alice = try fixture.user("alice")
        let before = try AuditTestSupport.events(fixture).count

        #expect(throws: BrokerError.self) { try fixture.broker.addAsset(name: "x", by: alice) }
        #expect(throws: BrokerError.self) { try fixture.broker.addUser(name: "alice", by: fixture.admin) }
        #expect(throws: BrokerError.self) { try fixture.broker.addAccount(path: "nowhere/acct", by: fixture.admin) }
        #expect(throws: BrokerError.self) { try fixture.broker.submitRequest(RequestInput(accountPath: "nowhere/acct"), by: alice) }
        #expect(throws: BrokerError.self) { try fixture.broker.act(.approve, on: "ffffffffffff", by: alice) }
        #expect(throws: BrokerError.self) { try fixture.broker.checkOut("ffffffffffff", by: alice) }
        #expect(throws: BrokerError.self) { try fixture.broker.verifyAuditTrail(by: alice) }

        let rejected = try AuditTestSupport.events(fixture).dropFirst(before)
        #expect(rejected.map(\.action) == Array(repeating: "rejected", count: 7))
        #expect(rejected.allSatisfy { $0.actorID == alice.id || $0.actorID == fixture.admin.id })
        let comments = rejected.map { $0.comment ?? "" }
        #expect(comments[0] == "add assets: not an administrator")
        #expect(comments[1].hasPrefix("add users: "))
        #expect(comments[2].hasPrefix("add accounts: asset 'nowhere' not found"))
        #expect(comments[3].hasPrefix("request: "))
        #expect(comments[4].hasPrefix("approve: request 'ffffffffffff' not found"))
        #expect(comments[5].hasPrefix("checkOut: "))
        #expect(comments[6] == "verify the audit trail: not an administrator or auditor")
        #expect(rejected.dropFirst(3).first?.targets == ["accountPath": "nowhere/acct"])
    }

    @Test func execRotationAttemptsAndResults() throws {
        let target = ScriptedTarget([.rejected("candidate refused"), .applied(minted: nil)])
        let fixture = try BrokerFixture(targets: RotationTargets(exec: target))
        try fixture.account("redis/app", secret: "redis_exec_audit_secret_0001", platform: .exec, connector: "/bin/true")
        let before = try AuditTestSupport.events(fixture).count

        let first = try fixture.broker.rotate(path: "redis/app", keyName: nil, by: fixture.admin)
        #expect(first.map(\.status) == [.retrying])
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.rotated])

        let events = try AuditTestSupport.events(fixture).dropFirst(before)
        #expect(events.map(\.action) == [
            "keyRotationStarted", "keyRotationAttempted", "keyRotationRetryScheduled", "keyRotationAttempted", "keyRotated",
        ])
        #expect(events.map { $0.comment ?? "" } == [
            "manual; version 2", "manual; version 2; attempt 1", "attempt 1: target rejected the candidate: candidate refused",
            "manual; version 2; attempt 2", "manual; version 2; attempt 2",
        ])
        #expect(events.allSatisfy { $0.targets["key"] != nil })
    }

    @Test func authenticationFailureIsRecorded() throws {
        let fixture = try BrokerFixture()
        fixture.broker.recordAuthenticationFailure(uid: 4321, pid: 99, reason: "OS login mallory is not a Safehold user")

        let last = try #require(AuditTestSupport.events(fixture).last)
        #expect(last.action == "authenticationFailed")
        #expect(last.actorID == nil)
        #expect(last.actorUID == 4321)
        #expect(last.actorPID == 99)
        #expect(last.comment == "OS login mallory is not a Safehold user")
        #expect(try AuditTestSupport.verify(fixture).isValid)
    }

    @Test func exportIsRecorded() throws {
        let fixture = try BrokerFixture()
        let export = try fixture.broker.exportAuditTrail(by: fixture.admin)

        let last = try #require(AuditTestSupport.events(fixture).last)
        #expect(last.action == "auditExported")
        #expect(export.head.sequence == last.sequence)
        #expect(export.head.headHash == last.hash)
    }
}

/// A rotation target that returns scripted outcomes from `change` and accepts the current value
/// on `check`.
final class ScriptedTarget: KeyChangeTarget {
    private let outcomes: Mutex<[KeyChangeOutcome]>

    init(_ outcomes: [KeyChangeOutcome]) {
        self.outcomes = Mutex(outcomes)
    }

    func change(_ change: KeyChange) -> KeyChangeOutcome {
        outcomes.withLock { $0.isEmpty ? .failed("no scripted outcome left") : $0.removeFirst() }
    }

    func check(_ change: KeyChange) -> KeyCheckOutcome {
        .acceptsCurrent
    }
}
