#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdTestSupport
import Testing

/// `--json` on every listing and action: the output parses back with the field names that
/// scripts use, and the values match what the command did.
@Suite struct EndToEndJSONTests {
    @Test func requestActionsPrintJSON() throws {
        let session = try EndToEndSession(users: ["alice", "bob", "carol", "dave"])
        let secret = uniqueSecret()
        try session.addKey("pay/billing", "main", clientID: "acct_json", secret: secret, secretID: "sid_json")
        try session.succeed(nil, [
            "policy", "add", "payments", "--scope", "pay", "--requesters", "alice", "--approvers", "bob,carol", "--approvals", "2",
            "--reviewers", "dave", "--reviews", "1", "--custom-duration",
        ])

        // request, requests, approvals, approve, details
        let created = try session.json(SummaryJSON.self, "alice", ["request", "pay/billing", "--for", "90m", "--ticket", "T-1"])
        let id = created.request.id
        #expect(created.request.state == "PendingApproval")
        #expect(created.label == "Pending (2 approvals)")
        #expect(created.request.durationSeconds == 5400)
        #expect(created.request.ticketNumber == "T-1")
        #expect(created.requesterName == "alice")
        #expect(created.assetName == "pay")
        #expect(created.accountName == "billing")
        #expect(created.policyName == "payments")
        #expect(created.approvalsNeeded == 2)
        #expect(try session.json([SummaryJSON].self, "alice", ["requests"]).map(\.request.id) == [id])
        #expect(try session.json([SummaryJSON].self, "bob", ["approvals"]).map(\.request.id) == [id])

        // One id of two fails: the other is approved, and the exit status is the failure's.
        let partly = try session.run("bob", ["approve", id, "0123456789ab", "--json"])
        #expect(partly.status == 66)
        let approved = try decodeJSON(ActionJSON.self, partly.standardOutput)
        #expect(approved.succeeded.map(\.label) == ["Pending (1 approval)"])
        #expect(approved.failed.map(\.id) == ["0123456789ab"])
        #expect(approved.failed.map(\.code) == ["notFound"])
        #expect(try session.json(ActionJSON.self, "carol", ["approve", id]).succeeded.map(\.request.state) == ["RequestAvailable"])
        let details = try session.json(DetailsJSON.self, "alice", ["details", id])
        #expect(details.policy.name == "payments")
        #expect(details.approvals.map(\.userName) == ["bob", "carol"])
        #expect(details.history.map(\.entry.action) == ["request", "approve", "approve"])
        #expect(details.history.map(\.actorName) == ["alice", "bob", "carol"])

        // show, checkin, reviews, review
        let shown = try session.json(RevealedJSON.self, "alice", ["show", id])
        #expect(shown.keys.map(\.name) == ["main"])
        #expect(shown.keys.map(\.version) == [1])
        #expect(shown.keys.map(\.clientId) == ["acct_json"])
        #expect(shown.keys.map(\.clientSecret) == [secret])
        #expect(shown.keys.map(\.clientSecretId) == ["sid_json"])
        let checkedIn = try session.json(ActionJSON.self, "alice", ["checkin", id])
        #expect(checkedIn.succeeded.map(\.request.state) == ["PendingReview"])
        #expect(checkedIn.succeeded.first?.request.flags.wasCheckedOut == true)
        #expect(checkedIn.succeeded.first?.request.revealedVersions.values.sorted() == [1])
        #expect(try session.json([SummaryJSON].self, "dave", ["reviews"]).map(\.request.id) == [id])
        let reviewed = try session.json(ActionJSON.self, "dave", ["review", id, "--comment", "fine"])
        #expect(reviewed.succeeded.map(\.request.state) == ["Complete"])
        #expect(reviewed.succeeded.map(\.label) == ["Reviewed"])

        // deny, resubmit, cancel
        let second = try session.request("alice", ["pay/billing"])
        let denied = try session.json(ActionJSON.self, "bob", ["deny", second, "--comment", "not today"])
        #expect(denied.succeeded.map(\.request.state) == ["PendingAcknowledgment"])
        #expect(denied.succeeded.first?.request.flags.wasDenied == true)
        let resubmitted = try session.json(SummaryJSON.self, "alice", ["resubmit", second])
        #expect(resubmitted.request.resubmittedFrom == second)
        let cancelled = try session.json(ActionJSON.self, "alice", ["cancel", resubmitted.request.id])
        #expect(cancelled.succeeded.first?.request.flags.wasCancelled == true)

        // revoke, remove, close
        let third = try session.request("alice", ["pay/billing"])
        try session.succeed("bob", ["approve", third])
        try session.succeed("carol", ["approve", third])
        try session.succeed("alice", ["show", third])
        let revoked = try session.json(ActionJSON.self, "bob", ["revoke", third])
        #expect(revoked.succeeded.first?.request.flags.wasRevoked == true)
        let removed = try session.json(ActionJSON.self, "alice", ["remove", third])
        #expect(removed.succeeded.first?.request.isRemoved == true)
        let closed = try session.json(ActionJSON.self, nil, ["close", third, "--comment", "done by hand"])
        #expect(closed.succeeded.map(\.request.state) == ["Closed"])
        #expect(try session.json([SummaryJSON].self, "alice", ["requests", "--all"]).count == 4)
    }

