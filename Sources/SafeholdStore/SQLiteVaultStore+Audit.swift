#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `audit_events` and `audit_checkpoints`. The SQL text of `auditEvents(_:)` is
/// joined from the constant fragments below; every value is a bound parameter.
private enum AuditSQL {
    static let columns = """
        sequence, at, actor_id, actor_uid, actor_pid, action, targets, old_state, new_state, comment, value_hash,
        previous_hash, hash
        """
    static let insert = """
        INSERT INTO audit_events (\(columns), request_id, user_id, account_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
        """
    static let selectLast = "SELECT \(columns) FROM audit_events ORDER BY sequence DESC LIMIT 1"
    static let selectLastSequence = "SELECT sequence FROM audit_events ORDER BY sequence DESC LIMIT 1"

    static let select = "SELECT \(columns) FROM audit_events"
    static let afterSequence = "sequence > ?"
    static let since = "at >= ?"
    static let until = "at < ?"
    static let request = "request_id = ?"
    /// A user's events: those the user acted in and those about the user.
    static let user = "(actor_id = ? OR user_id = ?)"
    static let account = "account_id = ?"
    static let action = "action = ?"
    static let inOrder = " ORDER BY sequence"
    static let limit = " LIMIT ?"

    static let insertCheckpoint = "INSERT INTO audit_checkpoints (sequence, head_hash, signature, at) VALUES (?1, ?2, ?3, ?4)"
    static let selectCheckpoints = "SELECT sequence, head_hash, signature, at FROM audit_checkpoints ORDER BY sequence, id"
    static let selectLastCheckpoint = "SELECT sequence, head_hash, signature, at FROM audit_checkpoints ORDER BY id DESC LIMIT 1"
}

extension SQLiteVaultStore.Transaction {
    func lastAuditEvent() throws -> AuditEvent? {
        try fetchOne(AuditSQL.selectLast, [], AuditEvent.init(row:))
    }

    /// Events matching every filter of `query`, in sequence order. `since` is inclusive and
    /// `until` exclusive; `userID` matches the actor and the `user` target.
    func auditEvents(_ query: AuditQuery) throws -> [AuditEvent] {
        let (sql, arguments) = query.statement()
        return try fetchAll(sql, arguments, AuditEvent.init(row:))
    }

    func auditCheckpoints() throws -> [AuditCheckpoint] {
        try fetchAll(AuditSQL.selectCheckpoints, [], AuditCheckpoint.init(row:))
    }

    func lastAuditCheckpoint() throws -> AuditCheckpoint? {
        try fetchOne(AuditSQL.selectLastCheckpoint, [], AuditCheckpoint.init(row:))
    }

    /// Appends `event`, whose sequence must follow the last one's without a gap (1 for the
    /// first). A sequence already used throws `.duplicate`; a gap throws `.notFound` naming the
    /// missing predecessor.
    func append(_ event: AuditEvent) throws {
        let last = try fetchOne(AuditSQL.selectLastSequence) { row throws(DatabaseError) in try row.int64(0) } ?? 0
        if event.sequence <= last {
            throw StoreError.duplicate(kind: "audit event", name: String(event.sequence))
        }
        if event.sequence != last + 1 {
            throw StoreError.notFound(kind: "audit event", id: String(event.sequence - 1))
        }

        let arguments: [any DatabaseValueConvertible] = [
            event.sequence, event.at, event.actorID, event.actorUID, event.actorPID, event.action,
            try json(event.targets), event.oldState, event.newState, event.comment, event.valueHash,
            event.previousHash, event.hash, event.targets["request"], event.targets["user"], event.targets["account"],
        ]
        try execute(AuditSQL.insert, arguments)
    }

    func insert(_ checkpoint: AuditCheckpoint) throws {
        try execute(AuditSQL.insertCheckpoint, [checkpoint.sequence, checkpoint.headHash, checkpoint.signature, checkpoint.at])
    }
}

extension AuditQuery {
    /// Builds the SELECT for this query and its arguments in placeholder order.
    func statement() -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []

        func add(_ condition: String, _ values: any DatabaseValueConvertible...) {
            conditions.append(condition)
            arguments.append(contentsOf: values)
        }

        if let afterSequence { add(AuditSQL.afterSequence, afterSequence) }
        if let since { add(AuditSQL.since, since) }
        if let until { add(AuditSQL.until, until) }
        if let requestID { add(AuditSQL.request, requestID) }
        if let userID { add(AuditSQL.user, userID, userID) }
        if let accountID { add(AuditSQL.account, accountID) }
        if let action { add(AuditSQL.action, action) }

        var sql = AuditSQL.select
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        sql += AuditSQL.inOrder
        if let limit {
            sql += AuditSQL.limit
            arguments.append(limit)
        }
        return (sql, arguments)
    }
}

private extension AuditEvent {
    init(row: Row) throws(DatabaseError) {
        self.init(
            sequence: try row.int64(0), at: try row.date(1), actorID: try row.optionalID(2),
            actorUID: try row.optionalInt(3), actorPID: try row.optionalInt(4), action: try row.text(5),
            targets: try row.json(6), oldState: try row.optionalText(7), newState: try row.optionalText(8),
            comment: try row.optionalText(9), valueHash: try row.optionalBlob(10), previousHash: try row.blob(11),
            hash: try row.blob(12)
        )
    }
}

private extension AuditCheckpoint {
    init(row: Row) throws(DatabaseError) {
        self.init(sequence: try row.int64(0), headHash: try row.blob(1), signature: try row.blob(2), at: try row.date(3))
    }
}
