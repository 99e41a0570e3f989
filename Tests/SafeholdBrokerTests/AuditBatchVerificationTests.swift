#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdModel
@testable import SafeholdStore
import Testing

/// The stored-trail verification reads events in batches and hashes them on a helper thread.
/// These trails span several batches, so every result is compared with the one-event-at-a-time
/// verification of the same events.
@Suite struct AuditBatchVerificationTests {
    /// Returns a vault whose trail contains `count` more events than the initial ones, with a
    /// checkpoint every 100 events.
    private func longTrail(_ count: Int, comment: (Int) -> String? = { _ in nil }) throws -> BrokerFixture {
        let fixture = try BrokerFixture()
        try fixture.broker.store.write { writer in
            for index in 0..<count {
                try fixture.broker.audit.record(
                    "userUpdated", by: fixture.admin, targets: ["user": "u\(index % 97)", "request": "r\(index)"],
                    comment: comment(index), at: fixture.clock.now(), in: writer
                )
            }
        }
        return fixture
    }

    /// Verifies through the broker (batched) and one event at a time, and expects the same result.
    private func bothWays(_ fixture: BrokerFixture) throws -> AuditVerification {
        let batched = try AuditTestSupport.verify(fixture)
        let single = try fixture.broker.store.read { reader in
            AuditVerifier.verify(events: try reader.auditEvents(AuditQuery()), checkpoints: try reader.auditCheckpoints(), publicKey: fixture.broker.auditPublicKey)
        }
        #expect(batched == single)
        return batched
    }

    @Test func longTrailVerifies() throws {
        let fixture = try longTrail(3 * AuditVerifier.batchSize + 17)
        let verification = try bothWays(fixture)
        #expect(verification.isValid)
        #expect(verification.eventCount > 3 * AuditVerifier.batchSize)
        #expect(verification.lastCheckpointSequence == Int64(verification.eventCount / 100 * 100))
    }

    @Test func alteredEventInLaterBatchIsLocated() throws {
        let fixture = try longTrail(2 * AuditVerifier.batchSize + 5)
        let k = Int64(AuditVerifier.batchSize + AuditVerifier.batchSize / 2 + 3)
        try RawVaultDatabase(fixture).execute("UPDATE audit_events SET comment = 'forged' WHERE sequence = ?", [k])

        let verification = try bothWays(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
    }

    @Test func forgedCheckpointInLaterBatchIsLocated() throws {
        let fixture = try longTrail(2 * AuditVerifier.batchSize + 5)
        // Checkpoints are signed at multiples of 100.
        let k = Int64(AuditVerifier.batchSize / 100 * 100 + 200)
        try RawVaultDatabase(fixture).execute("UPDATE audit_checkpoints SET signature = zeroblob(64) WHERE sequence = ?", [k])

        let verification = try bothWays(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
        #expect(verification.problem?.contains("invalid signature") == true)
    }

    @Test func swapAcrossBatchBoundaryIsLocated() throws {
        let fixture = try longTrail(2 * AuditVerifier.batchSize)
        let k = Int64(AuditVerifier.batchSize)
        try RawVaultDatabase(fixture).transaction([
            ("UPDATE audit_events SET sequence = -1 WHERE sequence = ?", [k]),
            ("UPDATE audit_events SET sequence = ? WHERE sequence = ?", [k, k + 1]),
            ("UPDATE audit_events SET sequence = ? WHERE sequence = -1", [k + 1]),
        ])

        let verification = try bothWays(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
    }

    @Test func eventLargerThanBatchVerifies() throws {
        let large = String(repeating: "x", count: AuditVerifier.batchInputBytes + 1)
        let fixture = try longTrail(300) { index in index == 150 ? large : nil }

        let verification = try bothWays(fixture)
        #expect(verification.isValid)
    }
}
