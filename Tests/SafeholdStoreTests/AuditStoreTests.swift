#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

@Suite struct AuditStoreTests {
    private func event(_ sequence: Int64, action: String = "approved", actor: String? = "u00000000001", targets: [String: String] = [:]) -> AuditEvent {
        AuditEvent(
            sequence: sequence, at: date(sequence * 1000), actorID: actor.map(UserID.init), action: action, targets: targets,
            previousHash: Data(repeating: UInt8(sequence - 1), count: 32), hash: Data(repeating: UInt8(sequence), count: 32)
        )
    }

    @Test func auditEventRoundTrip() throws {
        let vault = try TestVault()
        let full = AuditEvent(
            sequence: 1, at: date(1000), actorID: UserID("u00000000001"), actorUID: 1000, actorPID: 4242, action: "checkedOut",
            targets: ["request": "r00000000001", "account": "c00000000001", "key": "k00000000001"],
            oldState: "RequestAvailable", newState: "ApiKeyCheckedOut", comment: "über ✓",
            valueHash: Data(repeating: 3, count: 32), previousHash: Data(count: 32), hash: Data(repeating: 1, count: 32)
        )
        let minimal = AuditEvent(sequence: 2, at: date(2000), actorID: nil, action: "loginFailed")

        try vault.store.write { writer throws in
            try writer.append(full)
            try writer.append(minimal)
        }

        try vault.store.read { reader throws in
            #expect(try reader.auditEvents(AuditQuery()) == [full, minimal])
            #expect(try reader.lastAuditEvent() == minimal)
        }
    }

    @Test func sequenceMustFollowLast() throws {
        let vault = try TestVault()

        let firstNotOne = storeError { try vault.store.write { try $0.append(event(2)) } }
        try vault.store.write { try $0.append(event(1)) }
        let gap = storeError { try vault.store.write { try $0.append(event(3)) } }
        let repeated = storeError { try vault.store.write { try $0.append(event(1)) } }
        try vault.store.write { try $0.append(event(2)) }

        #expect(firstNotOne == .notFound(kind: "audit event", id: "1"))
        #expect(gap == .notFound(kind: "audit event", id: "2"))
        #expect(repeated == .duplicate(kind: "audit event", name: "1"))
        #expect(try vault.store.read { try $0.lastAuditEvent()?.sequence } == 2)
    }

