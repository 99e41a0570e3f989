#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdModel
import SafeholdStore
import Testing

/// `safehold check` on a vault broken one way at a time with raw SQL, as a crash, a bad
/// migration or a hand edit could leave it. Each test expects the finding that names the row.
@Suite struct VaultCheckTests {
    @Test func healthyVaultHasNoFindings() throws {
        let fixture = try VaultCheckFixture()
        let report = try fixture.check()
        #expect(report.findings == [])
        #expect(report.isConsistent)
        #expect(report.requestCount == 5)
        #expect(report.keyCount == 5)
        #expect(report.eventCount > 20)
    }

    @Test func runsBesideTheOpenBroker() throws {
        let fixture = try VaultCheckFixture()
        _ = try fixture.base.broker.act(.cancel, on: fixture.pending.rawValue, by: fixture.alice)
        #expect(try fixture.check().findings == [])
    }

    // MARK: Keys

    @Test func twoCurrentVersions() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("UPDATE key_versions SET state = 'current' WHERE key_id = '\(key)' AND version = 1")
        #expect(try fixture.check().reports(key, "has 2 current versions (1, 2)"))
    }

    @Test func noCurrentVersion() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("UPDATE key_versions SET state = 'retired', wrapped_data_key = NULL, sealed_value = NULL WHERE key_id = '\(key)' AND version = 2")
        #expect(try fixture.check().reports(key, "has 0 current versions"))
    }

    @Test func keyNamesWrongCurrentVersion() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("UPDATE api_keys SET current_version = 1 WHERE id = '\(key)'")
        #expect(try fixture.check().reports(key, "names version 1 as current, but version 2"))
    }

    @Test func pendingVersionWithoutJournal() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt(
            "INSERT INTO key_versions (key_id, version, state, wrapped_data_key, sealed_value, created_at) VALUES ('\(key)', 3, 'pending', x'00', x'00', 0)"
        )
        #expect(try fixture.check().reports(key, "pending version 3 with no rotation journal entry"))
    }

    // MARK: Rotation journal

    /// A journaled rotation of the rotated key that started `age` seconds before the fixture's
    /// clock, with its pending version and the key marked rotating.
    private func journal(_ fixture: VaultCheckFixture, id: String, age: TimeInterval, markRotating: Bool = true) throws {
        let key = fixture.rotatedKey
        let created = Int64((fixture.base.clock.now().timeIntervalSince1970 - age) * 1000)
        try fixture.corrupt("""
            INSERT INTO key_versions (key_id, version, state, wrapped_data_key, sealed_value, created_at)
                VALUES ('\(key.id)', 3, 'pending', x'00', x'00', \(created));
            INSERT INTO rotation_journal (id, key_id, account_id, pending_version, rotation_trigger, request_id, attempts, state, next_attempt_at, created_at)
                VALUES ('\(id)', '\(key.id)', '\(key.accountID)', 3, 'manual', NULL, 1, 'pending', \(created), \(created));
            UPDATE api_keys SET status = '\(markRotating ? "rotating" : "active")' WHERE id = '\(key.id)';
            """)
    }

    @Test func retryWindowAddsBackOffAndTimeouts() {
        let options = BrokerOptions(rotationRetryLimit: 3, rotationRetryDelay: 10)
        // Back-offs of 10 s and 20 s between three attempts, each with a check and a change of 5 s.
        #expect(VaultCheck.retryWindow(options: options, connectorTimeout: 5) == 60)
        #expect(VaultCheck.defaultRetryWindow == 750)
    }

    @Test func recentRotationIsNotStuck() throws {
        let fixture = try VaultCheckFixture()
        try journal(fixture, id: "0123456789ab", age: 60)
        #expect(try fixture.check().findings == [])
    }

    @Test func rotationPastRetryWindow() throws {
        let fixture = try VaultCheckFixture()
        try journal(fixture, id: "0123456789ab", age: VaultCheck.defaultRetryWindow + 60)
        let report = try fixture.check()
        #expect(report.reports("0123456789ab", "longer than its retry window of 12 min 30 s"))
        #expect(report.reports(fixture.rotatedKey.id.rawValue, "has been pending since"))
    }

    @Test func pendingRotationOfActiveKey() throws {
        let fixture = try VaultCheckFixture()
        try journal(fixture, id: "0123456789ab", age: 60, markRotating: false)
        #expect(try fixture.check().reports("0123456789ab", "is marked active, so check-outs could reveal a value that is being replaced"))
    }

    @Test func rotatingKeyWithoutJournal() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("UPDATE api_keys SET status = 'rotating' WHERE id = '\(key)'")
        #expect(try fixture.check().reports(key, "is marked rotating but no rotation of it is pending"))
    }

    @Test func failedRotationIsReported() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("UPDATE api_keys SET status = 'rotationFailed', rotation_error = 'connector exited 1' WHERE id = '\(key)'")
        #expect(try fixture.check().reports(key, "failed: connector exited 1"))
    }

    @Test func journalForOldVersion() throws {
        let fixture = try VaultCheckFixture()
        try journal(fixture, id: "0123456789ab", age: 60)
        try fixture.corrupt("UPDATE rotation_journal SET pending_version = 2 WHERE id = '0123456789ab'")
        #expect(try fixture.check().reports("0123456789ab", "is for version 2, which is not newer than the current version 2"))
    }

    // MARK: Requests

    @Test func checkedOutWithoutFlag() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.checkedOut.rawValue
        try fixture.corrupt("UPDATE requests SET was_checked_out = 0 WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.reports(id, "is checked out but not flagged wasCheckedOut"))
        #expect(report.reports(id, "is not flagged wasCheckedOut, but its history has a step that sets it"))
    }

    @Test func stateAheadOfHistory() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.pending.rawValue
        try fixture.corrupt("UPDATE requests SET state = 'RequestAvailable' WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.reports(id, "is RequestAvailable, but its history ends in PendingApproval"))
        #expect(report.reports(id, "is RequestAvailable but has no window start"))
    }

    @Test func approvalByRequester() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.available.rawValue
        try fixture.corrupt(
            "UPDATE requests SET approvals = json_set(approvals, '$[0].userID', requester_id) WHERE id = '\(id)'"
        )
        let report = try fixture.check()
        #expect(report.reports(id, "counts an approval by its own requester \(fixture.alice.id)"))
        #expect(report.reports(id, "has 1 approval(s), but its history records 1 approve step(s) by other users"))
    }

    @Test func duplicateApproval() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.available.rawValue
        try fixture.corrupt("UPDATE requests SET approvals = json_insert(approvals, '$[#]', json_extract(approvals, '$[0]')) WHERE id = '\(id)'")
        #expect(try fixture.check().reports(id, "counts an approval of the same user twice"))
    }

    @Test func reviewWithoutCheckOut() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.available.rawValue
        let review = #"{"at":\#(Int64(fixture.base.clock.now().timeIntervalSince1970 * 1000)),"userID":"\#(fixture.dave.id)"}"#
        try fixture.corrupt("UPDATE requests SET reviews = json_array(json('\(review)')) WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.reports(id, "has reviews but was never checked out"))
        #expect(report.reports(id, "has 1 review(s), but its history records 0 review step(s)"))
    }

    @Test func completeWhileOwingAcknowledgment() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.complete.rawValue
        try fixture.corrupt("UPDATE requests SET was_expired = 1 WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.reports(id, "is Complete but still owes an acknowledgment"))
        #expect(report.reports(id, "is flagged wasExpired, but its history has no step that sets it"))
    }

    @Test func cancelledButLive() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.pending.rawValue
        try fixture.corrupt("UPDATE requests SET was_cancelled = 1 WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.reports(id, "was cancelled but is PendingApproval, not Complete"))
        #expect(report.reports(id, "is PendingApproval but is flagged as ended (wasCancelled)"))
    }

    @Test func closedWithoutComment() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.closed.rawValue
        try fixture.corrupt("UPDATE requests SET close_comment = NULL WHERE id = '\(id)'")
        #expect(try fixture.check().reports(id, "is Closed without the administrator's comment"))
    }

    @Test func changedBeforeMade() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.available.rawValue
        try fixture.corrupt("UPDATE requests SET updated_at = requested_at - 60000 WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.reports(id, "before it was made"))
        #expect(report.reports(id, "outside its lifetime"))
    }

    @Test func fixedStartMoved() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.available.rawValue
        try fixture.corrupt("UPDATE requests SET requested_start = window_start + 3600000 WHERE id = '\(id)'")
        #expect(try fixture.check().reports(id, "has a fixed start of"))
    }

    @Test func liveRequestWithoutDeadline() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.pending.rawValue
        try fixture.corrupt("UPDATE requests SET deadline = NULL WHERE id = '\(id)'")
        #expect(try fixture.check().reports(id, "has no stored deadline, so the scheduler would never expire it"))
    }

    @Test func keyResetWithoutRotation() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.checkedOut.rawValue
        try fixture.corrupt("UPDATE requests SET state = 'PendingKeyReset' WHERE id = '\(id)'")
        #expect(try fixture.check().reports(id, "no rotation for it is journaled, so it would stay PendingKeyReset for good"))
    }

    @Test func historyStepRemoved() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.complete.rawValue
        try fixture.corrupt("DELETE FROM request_history WHERE request_id = '\(id)' AND action = 'checkOut'")
        let report = try fixture.check()
        #expect(report.reports(id, "has a history step checkIn from ApiKeyCheckedOut that follows a step to RequestAvailable"))
        #expect(report.reports(id, "is flagged wasCheckedOut, but its history has no step that sets it"))
    }

    @Test func unreadableRequestIsAFinding() throws {
        let fixture = try VaultCheckFixture()
        try fixture.corrupt("UPDATE requests SET state = 'Hijacked' WHERE id = '\(fixture.pending)'")
        let report = try fixture.check()
        #expect(report.findings.contains { $0.area == .request && $0.message.hasPrefix("cannot read requests") })
        #expect(!report.findings.contains { $0.area == .audit })
    }

    // MARK: Orphans

    @Test func requestOfMissingUser() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.pending.rawValue
        try fixture.corrupt("UPDATE requests SET requester_id = 'ffffffffffff' WHERE id = '\(id)'")
        let finding = try fixture.check().findings(naming: id).first { $0.area == .orphan }
        #expect(finding?.ids == [id, "ffffffffffff"])
        #expect(finding?.message == "requests row \(id) refers to requester_id ffffffffffff, which does not exist")
    }

    @Test func keyOfMissingAccount() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("UPDATE api_keys SET account_id = 'eeeeeeeeeeee' WHERE id = '\(key)'")
        let report = try fixture.check()
        #expect(report.reports(key, "api_keys row \(key) refers to account_id eeeeeeeeeeee, which does not exist"))
        #expect(report.reports(fixture.complete.rawValue, "revealed") == false)
    }

    @Test func versionsOfMissingKey() throws {
        let fixture = try VaultCheckFixture()
        let key = fixture.rotatedKey.id.rawValue
        try fixture.corrupt("DELETE FROM api_keys WHERE id = '\(key)'")
        let report = try fixture.check()
        #expect(report.reports("\(key) version 1", "key_versions row \(key) version 1 refers to key_id \(key)"))
        #expect(report.reports("\(key) version 2", "which does not exist"))
    }

    @Test func historyOfMissingRequest() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.pending.rawValue
        try fixture.corrupt("DELETE FROM requests WHERE id = '\(id)'")
        let report = try fixture.check()
        #expect(report.findings(naming: id).contains { $0.area == .orphan && $0.message.hasPrefix("request_history row") })
    }

    @Test func tokenOfMissingUser() throws {
        let fixture = try VaultCheckFixture()
        let token = try fixture.base.broker.createToken(for: "alice", by: fixture.base.admin).token.id.rawValue
        try fixture.corrupt("UPDATE tokens SET user_id = 'dddddddddddd' WHERE id = '\(token)'")
        #expect(try fixture.check().reports(token, "tokens row \(token) refers to user_id dddddddddddd"))
    }

    @Test func openRequestOfDeletedPolicy() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.pending.rawValue
        try fixture.corrupt("DELETE FROM policies")
        let report = try fixture.check()
        #expect(report.reports(id, "is open but its policy"))
        #expect(report.findings.contains { $0.area == .orphan && $0.message.hasPrefix("policy_members row") })
        #expect(report.reports(fixture.complete.rawValue, "policy") == false)
    }

    @Test func openRequestOfMissingAccount() throws {
        let fixture = try VaultCheckFixture()
        let id = fixture.checkedOut.rawValue
        try fixture.corrupt("UPDATE requests SET account_id = 'cccccccccccc' WHERE id = '\(id)'")
        #expect(try fixture.check().reports(id, "is open but its account cccccccccccc does not exist"))
    }

    // MARK: Audit trail

    @Test func alteredAuditEvent() throws {
        let fixture = try VaultCheckFixture()
        try fixture.corrupt("UPDATE audit_events SET comment = 'nothing happened' WHERE sequence = 3")
        let finding = try fixture.check().findings.first { $0.area == .audit }
        #expect(finding?.ids == ["3"])
        #expect(finding?.message == "audit trail: event 3 does not match its hash: it was altered, or moved here from another position")
    }

    @Test func removedAuditEvent() throws {
        let fixture = try VaultCheckFixture()
        try fixture.corrupt("DELETE FROM audit_events WHERE sequence = 5")
        let finding = try fixture.check().findings.first { $0.area == .audit }
        #expect(finding?.ids == ["5"])
        #expect(finding?.message.contains("event 5 is missing") == true)
    }

    @Test func missingAuditPublicKey() throws {
        let fixture = try VaultCheckFixture()
        try fixture.corrupt("DELETE FROM metadata WHERE name = 'audit.public-key'")
        #expect(try fixture.check().findings.contains { $0.area == .audit && $0.message.contains("public key is missing") })
    }
}
