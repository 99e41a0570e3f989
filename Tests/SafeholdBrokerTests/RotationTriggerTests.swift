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

/// Rotations that an administrator starts: `rotate` by account or key, and by key age.
@Suite struct RotationTriggerTests {
    static let initial = "initial-secret-Ke40aWm"

    @Test func manualRotateRotatesNamedKeyOnly() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        _ = try fixture.broker.addApiKey(path: "stripe/billing", name: "other", values: BrokerFixture.values("other-secret"), by: fixture.admin)

        let reports = try fixture.broker.rotate(path: "stripe/billing", keyName: "api", by: fixture.admin)

        #expect(reports.map(\.keyName) == ["api"])
        #expect(reports.map(\.status) == [.rotated])
        #expect(reports.map(\.version) == [2])
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        let other = try #require(try fixture.broker.apiKeys(path: "stripe/billing", by: fixture.admin).first { $0.key.name == "other" })
        #expect(other.key.currentVersion == 1)
        #expect(try fixture.auditEvents("keyRotated").first?.comment?.hasPrefix("manual") == true)
    }

    @Test func manualRotateWhileRotatingIsCoalesced() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        target.script(.failWithoutApplying)
        target.setChecksAnswerUnknown(true)
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        #expect(try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin).map(\.status) == [.retrying])

        let again = try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: fixture.admin)

        #expect(again.map(\.status) == [.alreadyRotating])
        #expect(target.candidates.count == 1)
        #expect(try fixture.journal(try fixture.key("stripe/billing")).count == 1)
    }

    @Test func manualRotateNeedsAdministrator() throws {
        let fixture = try RotationFixture(target: FakeKeyTarget(accepting: [:]))
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let alice = try fixture.base.user("alice")

        #expect(throws: BrokerError.self) { try fixture.broker.rotate(path: "stripe/billing", keyName: nil, by: alice) }
        #expect(throws: BrokerError.self) { try fixture.broker.rotateKeys(olderThan: 0, by: alice) }
        #expect(try fixture.key("stripe/billing").currentVersion == 1)
    }

    @Test func keyAgeRotatesOnlyOldKeys() throws {
        let target = FakeKeyTarget(accepting: ["old": Self.initial, "new": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("cache/old", secret: Self.initial)
        try fixture.base.account("local/old", secret: Self.initial)
        fixture.clock.advance(by: 10 * 86400)
        try fixture.execAccount("cache/new", secret: Self.initial)
        try fixture.base.account("local/new", secret: Self.initial)

        let reports = try fixture.broker.rotateKeys(olderThan: 5 * 86400, by: fixture.admin)

        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.status == .rotated })
        #expect(target.candidates.count == 1)
        try fixture.expectSettled("cache/old", targetAccepts: target.accepted("old"))
        #expect(try fixture.key("local/old").currentVersion == 2)
        #expect(try fixture.key("cache/new").currentVersion == 1)
        #expect(try fixture.key("local/new").currentVersion == 1)
        #expect(target.accepted("new") == Self.initial)
        #expect(try fixture.auditEvents("keyRotated").allSatisfy { $0.comment?.hasPrefix("maxAge") == true })

        fixture.clock.advance(by: 86400)
        #expect(try fixture.broker.rotateKeys(olderThan: 5 * 86400, by: fixture.admin).isEmpty)
    }
}