    @Test func auditFilters() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.append(event(1, action: "requested", targets: ["request": "r00000000001", "account": "c00000000001"]))
            try writer.append(event(2, action: "approved", actor: "u00000000002", targets: ["request": "r00000000001"]))
            try writer.append(event(3, action: "userAdded", actor: "u00000000002", targets: ["user": "u00000000001"]))
            try writer.append(event(4, action: "requested", actor: "u00000000003", targets: ["request": "r00000000002", "account": "c00000000002"]))
        }

        #expect(try sequences(vault, AuditQuery(requestID: RequestID("r00000000001"))) == [1, 2])
        #expect(try sequences(vault, AuditQuery(userID: UserID("u00000000001"))) == [1, 3])
        #expect(try sequences(vault, AuditQuery(accountID: AccountID("c00000000002"))) == [4])
        #expect(try sequences(vault, AuditQuery(action: "requested")) == [1, 4])
        #expect(try sequences(vault, AuditQuery(since: date(2000), until: date(4000))) == [2, 3])
        #expect(try sequences(vault, AuditQuery(afterSequence: 2)) == [3, 4])
        #expect(try sequences(vault, AuditQuery(afterSequence: 1, limit: 2)) == [2, 3])
        #expect(try sequences(vault, AuditQuery(userID: UserID("u00000000002"), action: "userAdded")) == [3])
    }

    @Test func checkpointsRoundTrip() throws {
        let vault = try TestVault()
        let first = AuditCheckpoint(sequence: 10, headHash: Data(repeating: 1, count: 32), signature: Data(repeating: 2, count: 64), at: date(1000))
        let second = AuditCheckpoint(sequence: 20, headHash: Data(repeating: 3, count: 32), signature: Data(repeating: 4, count: 64), at: date(2000))

        try vault.store.write { writer throws in
            try writer.insert(second)
            try writer.insert(first)
        }

        #expect(try vault.store.read { try $0.auditCheckpoints() } == [first, second])
    }

    @Test func streamedEncodingMatchesEncoder() throws {
        let vault = try TestVault()
        let events = [
            AuditEvent(
                sequence: 1, at: date(1_780_000_000_123), actorID: UserID("u00000000001"), actorUID: -7, actorPID: Int(Int64.max),
                action: "checkedOut", targets: ["request": "r1", "account": "", "é": "x"], oldState: "", newState: "ApiKeyCheckedOut",
                comment: "über ✓", valueHash: Data(), previousHash: Data(repeating: 1, count: 32), hash: Data(repeating: 2, count: 31)
            ),
            AuditEvent(sequence: 2, at: date(-5), actorID: nil, action: "", previousHash: Data(), hash: Data(repeating: 3, count: 32)),
        ]
        try vault.store.write { writer throws in
            for event in events { try writer.append(event) }
        }

        var streamed: [(Int64, Data, Data, [UInt8])] = []
        try vault.store.read { reader throws in
            try reader.forEachAuditChainEntry(after: 0) { entry in
                streamed.append((entry.sequence, Data(entry.previousHash), Data(entry.hash), Array(entry.encoding)))
                return true
            }
            #expect(try reader.auditEvents(AuditQuery()) == events)
            #expect(try reader.auditEventCount() == 2)
            #expect(try reader.lastAuditLink()?.sequence == 2)
        }
        #expect(streamed.count == 2)
        for (event, entry) in zip(events, streamed) {
            var encoder = AuditEncoder()
            encoder.append(event)
            #expect(entry.0 == event.sequence)
            #expect(entry.1 == event.previousHash)
            #expect(entry.2 == event.hash)
            #expect(entry.3 == encoder.bytes)
        }
    }

    @Test func streamStopsWhenAsked() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            for sequence in 1...5 { try writer.append(event(Int64(sequence))) }
        }
        var seen: [Int64] = []
        try vault.store.read { reader throws in
            try reader.forEachAuditChainEntry(after: 1) { entry in
                seen.append(entry.sequence)
                return entry.sequence < 3
            }
        }
        #expect(seen == [2, 3])
    }

    @Test func nonCanonicalTargetsAreUnreadable() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.append(event(1, targets: ["account": "c1", "request": "r1"])) }
        var unsorted = AuditEncoder()
        unsorted.appendInteger(2)
        unsorted.appendField("request")
        unsorted.appendField("r1")
        unsorted.appendField("account")
        unsorted.appendField("c1")
        let raw = try Database(path: vault.path, access: .readWrite)
        try raw.execute("UPDATE audit_events SET targets = ?", [Data(unsorted.bytes)])
        raw.close()

        #expect(throws: StoreError.self) { try vault.store.read { try $0.auditEvents(AuditQuery()) } }
        #expect(throws: StoreError.self) { try vault.store.read { try $0.forEachAuditChainEntry(after: 0) { _ in true } } }
    }

    @Test func targetsEncodingRoundTrip() {
        let targets = ["request": "r00000000001", "account": "c00000000001", "keys": "a,b"]
        let encoded = AuditEncoder.targets(targets)
        #expect(encoded.withUnsafeBytes { AuditEncoder.decodeTargets($0) } == targets)
        #expect(AuditEncoder.targets([:]) == [UInt8](repeating: 0, count: 8))

        for cut in [encoded.dropLast(), encoded + [0], Array(encoded.prefix(7))] {
            #expect(cut.withUnsafeBytes { AuditEncoder.decodeTargets($0) } == nil)
        }
        var hugeCount = encoded
        hugeCount[0] = 0x7f
        #expect(hugeCount.withUnsafeBytes { AuditEncoder.decodeTargets($0) } == nil)
    }

    @Test func decimalFieldsMatchStringFormatting() {
        for value: Int64 in [0, 7, -1, 1000, 4_294_967_296, Int64.max, Int64.min] {
            var encoder = AuditEncoder()
            encoder.appendDecimalField(value)
            var expected = AuditEncoder()
            expected.appendField(String(value))
            #expect(encoder.bytes == expected.bytes)
        }
    }

    private func sequences(_ vault: TestVault, _ query: AuditQuery) throws -> [Int64] {
        try vault.store.read { try $0.auditEvents(query).map(\.sequence) }
    }
}
