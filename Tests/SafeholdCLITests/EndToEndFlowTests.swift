#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

/// The whole check-out flow through the built binary and a real service, as four people: alice
/// requests, bob and carol approve, dave reviews. Each step checks the exact text people read.
@Suite struct EndToEndFlowTests {
    @Test func checkOutFlowAsFourUsers() throws {
        let session = try EndToEndSession(users: ["alice", "bob", "carol", "dave"])
        let secret = uniqueSecret()
        try session.addKey("pay/billing", "main", clientID: "acct_billing", secret: secret, secretID: "sid_7")
        try session.succeed(nil, [
            "policy", "add", "payments", "--scope", "pay", "--requesters", "alice", "--approvers", "bob,carol", "--approvals", "2",
            "--reviewers", "dave", "--reviews", "1", "--default-duration", "1h",
        ])

        // alice requests access. The text names the request, its label and its window.
        let requested = try session.succeed("alice", ["request", "pay/billing", "--ticket", "CHG-7", "--reason", "rotate the webhook"])
        let id = try #require(requested.split(separator: " ").dropFirst().first.map(String.init))
        let pending = try session.json(DetailsJSON.self, "alice", ["details", id]).summary
        let requestedWindow = TimeFormatting.window(
            start: date(milliseconds: pending.request.requestedAt), durationSeconds: 3600, timeZone: .utc
        )
        #expect(requested == """
            Request \(id) for pay/billing: Pending (2 approvals).
            Requested for \(requestedWindow). Follow it with `safehold details \(id)`.

            """)

        // My Requests and bob's Approvals show it with the reference product's columns.
        let myRequests = try session.succeed("alice", ["requests"])
        #expect(cells(lines(myRequests)[0]) == ["ID", "Status", "Asset", "Account", "Ticket Number", "Requested For", "Remaining"])
        #expect(myRequests == Table(columns: ListingColumns.requests, rows: [
            [id, "Pending (2 approvals)", "pay", "billing", "CHG-7", requestedWindow, "1 hour once available"],
        ]).rendered())

        let approvals = try session.succeed("bob", ["approvals"])
        #expect(cells(lines(approvals)[0]) == ["Action", "Requester / Status", "Asset / Access Type", "Account", "Ticket Number", "Requested For"])
        #expect(approvals == Table(columns: ListingColumns.approvals, rows: [
            [id, "alice / Pending (2 approvals)", "pay / API key", "billing", "CHG-7", requestedWindow],
        ]).rendered())

        // Two approvals make it Available.
        #expect(try session.succeed("bob", ["approve", id]) == "Approved request \(id) for pay/billing: now Pending (1 approval).\n")
        #expect(try session.succeed("carol", ["approve", id, "--comment", "ok for today"]) == "Approved request \(id) for pay/billing: now Available.\n")
        #expect(try session.succeed("bob", ["approvals"]) == "No requests wait for your approval.\n")

        // Piped, show prints the three lines that `apikey add` reads.
        #expect(try session.succeed("alice", ["show", id]) == "acct_billing\n\(secret)\nsid_7\n")

        let available = try session.json(DetailsJSON.self, "alice", ["details", id]).summary
        let windowStart = try #require(available.request.windowStart)
        let window = TimeFormatting.window(start: date(milliseconds: windowStart), durationSeconds: 3600, timeZone: .utc)
        let checkedOut = lines(try session.succeed("alice", ["requests"]))
        #expect(checkedOut.count == 2)
        let row = cells(checkedOut[1])
        #expect(Array(row.prefix(6)) == [id, "Available (checked out)", "pay", "billing", "CHG-7", window])
        #expect(["ends in 1 h", "ends in 59 min"].contains(row.last ?? ""))

        // Check-in rotates the builtin key at once: the shown secret stops verifying.
        #expect(try session.succeed("alice", ["checkin", id]) == "Checked in request \(id) for pay/billing: now Pending review.\n")
        #expect(try session.run(nil, ["verify", "pay/billing"], input: secret).status == 1)

        // dave reviews it from his Reviews page.
        let reviews = try session.succeed("dave", ["reviews"])
        #expect(cells(lines(reviews)[0]) == ["Action", "Requester", "Access Type", "Account", "Ticket Number", "Requested For / Duration"])
        #expect(reviews == Table(columns: ListingColumns.reviews, rows: [
            [id, "alice", "API key", "pay/billing", "CHG-7", window],
        ]).rendered())
        #expect(try session.succeed("dave", ["review", id, "--comment", "webhook rotated"]) == "Reviewed request \(id) for pay/billing: now Reviewed.\n")
        #expect(try session.succeed("dave", ["reviews"]) == "No requests wait for your review.\n")
        #expect(try session.succeed("alice", ["requests"]) == "No requests. Ask for access with `safehold request ASSET/ACCOUNT`.\n")

        // The details end with the workflow history, one line per step.
        let details = try session.json(DetailsJSON.self, "alice", ["details", id])
        let expectedSteps: [(String, String, String, String)] = [
            ("alice", "request", "- → PendingApproval", ""),
            ("bob", "approve", "PendingApproval → PendingApproval", ""),
            ("carol", "approve", "PendingApproval → RequestAvailable", "ok for today"),
            ("alice", "checkOut", "RequestAvailable → ApiKeyCheckedOut", ""),
            ("alice", "checkIn", "ApiKeyCheckedOut → PendingKeyReset", ""),
            ("safehold", "rotationFinished", "PendingKeyReset → PendingReview", ""),
            ("dave", "review", "PendingReview → Complete", "webhook rotated"),
        ]
        try #require(details.history.count == expectedSteps.count)
        let historyRows = zip(details.history, expectedSteps).map { step, expected in
            [TimeFormatting.dateTime(date(milliseconds: step.entry.at), timeZone: .utc), expected.0, expected.1, expected.2, expected.3]
        }
        let historyTable = Table(
            columns: ["Time", "Actor", "Action", "State", "Comment"].map { TableColumn(name: $0.lowercased(), title: $0) },
            rows: historyRows
        ).rendered()
        let text = try session.succeed("alice", ["details", id])
        #expect(text.hasPrefix("Request \(id): Reviewed\n  account: pay/billing\n  requester: alice\n"))
        #expect(text.contains("\n  ticket: CHG-7\n  reason: rotate the webhook\n  flags: checked out\n"))
        #expect(text.contains("\nApprovals\n"))
        #expect(text.contains("  bob\n"))
        #expect(text.contains("  carol: ok for today\n"))
        #expect(text.contains("\nReviews\n"))
        #expect(text.contains("  dave: webhook rotated\n"))
        #expect(text.hasSuffix("\nHistory\n" + historyTable))
    }
}
