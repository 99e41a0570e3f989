#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdTestSupport
import Testing

/// Two users with tokens act on one request through the `safehold` binary and the real service.
@Suite struct ServiceWorkflowTests {
    @Test func requestApproveShowCheckIn() throws {
        let fixture = try ServiceFixture()
        let service = fixture.service

        let id = try fixture.request()
        #expect(try fixture.details(id).state == "PendingApproval")

        let approved = try service.run(as: "bob", ["approve", id])
        #expect(approved.status == 0)
        #expect(approved.standardOutput.contains("Available"))

        let shown = try service.run(as: "alice", ["show", id, "--field", "client-secret"])
        #expect(shown.status == 0)
        #expect(shown.standardOutput == fixture.clientSecrets[0] + "\n")
        #expect(try fixture.details(id).state == "ApiKeyCheckedOut")
        #expect(try fixture.verifies(fixture.clientSecrets[0]))

        let checkedIn = try service.run(as: "alice", ["checkin", id])
        #expect(checkedIn.status == 0)
        #expect(try fixture.details(id).state == "Complete")
        #expect(try !fixture.verifies(fixture.clientSecrets[0]))

        let checkOuts = try fixture.auditEvents("checkedOut")
        #expect(checkOuts.count == 1)
        #expect(checkOuts.first?.targets?["request"] == id)
        #expect(try fixture.auditEvents("checkedIn").count == 1)
        fixture.expectLogHasNoSecrets()
    }

    @Test func requesterCannotApproveOwnRequest() throws {
        let fixture = try ServiceFixture()
        let id = try fixture.request()

        let approved = try fixture.service.run(as: "alice", ["approve", id])
        #expect(approved.status != 0)
        #expect(try fixture.details(id).state == "PendingApproval")

        let shown = try fixture.service.run(as: "alice", ["show", id])
        #expect(shown.status != 0)
        #expect(!shown.standardOutput.contains(fixture.clientSecrets[0]))
        fixture.expectLogHasNoSecrets()
    }
}
