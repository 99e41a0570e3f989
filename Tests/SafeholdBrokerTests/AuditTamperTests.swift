#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
@testable import SafeholdStore
import Testing

/// Changes made to the audit tables with raw SQL, as someone holding the database file could,
/// and the event that verification names for each.
@Suite struct AuditTamperTests {
    /// Returns a vault with a finished check-out flow: about twenty events, and no checkpoint
    /// unless `checkpointEvery` asks for them.
    private func tamperedVault(checkpointEvery: Int = 0) throws -> (BrokerFixture, RawVaultDatabase, [AuditEvent]) {
        let fixture = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: checkpointEvery))
        try AuditTestSupport.runCheckOutFlow(fixture)
        let events = try AuditTestSupport.events(fixture)
        #expect(try AuditTestSupport.verify(fixture).isValid)
        return (fixture, try RawVaultDatabase(fixture), events)
    }

    enum ByteChange: CaseIterable, Sendable {
        case actionText, targetsBlob, timeInteger, valueHashBlob, hashBlob, previousHashBlob
    }

    @Test(arguments: ByteChange.allCases)
    func alteredByteIsLocated(_ change: ByteChange) throws {
        let (fixture, database, events) = try tamperedVault()
        let target = try #require(events.first { $0.action == "keysRevealed" })
        let k = target.sequence

        switch change {
        case .actionText:
            try database.execute("UPDATE audit_events SET action = 'keysRevealeD' WHERE sequence = ?", [k])
        case .targetsBlob:
            // Same length, so the targets stay well-formed and only the hash can tell.
            let encoded = AuditEncoder.targets(target.targets)
            let changed = encoded.replacing(Array("api@1".utf8), with: Array("api@2".utf8))
            #expect(changed != encoded)
            try database.execute("UPDATE audit_events SET targets = ? WHERE sequence = ?", [Data(changed), k])
        case .timeInteger:
            try database.execute("UPDATE audit_events SET at = at + 1 WHERE sequence = ?", [k])
        case .valueHashBlob:
            try database.execute("UPDATE audit_events SET value_hash = ? WHERE sequence = ?", [Self.flipFirstBit(target.valueHash ?? Data()), k])
        case .hashBlob:
            try database.execute("UPDATE audit_events SET hash = ? WHERE sequence = ?", [Self.flipFirstBit(target.hash), k])
        case .previousHashBlob:
            try database.execute("UPDATE audit_events SET previous_hash = ? WHERE sequence = ?", [Self.flipFirstBit(target.previousHash), k])
        }

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
    }

    @Test func deletedEventIsLocated() throws {
        let (fixture, database, events) = try tamperedVault()
        let k = events[events.count / 2].sequence
        try database.execute("DELETE FROM audit_events WHERE sequence = ?", [k])

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
        #expect(verification.problem?.contains("event \(k) is missing") == true)
    }

    @Test func deletedFirstEventIsLocated() throws {
        let (fixture, database, _) = try tamperedVault()
        try database.execute("DELETE FROM audit_events WHERE sequence = 1")

        let verification = try AuditTestSupport.verify(fixture)
        #expect(verification.firstBadSequence == 1)
    }

    @Test func deletedAndRenumberedIsLocated() throws {
        let (fixture, database, events) = try tamperedVault()
        let k = events[events.count / 2].sequence
        try database.transaction([
            ("DELETE FROM audit_events WHERE sequence = ?", [k]),
            ("UPDATE audit_events SET sequence = sequence + 1000000 WHERE sequence > ?", [k]),
            ("UPDATE audit_events SET sequence = sequence - 1000001 WHERE sequence > 1000000", []),
        ])

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
    }

    @Test func swappedEventsAreLocated() throws {
        let (fixture, database, events) = try tamperedVault()
        let k = events[events.count / 2].sequence
        try database.transaction([
            ("UPDATE audit_events SET sequence = -1 WHERE sequence = ?", [k]),
            ("UPDATE audit_events SET sequence = ? WHERE sequence = ?", [k, k + 1]),
            ("UPDATE audit_events SET sequence = ? WHERE sequence = -1", [k + 1]),
        ])

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
        #expect(verification.problem?.contains("reordered") == true)
    }

    @Test func insertedLinkedEventIsLocated() throws {
        let (fixture, database, events) = try tamperedVault()
        let k = events[events.count / 2].sequence
        let forged = AuditTestSupport.forgedEvent(sequence: k, after: events[Int(k) - 2])
        try database.transaction([
            ("UPDATE audit_events SET sequence = sequence + 1000000 WHERE sequence >= ?", [k]),
            ("UPDATE audit_events SET sequence = sequence - 999999 WHERE sequence >= 1000000", []),
        ])
        try AuditTestSupport.insertRaw(forged, into: database)

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == k)
        #expect(verification.problem?.contains("event \(k) was inserted") == true)
    }

    @Test func appendedUnlinkedEventIsLocated() throws {
        let (fixture, database, events) = try tamperedVault()
        let last = try #require(events.last)
        var forged = AuditTestSupport.forgedEvent(sequence: last.sequence + 1, after: last)
        forged.previousHash = Data(repeating: 7, count: 32)
        forged.hash = AuditChain.hash(of: forged)
        try AuditTestSupport.insertRaw(forged, into: database)

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == last.sequence + 1)
    }

    @Test func rehashedChainIsCaughtByCheckpoint() throws {
        let (fixture, database, events) = try tamperedVault(checkpointEvery: 5)
        #expect(events.count > 12)

        // Alter event 7 and recompute every hash after it, so that each event is consistent.
        var previous = events[5].hash
        var statements: [(String, [any DatabaseValueConvertible])] = []
        for var event in events.dropFirst(6) {
            if event.sequence == 7 { event.comment = "forged" }
            event = AuditChain.link(event, after: previous)
            previous = event.hash
            statements.append(("UPDATE audit_events SET comment = ?, previous_hash = ?, hash = ? WHERE sequence = ?",
                               [event.comment, event.previousHash, event.hash, event.sequence]))
        }
        try database.transaction(statements)

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == 6)
        #expect(verification.problem?.contains("one of events 6 to 10 was altered") == true)
    }

    @Test func cutTailBeforeCheckpointIsLocated() throws {
        let (fixture, database, events) = try tamperedVault(checkpointEvery: 5)
        #expect(events.count > 12)
        try database.execute("DELETE FROM audit_events WHERE sequence > 8")

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == 9)
        #expect(verification.problem?.contains("the tail was cut") == true)
    }

    @Test func unsignedTailIsReportedAsSuch() throws {
        let (fixture, database, events) = try tamperedVault()
        #expect(fixture.broker.signCheckpoint())
        _ = try fixture.broker.addUser(name: "late1", by: fixture.admin)
        _ = try fixture.broker.addUser(name: "late2", by: fixture.admin)
        let signedThrough = try #require(events.last).sequence

        let before = try AuditTestSupport.verify(fixture)
        #expect(before.isValid)
        #expect(before.lastCheckpointSequence == signedThrough)
        #expect(before.unsignedEventCount == 2)
        #expect(before.headSequence == signedThrough + 2)

        // Cutting exactly the unsigned events leaves a chain that verifies: the report above is
        // the only warning, which is why the service signs often.
        try database.execute("DELETE FROM audit_events WHERE sequence > ?", [signedThrough])
        let after = try AuditTestSupport.verify(fixture)
        #expect(after.isValid)
        #expect(after.unsignedEventCount == 0)
    }

    @Test func alteredCheckpointSignatureIsLocated() throws {
        let (fixture, database, _) = try tamperedVault(checkpointEvery: 5)
        let checkpoint = try #require(try fixture.broker.read { try $0.auditCheckpoints() }.last)
        try database.execute(
            "UPDATE audit_checkpoints SET signature = ? WHERE sequence = ?", [Self.flipFirstBit(checkpoint.signature), checkpoint.sequence]
        )

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == checkpoint.sequence)
        #expect(verification.problem?.contains("invalid signature") == true)
    }

    @Test func checkpointFromAnotherKeyIsRejected() throws {
        let (fixture, database, events) = try tamperedVault()
        let other = Ed25519.generateKeyPair(random: DeterministicRandomSource(seed: 99))
        let forged = AuditSignature.checkpoint(of: events[3], at: events[3].at, secretKey: other.secretKey)
        try database.execute(
            "INSERT INTO audit_checkpoints (sequence, head_hash, signature, at) VALUES (?, ?, ?, ?)",
            [forged.sequence, forged.headHash, forged.signature, forged.at]
        )

        let verification = try AuditTestSupport.verify(fixture)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == 4)
    }

    @Test func replacedPublicKeyIsRejectedAtOpen() throws {
        let (fixture, database, _) = try tamperedVault()
        let other = Ed25519.generateKeyPair(random: DeterministicRandomSource(seed: 7)).publicKey
        try database.execute("UPDATE metadata SET value = ? WHERE name = 'audit.public-key'", [other])

        #expect(throws: VaultError.self) {
            try Vault.open(layout: fixture.layout, unlock: .keyFile(path: fixture.keyFile), random: fixture.random)
        }
    }

    private static func flipFirstBit(_ data: Data) -> Data {
        var changed = data
        changed[changed.startIndex] ^= 0x01
        return changed
    }
}
