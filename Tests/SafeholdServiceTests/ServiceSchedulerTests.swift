#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdTestSupport
import Testing

/// Window ends on real time: the service expires a checked-out request and rotates its key, also
/// when the window ended while the service was down.
@Suite struct ServiceSchedulerTests {
    /// Lets alice choose windows of a few seconds.
    private static let shortWindows = ["--custom-duration", "--default-duration", "1m", "--max-duration", "1h"]

    @Test func expiryRunsWhileServing() throws {
        let fixture = try ServiceFixture(policyArguments: Self.shortWindows)
        let id = try fixture.request(arguments: ["--for", "2s"])
        try fixture.succeed(fixture.service.run(as: "bob", ["approve", id]), "approve")
        let shown = try fixture.succeed(fixture.service.run(as: "alice", ["show", id, "--field", "client-secret"]), "show")
        #expect(shown == fixture.clientSecrets[0] + "\n")

        let expired = eventually(timeout: .seconds(10)) {
            (try? fixture.details(id))?.state == "PendingAcknowledgment"
        }
        #expect(expired)
        #expect(try fixture.details(id).flags["wasExpired"] == true)
        #expect(try !fixture.verifies(fixture.clientSecrets[0]))
        #expect(try fixture.auditEvents("expired").count == 1)
        fixture.expectLogHasNoSecrets()
    }

    @Test func expiryRunsOnceAfterRestart() throws {
        let fixture = try ServiceFixture(policyArguments: Self.shortWindows)
        let service = fixture.service
        let id = try fixture.request(arguments: ["--for", "4s"])
        try fixture.succeed(service.run(as: "bob", ["approve", id]), "approve")
        let approved = ContinuousClock.now
        let shown = try fixture.succeed(service.run(as: "alice", ["show", id, "--field", "client-secret"]), "show")
        #expect(shown == fixture.clientSecrets[0] + "\n")
        #expect(try fixture.details(id).state == "ApiKeyCheckedOut")
        #expect(service.terminate(timeout: .seconds(10)) == 0)
        #expect(ContinuousClock.now - approved < .seconds(4), "the service stopped only after the window ended")

        // Past the window's end, with a second to spare, while the service is down.
        let windowEnd = approved + .seconds(5)
        while ContinuousClock.now < windowEnd {
            usleep(50_000)
        }
        let restarted = Int64(Date().timeIntervalSince1970 * 1000)
        try service.start()

        let expired = eventually(timeout: .seconds(5)) {
            (try? fixture.details(id))?.state == "PendingAcknowledgment"
        }
        #expect(expired)
        #expect(try fixture.details(id).flags["wasExpired"] == true)
        #expect(try !fixture.verifies(fixture.clientSecrets[0]))

        // Further passes of the scheduler must not expire or rotate it again.
        usleep(2_500_000)
        let expiries = try fixture.auditEvents("expired").filter { $0.targets?["request"] == id }
        #expect(expiries.count == 1)
        #expect((expiries.first?.at ?? 0) >= restarted)
        #expect(try fixture.auditEvents("keyRotated").filter { $0.targets?["request"] == id }.count == 1)
        fixture.expectLogHasNoSecrets()
    }
}
