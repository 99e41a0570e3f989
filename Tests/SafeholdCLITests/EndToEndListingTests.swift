#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

/// The options of the listings and of `request` that the main flow does not use: a fixed start,
/// emergency access, --state, --search and --columns.
@Suite struct EndToEndListingTests {
    @Test func listingsFilterAndChooseColumns() throws {
        let session = try EndToEndSession(users: ["alice", "bob"])
        try session.addKey("pay/billing", "main", clientID: "acct", secret: uniqueSecret())
        try session.addKey("ops/deploy", "main", clientID: "deploy", secret: uniqueSecret())
        try session.succeed(nil, ["policy", "add", "pay", "--scope", "pay", "--requesters", "alice", "--approvers", "bob", "--custom-duration"])
        try session.succeed(nil, ["policy", "add", "ops", "--scope", "ops", "--requesters", "alice", "--approvers", "bob", "--emergency-access"])

        // A fixed start three days ahead, typed as ISO 8601 local time (TZ=UTC) to the minute.
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 3 * 86_400)
        let local = LocalDateTime(start, in: .utc)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        let at = "\(local.year)-\(twoDigits(local.month))-\(twoDigits(local.day))T\(twoDigits(local.hour)):\(twoDigits(local.minute))"
        let scheduled = try session.request("alice", ["pay/billing", "--at", at, "--for", "90m", "--ticket", "CHG-9"])

        // bob chooses his columns, by name or title, in his order.
        #expect(try session.succeed("bob", ["approvals", "--columns", "action,Ticket Number,account"]) == Table(
            columns: [ListingColumns.approvals[0], ListingColumns.approvals[4], ListingColumns.approvals[3]],
            rows: [[scheduled, "CHG-9", "billing"]]
        ).rendered())
        let badColumn = try session.run("bob", ["approvals", "--columns", "action,colour"])
        #expect(badColumn.status == 64)
        #expect(lines(badColumn.standardError).first == "safehold: error: invalid value \"colour\" for --columns: unknown column")
        #expect(try session.succeed("bob", ["approve", scheduled]) == "Approved request \(scheduled) for pay/billing: now Approved.\n")

        // Emergency access skips approval.
        let emergency = lines(try session.succeed("alice", ["request", "ops/deploy", "--emergency", "--reason", "outage"]))
        #expect(emergency.first?.hasSuffix(" for ops/deploy: Available.") == true)

        let available = lines(try session.succeed("alice", ["requests", "--state", "avail"]))
        #expect(available.count == 2)
        #expect(Array(cells(available[1]).dropFirst().prefix(3)) == ["Available", "ops", "deploy"])

        let approved = lines(try session.succeed("alice", ["requests", "--state", "Approved"]))
        try #require(approved.count == 2)
        let row = cells(approved[1])
        #expect(Array(row.prefix(6)) == [
            scheduled, "Approved", "pay", "billing", "CHG-9", TimeFormatting.window(start: start, durationSeconds: 5400, timeZone: .utc),
        ])
        #expect(row.last?.hasPrefix("starts in 2 d 23 h") == true || row.last == "starts in 3 d")

        #expect(lines(try session.succeed("alice", ["requests", "--search", "chg-9"])).count == 2)
        #expect(try session.succeed("alice", ["requests", "--search", "no such text"]) == "No requests match.\n")
    }
}
