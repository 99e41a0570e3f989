#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
@testable import SafeholdStore

/// A second SQLite connection to a fixture's vault database, for tests that tamper with the
/// audit tables the way someone with the file would: raw SQL, no broker.
final class RawVaultDatabase {
    private let database: Database

    init(path: String) throws {
        database = try Database(path: path, access: .readWrite)
    }

    convenience init(_ fixture: BrokerFixture) throws {
        try self.init(path: fixture.layout.database)
    }

    deinit {
        database.close()
    }

    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws {
        try database.execute(sql, arguments)
    }

    /// Runs several statements in one transaction, so the other connection never sees half.
    func transaction(_ statements: [(String, [any DatabaseValueConvertible])]) throws {
        try database.execute(uncached: "BEGIN IMMEDIATE")
        do {
            for (sql, arguments) in statements { try database.execute(sql, arguments) }
            try database.execute(uncached: "COMMIT")
        } catch {
            try? database.execute(uncached: "ROLLBACK")
            throw error
        }
    }

    /// Returns every stored byte of every column of `table`, each value as SQLite casts it to a
    /// BLOB (integers as their decimal text).
    func bytes(ofTable table: String, columns: [String]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for column in columns {
            let values = try database.fetchAll("SELECT CAST(\(column) AS BLOB) FROM \(table)") { row throws(DatabaseError) in
                try row.optionalBlob(0)
            }
            for value in values.compactMap({ $0 }) { bytes += [UInt8](value) + [0] }
        }
        return bytes
    }

    static let auditEventColumns = [
        "sequence", "at", "actor_id", "actor_uid", "actor_pid", "action", "targets", "old_state", "new_state", "comment",
        "value_hash", "previous_hash", "hash", "request_id", "user_id", "account_id",
    ]
    static let auditCheckpointColumns = ["sequence", "head_hash", "signature", "at"]
}

enum AuditTestSupport {
    /// Returns every event of the fixture's trail, in sequence order.
    static func events(_ fixture: BrokerFixture) throws -> [AuditEvent] {
        try fixture.broker.read { reader in try reader.auditEvents(AuditQuery()) }
    }

    /// Verifies the live trail as an auditor would.
    static func verify(_ fixture: BrokerFixture) throws -> AuditVerification {
        try fixture.broker.verifyAuditTrail(by: fixture.admin)
    }

    /// Adds a requester, an approver, a reviewer and one builtin account with a known secret.
    /// Then runs a request through approval, check-out, check-in and review, and returns its id.
    @discardableResult
    static func runCheckOutFlow(_ fixture: BrokerFixture, secret: String = "sk_live_audit_flow_secret_0001") throws -> String {
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        let dave = try fixture.user("dave")
        try fixture.account("stripe/billing", secret: secret)
        try fixture.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob], 1)], reviewers: [dave], reviews: 1)

        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing", reason: "audit test"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, comment: "fine", by: bob)
        _ = try fixture.broker.checkOut(id, by: alice)
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        _ = try fixture.broker.act(.review, on: id, comment: "looked fine", by: dave)
        return id
    }

    /// Returns the export file an auditor would write: the header from the broker and every event up to
    /// its signed head, read in pages as the command line reads them.
    static func exportFile(_ fixture: BrokerFixture, pageSize: Int = 7) throws -> [UInt8] {
        let header = try fixture.broker.exportAuditTrail(by: fixture.admin)
        var bytes = try AuditExportFile.line(header)
        var filter = AuditFilter(limit: pageSize)
        while true {
            let page = try fixture.broker.auditEvents(filter, by: fixture.admin)
            for event in page where event.sequence <= header.head.sequence {
                bytes += try AuditExportFile.line(event)
            }
            guard page.count == pageSize, let last = page.last else { break }
            filter.afterSequence = last.sequence
        }
        return bytes
    }

    /// Returns the lines of an export file, without their newlines.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0a).map(Array.init)
    }

    static func join(_ lines: [[UInt8]]) -> [UInt8] {
        lines.flatMap { $0 + [0x0a] }
    }

    /// Returns the forms in which a secret could leak into text: raw, lower and upper hex, and base64 at
    /// each of the three alignments it could have inside a longer base64 value.
    static func encodings(of secret: [UInt8]) -> [(form: String, bytes: [UInt8])] {
        var forms: [(String, [UInt8])] = [("raw", secret)]
        let hex = secret.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        forms.append(("hex", Array(hex.utf8)))
        forms.append(("HEX", Array(hex.uppercased().utf8)))
        for shift in 0..<3 {
            let encoded = Array(Data(Array(repeating: 0, count: shift) + secret).base64EncodedString().utf8)
            // Drop the characters that mix in the padding bytes before and after the secret.
            let stable = Array(encoded.dropFirst(shift == 0 ? 0 : 4).dropLast(4))
            forms.append(("base64+\(shift)", stable))
        }
        return forms
    }

    /// Returns the names of the forms of `secret` found in `haystack`.
    static func leaks(of secret: String, in haystack: [UInt8]) -> [String] {
        encodings(of: Array(secret.utf8)).filter { contains(haystack, $0.bytes) }.map(\.form)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Returns a forged event linked after `previous`, for insertion tests.
    static func forgedEvent(sequence: Int64, after previous: AuditEvent, action: String = "approved") -> AuditEvent {
        AuditChain.link(
            AuditEvent(sequence: sequence, at: previous.at, actorID: previous.actorID, action: action, targets: previous.targets),
            after: previous.hash
        )
    }

    /// Inserts `event` as a raw row, as a forger with the database file would.
    static func insertRaw(_ event: AuditEvent, into database: RawVaultDatabase) throws {
        try database.execute(
            """
            INSERT INTO audit_events (sequence, at, actor_id, actor_uid, actor_pid, action, targets, old_state, new_state,
                comment, value_hash, previous_hash, hash, request_id, user_id, account_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            """,
            [
                event.sequence, event.at, event.actorID, event.actorUID, event.actorPID, event.action,
                Data(AuditEncoder.targets(event.targets)), event.oldState, event.newState, event.comment, event.valueHash,
                event.previousHash, event.hash, event.targets["request"], event.targets["user"], event.targets["account"],
            ]
        )
    }
}
