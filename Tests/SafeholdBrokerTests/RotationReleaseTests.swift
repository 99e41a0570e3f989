#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import Dispatch
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Synchronization
import Testing

/// How releases of an `exec` account start rotations: check-out during a rotation, check-in racing
/// expiry, and simultaneous releases.
@Suite struct RotationReleaseTests {
    static let initial = "initial-secret-Nw5c0Re"

    @Test func checkOutWhileRotatingIsRefused() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        target.script(.failWithoutApplying)
        target.setChecksAnswerUnknown(true)
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob) = try fixture.people(scope: ["stripe"])
        let (first, _) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)
        _ = try fixture.broker.act(.checkIn, on: first, by: alice)
        #expect(try fixture.key("stripe/billing").status == .rotating)

        let second = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: second, by: bob)
        do throws(BrokerError) {
            _ = try fixture.broker.checkOut(second, by: alice)
            Issue.record("check-out succeeded while the key was rotating")
        } catch {
            guard case let .rotating(account) = error else {
                Issue.record("expected a rotating error, got \(error)")
                return
            }
            #expect(account == "stripe/billing")
            #expect(error.kind == .rotating)
        }
        let refused = try fixture.broker.details(second, by: alice).summary.request
        #expect(refused.state == .requestAvailable)
        #expect(refused.revealedVersions.isEmpty)
        #expect(try fixture.auditEvents("keysRevealed").count == 1)
        #expect(try fixture.auditEvents("rejected").contains { $0.targets["request"] == second })

        target.setChecksAnswerUnknown(false)
        fixture.clock.advance(by: 30)
        _ = fixture.broker.runDueRotations()
        let shown = try fixture.broker.checkOut(second, by: alice).keys[0]
        #expect(shown.version == 2)
        #expect(BrokerFixture.text(shown.values.clientSecret) == target.accepted("billing"))
    }

    /// Check-in and expiry of the same checked-out request race on two threads around the window
    /// end, in real time. Whichever wins, the key rotates exactly once.
    @Test func checkInRacingExpiryRotatesOnce() throws {
        let rounds = 8
        let accounts = (0..<rounds).map { "app\($0)" }
        let target = FakeKeyTarget(accepting: Dictionary(uniqueKeysWithValues: accounts.map { ($0, Self.initial) }))
        let fixture = try RotationFixture(target: target)
        for account in accounts {
            try fixture.execAccount("cache/\(account)", secret: Self.initial)
        }
        let (alice, bob) = try fixture.people(scope: ["cache"]) { $0.customDurationAllowed = true }

        for account in accounts {
            let path = "cache/\(account)"
            let (id, _) = try fixture.checkOut(path, requester: alice, approver: bob, duration: 60)
            let windowEnd = try #require(try fixture.broker.details(id, by: alice).summary.request.windowEnd)
            // Real time, shifted so that the window ends 25 ms after the race starts.
            let racing = fixture.makeBroker(clock: ShiftedSystemClock(reaching: windowEnd.addingTimeInterval(-0.025)))

            let group = DispatchGroup()
            let checkInDelay = UInt32.random(in: 0...50_000)
            DispatchQueue.global().async(group: group) {
                usleep(checkInDelay)
                _ = try? racing.act(.checkIn, on: id, by: alice)
            }
            DispatchQueue.global().async(group: group) {
                let stop = ContinuousClock.now + .milliseconds(100)
                while ContinuousClock.now < stop {
                    racing.advance()
                    usleep(1000)
                }
            }
            group.wait()

            let key = try fixture.key(path)
            let state = try fixture.requestState(id)
            #expect(try fixture.auditEvents("keyRotated", key: key).count == 1, "\(path) ended \(state)")
            #expect(key.currentVersion == 2)
            #expect(key.status == .active)
            #expect(try fixture.journal(key).isEmpty)
            #expect([.complete, .pendingAcknowledgment].contains(state))
            #expect(target.accepted(account) == (try fixture.currentSecret(path)))
        }
        #expect(target.candidates.count == rounds)
    }

    @Test func lastOfSimultaneousReleasesRotates() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob, carol) = try simultaneousPeople(fixture)
        let (first, firstShown) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)
        let (second, secondShown) = try fixture.checkOut("stripe/billing", requester: carol, approver: bob)
        #expect(firstShown == Self.initial)
        #expect(secondShown == Self.initial)

        _ = try fixture.broker.act(.checkIn, on: first, by: alice)
        #expect(target.candidates.isEmpty)
        #expect(try fixture.key("stripe/billing").currentVersion == 1)
        #expect(try fixture.requestState(first) == .complete)

        _ = try fixture.broker.act(.checkIn, on: second, by: carol)
        #expect(target.candidates.count == 1)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        #expect(try fixture.requestState(second) == .complete)
    }

    @Test func revocationOfSimultaneousReleaseRotatesAtOnce() throws {
        let target = FakeKeyTarget(accepting: ["billing": Self.initial])
        let fixture = try RotationFixture(target: target)
        try fixture.execAccount("stripe/billing", secret: Self.initial)
        let (alice, bob, carol) = try simultaneousPeople(fixture)
        let (first, _) = try fixture.checkOut("stripe/billing", requester: alice, approver: bob)
        let (second, _) = try fixture.checkOut("stripe/billing", requester: carol, approver: bob)

        let revoked = try fixture.broker.act(.revoke, on: first, comment: "leaked", by: bob)
        #expect(revoked.request.state == .pendingAcknowledgment)
        #expect(target.candidates.count == 1)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))

        _ = try fixture.broker.act(.checkIn, on: second, by: carol)
        #expect(target.candidates.count == 1)
        try fixture.expectSettled("stripe/billing", targetAccepts: target.accepted("billing"))
        #expect(try fixture.requestState(second) == .complete)
    }

    /// Requesters alice and carol and approver bob under a policy with two simultaneous releases.
    private func simultaneousPeople(_ fixture: RotationFixture) throws -> (Caller, Caller, Caller) {
        let alice = try fixture.base.user("alice")
        let carol = try fixture.base.user("carol")
        let bob = try fixture.base.user("bob")
        try fixture.base.policy(scope: ["stripe"], requesters: [alice, carol], approverSets: [([bob], 1)]) {
            $0.simultaneousReleases = 2
        }
        return (alice, bob, carol)
    }
}

/// The system clock moved by a fixed offset, so that a test can run in real time around a moment
/// fixed by a manual clock.
final class ShiftedSystemClock: TimeSource {
    let offset: TimeInterval

    /// A clock that reads `moment` now and runs on from there in real time.
    init(reaching moment: Date) {
        offset = moment.timeIntervalSince(Date())
    }

    func now() -> Date {
        Date.truncatedToMilliseconds(Date().addingTimeInterval(offset))
    }
}
