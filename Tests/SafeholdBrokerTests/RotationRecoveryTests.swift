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

/// A crash or a failed commit at each step of an `exec` rotation, recovered by a new broker on the
/// same vault files, as the service does at start.
@Suite struct RotationRecoveryTests {
    static let initial = "initial-secret-Hq2s8Lw"

    /// The faults of each step: a crash, or for the finishing transaction a failed commit.
    static func fault(at point: RotationFaults.Point) -> any Error & Sendable {
        point == .duringFinish ? InjectedFault.commitFailed : RotationFaults.Crash()
    }

    @Test(arguments: RotationFaults.Point.allCases)
    func crashRecoversWithFakeTarget(at point: RotationFaults.Point) throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob) = try fixture.people(scope: ["stripe"], reviewers: 1)
        let (id, shown) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)
        #expect(shown == Self.initial)

        fixture.inject(Self.fault(at: point), at: point)
        let checkedIn = try fixture.broker.act(.checkIn, on: id, by: alice)
        #expect(checkedIn.request.state == .pendingKeyReset)
        #expect(try fixture.key("stripe/billing").status == .rotating)
        #expect(fixture.notices.of(.pendingReview).isEmpty)

        try fixture.restart()
        let reports = fixture.broker.recoverRotations()

        #expect(reports.map(\.status) == [.rotated])
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        #expect(try fixture.currentSecret("stripe/billing") != Self.initial)
        #expect(try fixture.requestState(id) == .pendingReview)
        #expect(fixture.notices.of(.pendingReview).count == 1)
        #expect(try fixture.auditEvents("keysRevealed").count == 1)
        #expect(fixture.broker.recoverRotations().isEmpty)
    }

    /// The target sees one candidate in every case. A crash before the connector ran leaves the
    /// recovery one `change`, and a crash after it leaves the recovery only a `check`.
    @Test(arguments: RotationFaults.Point.allCases)
    func recoveryChecksBeforeChanging(at point: RotationFaults.Point) throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        fixture.inject(Self.fault(at: point), at: point)
        _ = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)

        try fixture.restart()
        _ = fixture.broker.recoverRotations()

        #expect(target.candidates.count == 1)
        #expect(target.checks == (point == .beforeAttempt ? 0 : 1))
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
    }

    /// A failed finishing transaction is recorded and retried after the backoff, not at once, and
    /// the notice of the step it rolled back is not sent until the retry commits.
    @Test func failedFinishBacksOffWithoutNotice() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob) = try fixture.people(scope: ["stripe"], reviewers: 1)
        let (id, _) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)

        fixture.inject(InjectedFault.commitFailed, at: .duringFinish)
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        fixture.clearFaults()

        #expect(fixture.notices.of(.pendingReview).isEmpty)
        #expect(fixture.broker.runDueRotations().isEmpty)
        let entry = try #require(try fixture.journal(try fixture.key("stripe/billing")).first)
        #expect(entry.nextAttemptAt > fixture.clock.now())
        #expect(entry.lastError != nil)

        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.rotated])
        #expect(target.candidates.count == 1)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        #expect(try fixture.requestState(id) == .pendingReview)
        #expect(fixture.notices.of(.pendingReview).count == 1)
    }

    /// Settings that fail to open fail every attempt before the connector runs. Each failure is
    /// counted and backed off, so the rotation runs out of retries instead of spinning.
    @Test func damagedSettingsRunOutOfRetries() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        try fixture.broker.setConnectorSettings(assetName: "stripe", settings: BrokerFixture.secret(#"{"token": "t"}"#), by: fixture.admin)
        let asset = try #require(try fixture.broker.assets(by: fixture.admin).first)
        try fixture.broker.write { writer in try writer.setMetadata("asset-settings.\(asset.id.rawValue)", Data([0, 0, 0, 1, 7, 7])) }

        #expect(try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin).map(\.status) == [.retrying])
        #expect(fixture.broker.runDueRotations().isEmpty)
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.retrying])
        fixture.clock.advance(by: 60)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.failed])

        let key = try fixture.key("stripe/billing")
        #expect(key.status == .rotationFailed)
        #expect(key.rotationError == Broker.internalFailureReason)
        #expect(target.candidates.isEmpty)
        #expect(fixture.log.count(of: "rotation attempt failed") == 3)
        #expect(fixture.log.text.contains("connector settings of asset \(asset.id.rawValue) fail to open"))
        #expect(fixture.notices.of(.rotationFailed).count == 1)
    }

    /// An attempt of an entry that another attempt already finished changes nothing and logs no
    /// error, as when the scheduler lists an entry just before a check-in's own attempt ends it.
    @Test func attemptOfFinishedEntryIsQuiet() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        target.script(.reject)
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        _ = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)
        let entry = try #require(try fixture.journal(try fixture.key("stripe/billing")).first)
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.rotated])

        let report = fixture.broker.attemptRotation(entry.id)

        #expect(report.status == .alreadyRotating)
        #expect(fixture.log.count(of: "rotation attempt failed") == 0)
        #expect(target.candidates.count == 2)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
    }

    @Test(arguments: RotationFaults.Point.allCases)
    func crashRecoversWithRedis(at point: RotationFaults.Point) throws {
        let directory = try ConnectorTestDirectory()
        let server = try RedisTestServer(in: directory, users: [("app", Self.initial)])
        defer { server.stop() }
        let connector = try directory.installExample("connectors/redis-acl")

        let fixture = try RotationFixture(target: ExecKeyChangeTarget(timeout: .seconds(30)))
        try fixture.execAccount("cache/app", secret: Self.initial, connector: connector)
        try fixture.broker.setConnectorSettings(assetName: "cache", settings: redisSettings(server), by: fixture.admin)
        let (alice, bob) = try fixture.people(scope: ["cache"])
        let (id, shown) = try fixture.checkOut("cache/app", requester: alice, approver: bob)
        #expect(server.accepts(user: "app", password: shown))

        fixture.inject(Self.fault(at: point), at: point)
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        try fixture.restart()
        let reports = fixture.broker.recoverRotations()

        #expect(reports.map(\.status) == [.rotated])
        let current = try fixture.currentSecret("cache/app")
        try fixture.expectSettled("cache/app", targetAccepts: current)
        #expect(server.accepts(user: "app", password: current))
        #expect(!server.accepts(user: "app", password: Self.initial))
        #expect(try fixture.requestState(id) == .complete)
    }
}

/// Settings for examples/connectors/redis-acl that reach `server` as its admin user.
func redisSettings(_ server: RedisTestServer) -> SecretBytes {
    BrokerFixture.secret(
        #"{"socket": "\#(server.socket)", "adminUser": "\#(RedisTestServer.adminUser)", "adminPassword": "\#(RedisTestServer.adminPassword)"}"#
    )
}