    @Test func administrationPrintsJSON() throws {
        let session = try EndToEndSession()

        let me = try session.json(MeJSON.self, nil, ["whoami"])
        #expect(me.user.isAdministrator)
        #expect(me.authenticatedBy == "peer")
        let erin = try session.json(UserJSON.self, nil, ["user", "add", "erin", "--email", "erin@example.com", "--auditor"])
        #expect(erin.name == "erin")
        #expect(erin.email == "erin@example.com")
        #expect(erin.isAuditor)
        #expect(try session.json(UserJSON.self, nil, ["user", "update", "erin", "--no-auditor"]).isAuditor == false)
        #expect(try session.json(UserJSON.self, nil, ["user", "disable", "erin"]).isDisabled)
        #expect(try session.json(UserJSON.self, nil, ["user", "enable", "erin"]).isDisabled == false)
        #expect(try session.json([UserJSON].self, nil, ["user", "list"]).map(\.name).contains("erin"))

        let token = try session.json(CreatedTokenJSON.self, nil, ["token", "create", "erin"])
        #expect(token.token.userID == erin.id)
        #expect(token.text.hasPrefix("sht_"))
        #expect(try session.json([TokenJSON].self, nil, ["token", "list", "erin"]).map(\.id) == [token.token.id])
        #expect(try session.json(TokenJSON.self, nil, ["token", "revoke", token.token.id]).revokedAt != nil)

        let asset = try session.json(AssetJSON.self, nil, ["asset", "add", "pay", "--description", "payments"])
        #expect(asset.platform == "builtin")
        #expect(try session.json(AssetJSON.self, nil, ["asset", "update", "pay", "--description", "payment provider"]).description == "payment provider")
        #expect(try session.json([AssetJSON].self, nil, ["asset", "list"]).map(\.name) == ["pay"])
        let account = try session.json(AccountJSON.self, nil, ["account", "add", "pay/billing", "--description", "billing service"])
        #expect(account.assetID == asset.id)
        #expect(account.description == "billing service")
        #expect(try session.json([AccountRowJSON].self, nil, ["account", "list"]).map(\.account.name) == ["billing"])

        let secret = uniqueSecret()
        let key = try session.json(ApiKeyJSON.self, nil, ["apikey", "add", "pay/billing", "main"], input: "acct\n\(secret)\n")
        #expect(key.accountID == account.id)
        #expect(key.currentVersion == 1)
        #expect(key.status == "active")
        #expect(try session.json([ApiKeyRowJSON].self, nil, ["apikey", "list"]).map(\.path) == ["pay/billing"])
        #expect(try session.json(VerifyJSON.self, nil, ["verify", "pay/billing"], input: secret).valid)
        let rotations = try session.json([RotationJSON].self, nil, ["rotate", "pay/billing"])
        #expect(rotations.map(\.status) == ["rotated"])
        #expect(rotations.map(\.version) == [2])
        #expect(try session.json([RotationJSON].self, nil, ["rotate", "--max-age", "1d"]).isEmpty)
        #expect(try session.succeed(nil, ["rotate", "--max-age", "1d"]) == "No key needed rotating.\n")
        let stale = try session.run(nil, ["verify", "pay/billing", "--json"], input: secret)
        #expect(stale.status == 1)
        #expect(try decodeJSON(VerifyJSON.self, stale.standardOutput).valid == false)

        let policy = try session.json(PolicyViewJSON.self, nil, [
            "policy", "add", "pay", "--scope", "pay", "--requesters", "erin", "--approvers", "admin", "--approvals", "1",
        ])
        #expect(policy.spec.approverSets.map(\.requiredApprovals) == [1])
        #expect(policy.spec.defaultDurationSeconds == 7200)
        #expect(try session.json(PolicyViewJSON.self, nil, ["policy", "update", "pay", "--priority", "5"]).spec.priority == 5)
        #expect(try session.json(PolicyViewJSON.self, nil, ["policy", "show", "pay"]).spec.requesters == ["erin"])
        #expect(try session.json([PolicyViewJSON].self, nil, ["policy", "list"]).map(\.policy.name) == ["pay"])
        #expect(try session.json(DeletedJSON.self, nil, ["policy", "delete", "pay"]).deleted == "pay")

        let imported = try session.json(ImportSummaryJSON.self, nil, ["apikey", "import", EndToEndImportTests.examplePath])
        #expect(imported.keysAdded == 5)
        #expect(imported.assetsAdded == 5)
        #expect(try session.json(DeletedJSON.self, nil, ["apikey", "delete", "pay/billing", "main"]).deleted == "pay/billing main")
        #expect(try session.json(DeletedJSON.self, nil, ["account", "delete", "pay/billing"]).deleted == "pay/billing")
        #expect(try session.json(DeletedJSON.self, nil, ["asset", "delete", "pay"]).deleted == "pay")
    }

    @Test func auditPrintsJSONLines() throws {
        let session = try EndToEndSession(users: ["alice"])
        try session.succeed(nil, ["asset", "add", "pay"])

        let text = try session.succeed(nil, ["audit", "--json"])
        let events = try lines(text).map { try decodeJSON(AuditEventJSON.self, $0) }
        #expect(events.count >= 3)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        #expect(events.contains { $0.action == "assetAdded" })

        let verification = try session.json(AuditVerificationJSON.self, nil, ["audit", "verify"])
        #expect(verification.isValid)
        #expect(verification.eventCount == events.count)
        let publicKey = try session.json(AuditPublicKeyJSON.self, nil, ["audit", "public-key"])
        #expect(Data(base64Encoded: publicKey.publicKey)?.count == 32)

        let file = session.service.directory.file("audit.json")
        let exported = try session.json(AuditExportSummaryJSON.self, nil, ["audit", "export", file])
        #expect(exported.file == file)
        #expect(exported.events >= events.count)
        let offline = try session.json(AuditVerificationJSON.self, nil, ["audit", "verify", "--file", file, "--public-key", publicKey.publicKey])
        #expect(offline.isValid)
    }
}
