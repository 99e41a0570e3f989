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

    private func sequences(_ vault: TestVault, _ query: AuditQuery) throws -> [Int64] {
        try vault.store.read { try $0.auditEvents(query).map(\.sequence) }
    }
}
