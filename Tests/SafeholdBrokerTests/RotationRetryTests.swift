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

/// Retries, backoff and failure of `exec` rotations.
@Suite struct RotationRetryTests {
    static let initial = "initial-secret-Vd81kPz"

    @Test func rejectedCandidateIsReplacedOnRetry() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        target.script(.reject)
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob) = try fixture.people(scope: ["stripe"])
        let (id, _) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)

        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        #expect(target.candidates.count == 1)
        #expect(target.accepted("billing") == Self.initial)
        #expect(try fixture.key("stripe/billing").status == .rotating)
        #expect(try fixture.versions(try fixture.key("stripe/billing")).filter { $0.state == .pending }.isEmpty)
        #expect(fixture.broker.runDueRotations().isEmpty)

        fixture.clock.advance(by: 30)
        let retry = fixture.broker.runDueRotations()

        #expect(retry.map(\.status) == [.rotated])
        #expect(target.candidates.count == 2)
        #expect(target.candidates.first != target.candidates.last)
        #expect(target.accepted("billing") == target.candidates.last)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        #expect(try fixture.auditEvents("keyRotationRetryScheduled").count == 1)
        #expect(try fixture.requestState(id) == .complete)
    }

    @Test func hangingConnectorFailsAfterRetryLimit() throws {
        let directory = try ConnectorTestDirectory()
        // The connector copies its input, secrets included, to standard error and hangs.
        let connector = try directory.writeProgram("connector", "#!/bin/sh\ncat >&2\nsleep 30\n")
        let fixture = try RotationFixture(target: ExecKeyChangeTarget(timeout: .milliseconds(300)))
        try fixture.execAccount("cache/app", secret: Self.initial, connector: connector)
        try fixture.broker.setConnectorSettings(
            assetName: "cache", settings: BrokerFixture.secret(#"{"adminPassword": "admin-pw-Tz93mQr"}"#), by: fixture.admin
        )
        let (alice, bob) = try fixture.people(scope: ["cache"])
        let (id, _) = try fixture.checkOut("cache/app", requester: alice, approver: bob)

        let started = ContinuousClock.now
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try fixture.key("cache/app").status == .rotating)
        #expect(fixture.broker.runDueRotations().isEmpty)
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.retrying])
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().isEmpty)
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.runDueRotations().map(\.status) == [.failed])

        let key = try fixture.key("cache/app")
        let timedOut = "the connector timed out after 0.3 seconds and was killed"
        #expect(key.status == .rotationFailed)
        #expect(key.rotationError == timedOut)
        #expect(key.currentVersion == 1)
        #expect(try fixture.journal(key).map(\.state) == [.failed])
        #expect(try fixture.journal(key).first?.attempts == 3)
        #expect(try fixture.requestState(id) == .pendingKeyReset)
        fixture.clock.advance(by: 3600)
        #expect(fixture.broker.runDueRotations().isEmpty)

        let notices = fixture.notices.of(.rotationFailed)
        #expect(notices.map(\.recipient.name) == ["admin"])
        #expect(notices.first?.text.contains(timedOut) == true)
        #expect(try fixture.auditEvents("keyRotationFailed").count == 1)
        #expect(try fixture.auditEvents("keyRotationRetryScheduled").count == 2)

        let candidate = try #require(try fixture.versions(key).first { $0.state == .pending })
        let secrets = [
            Self.initial, "admin-pw-Tz93mQr",
            BrokerFixture.text(try ApiKeySealing.open(candidate, masterKey: fixture.vault.masterKey).clientSecret),
        ]
        let texts = [key.rotationError ?? "", notices.map(\.text).joined(), fixture.log.text, try fixture.auditText()]
        for secret in secrets {
            for text in texts {
                #expect(!text.contains(secret))
            }
        }
    }

    /// After retries ran out with the outcome unknown, a manual rotation takes the rotation up
    /// again: it checks the kept candidate first, then finishes, and the request that waited for
    /// it moves on.
    @Test func rotateAfterFailureFinishesWaitingRequest() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        target.script(.failWithoutApplying)
        target.setChecksAnswerUnknown(true)
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob) = try fixture.people(scope: ["stripe"])
        let (id, _) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        for _ in 0..<4 {
            fixture.clock.advance(by: 3600)
            _ = fixture.broker.runDueRotations()
        }
        #expect(try fixture.key("stripe/billing").status == .rotationFailed)
        #expect(try fixture.requestState(id) == .pendingKeyReset)

        target.setChecksAnswerUnknown(false)
        let reports = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)

        #expect(reports.map(\.status) == [.rotated])
        #expect(target.checks == 4)
        #expect(target.candidates.count == 2)
        #expect(target.candidates.first == target.candidates.last)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        #expect(try fixture.requestState(id) == .complete)
    }

    /// An administrator who sets the value by hand after a failed rotation replaces the kept
    /// candidate, and a later rotation starts afresh.
    @Test func updateAfterFailureReplacesCandidate() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        target.script(.failWithoutApplying)
        target.setChecksAnswerUnknown(true)
        let fixture = try RotationFixture(target: target, options: BrokerOptions(rotationRetryLimit: 1, rotationRetryDelay: 30))
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        _ = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)
        #expect(try fixture.key("stripe/billing").status == .rotationFailed)

        let summary = try fixture.broker.importApiKeys(
            content: BrokerFixture.secret("asset,account,key,client_id,client_secret\nstripe,billing,api,client-id,set-by-hand-Pq72\n"),
            format: .csv, update: true, by: fixture.admin
        )
        #expect(summary.keysUpdated == 1)
        let key = try fixture.key("stripe/billing")
        #expect(key.status == .active)
        #expect(try fixture.journal(key).isEmpty)
        #expect(try fixture.versions(key).filter { $0.state != .retired }.map(\.state) == [.current])
        #expect(try fixture.currentSecret("stripe/billing") == "set-by-hand-Pq72")
    }

    @Test func missingAccountFailsWithoutRetry() throws {
        let directory = try ConnectorTestDirectory()
        let runs = directory.file("runs")
        let connector = try directory.writeProgram(
            "connector", "#!/bin/sh\ncat >/dev/null\necho run >>\(runs)\necho 'user app does not exist' >&2\nexit 3\n"
        )
        let fixture = try RotationFixture(target: ExecKeyChangeTarget(timeout: .seconds(10)))
        try fixture.execAccount("cache/app", secret: Self.initial, connector: connector)
        let (alice, bob) = try fixture.people(scope: ["cache"])
        let (id, _) = try fixture.checkOut("cache/app", requester: alice, approver: bob)

        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        fixture.clock.advance(by: 24 * 3600)
        let later = fixture.broker.runDueRotations()

        let key = try fixture.key("cache/app")
        #expect(later.isEmpty)
        #expect(directory.read("runs") == "run\n")
        #expect(key.status == .rotationFailed)
        #expect(key.rotationError == "account missing on target: user app does not exist")
        #expect(key.currentVersion == 1)
        #expect(try fixture.journal(key).map(\.attempts) == [1])
        #expect(try fixture.versions(key).map(\.state) == [.current])
        #expect(fixture.notices.of(.rotationFailed).count == 1)
        #expect(try fixture.auditEvents("keyRotationRetryScheduled").isEmpty)
        #expect(try fixture.auditEvents("keyRotationFailed").count == 1)
    }
}
