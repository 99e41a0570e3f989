#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
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
    static let selectLastLink = "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1"
    static let selectChain = "SELECT \(columns) FROM audit_events WHERE sequence > ? ORDER BY sequence"
    static let count = "SELECT count(*) FROM audit_events"

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

    func lastAuditLink() throws -> (sequence: Int64, hash: Data)? {
        try fetchOne(AuditSQL.selectLastLink) { row throws(DatabaseError) in (try row.int64(0), try row.blob(1)) }
    }

    func auditEventCount() throws -> Int {
        try fetchOne(AuditSQL.count) { row throws(DatabaseError) in try row.int(0) } ?? 0
    }

    /// Streams the events from one prepared statement, building each canonical encoding in one
    /// reused buffer straight from the column bytes.
    func forEachAuditChainEntry(after afterSequence: Int64, _ body: (AuditChainEntry) -> Bool) throws {
        var encoder = AuditEncoder(capacity: 1024)
        do {
            try database.forEachRow(AuditSQL.selectChain, [afterSequence]) { row throws(DatabaseError) in
                encoder.removeAll()
                let sequence = sqlite3_column_int64(row.statement.handle, 0)
                try row.appendCanonicalEncoding(sequence: sequence, to: &encoder)
                let previousHash = row.unchecked(11)
                let hash = row.unchecked(12)
                return encoder.withUnsafeBytes { encoding in
                    body(AuditChainEntry(sequence: sequence, previousHash: previousHash, hash: hash, encoding: encoding))
                }
            }
        } catch {
            throw database.storeError(error)
        }
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
            Data(AuditEncoder.targets(event.targets)), event.oldState, event.newState, event.comment, event.valueHash,
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
            targets: try row.targets(6), oldState: try row.optionalText(7), newState: try row.optionalText(8),
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

/// Column access without copying, for the audit columns whose bytes the chain hash covers.
private extension Row {
    /// Appends the canonical encoding of the event in this row (`AuditSQL.columns` order). The
    /// table is STRICT, so a NOT NULL column always contains its declared type and only the
    /// nullable ones need a type check.
    func appendCanonicalEncoding(sequence: Int64, to encoder: inout AuditEncoder) throws(DatabaseError) {
        let handle = statement.handle
        let at = sqlite3_column_int64(handle, 1)
        let actorID = try optionalBytes(2, SQLITE_TEXT)
        let actorUID = try optionalInteger(3)
        let actorPID = try optionalInteger(4)
        let action = unchecked(5)
        let targets = unchecked(6)
        guard AuditEncoder.isCanonicalTargets(targets) else { throw unreadableTargets(6) }
        let oldState = try optionalBytes(7, SQLITE_TEXT)
        let newState = try optionalBytes(8, SQLITE_TEXT)
        let comment = try optionalBytes(9, SQLITE_TEXT)
        let valueHash = try optionalBytes(10, SQLITE_BLOB)

        // Each field takes at most 5 bytes and its content, each decimal field 25.
        let fields = (actorID?.count ?? 0) + action.count + (oldState?.count ?? 0) + (newState?.count ?? 0)
            + (comment?.count ?? 0) + (valueHash?.count ?? 0)
        encoder.write(17 + 2 * 25 + 6 * 5 + fields + targets.count) { writer in
            writer.byte(1)
            writer.integer(sequence)
            writer.integer(at)
            writer.field(optional: actorID)
            writer.decimalField(actorUID)
            writer.decimalField(actorPID)
            writer.field(action)
            writer.raw(targets)
            writer.field(optional: oldState)
            writer.field(optional: newState)
            writer.field(optional: comment)
            writer.field(optional: valueHash)
        }
    }

    /// Reads an integer column that may be NULL, with one type check.
    func optionalInteger(_ column: Int32) throws(DatabaseError) -> Int64? {
        switch sqlite3_column_type(statement.handle, column) {
        case SQLITE_NULL: nil
        case SQLITE_INTEGER: sqlite3_column_int64(statement.handle, column)
        default: throw DatabaseError.unreadable("column \(column) of audit_events does not hold an integer", sql: statement.sql)
        }
    }

    /// Returns the bytes of a NOT NULL text or blob column, without a type check.
    func unchecked(_ column: Int32) -> UnsafeRawBufferPointer {
        let base = sqlite3_column_blob(statement.handle, column)
        return UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : Int(sqlite3_column_bytes(statement.handle, column)))
    }

    /// Decodes a targets column, which contains the targets section of the canonical encoding.
    func targets(_ column: Int32) throws(DatabaseError) -> [String: String] {
        guard let targets = AuditEncoder.decodeTargets(try bytes(column, SQLITE_BLOB)) else { throw unreadableTargets(column) }
        return targets
    }

    /// Returns the bytes of a text or blob column, valid until the statement moves on.
    func bytes(_ column: Int32, _ type: Int32) throws(DatabaseError) -> UnsafeRawBufferPointer {
        let handle = statement.handle
        guard sqlite3_column_type(handle, column) == type else {
            let expected = type == SQLITE_TEXT ? "text" : "a blob"
            throw DatabaseError.unreadable("column \(column) of audit_events does not hold \(expected)", sql: statement.sql)
        }
        // SQLite returns a null pointer for zero bytes.
        let base = sqlite3_column_blob(handle, column)
        return UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : Int(sqlite3_column_bytes(handle, column)))
    }

    /// Returns the bytes of a text or blob column that may be NULL, with one type check.
    func optionalBytes(_ column: Int32, _ type: Int32) throws(DatabaseError) -> UnsafeRawBufferPointer? {
        let found = sqlite3_column_type(statement.handle, column)
        guard found != SQLITE_NULL else { return nil }
        guard found == type else {
            let expected = type == SQLITE_TEXT ? "text" : "a blob"
            throw DatabaseError.unreadable("column \(column) of audit_events does not hold \(expected)", sql: statement.sql)
        }
        return unchecked(column)
    }

    private func unreadableTargets(_ column: Int32) -> DatabaseError {
        DatabaseError.unreadable("column targets of audit_events does not hold a canonical targets encoding", sql: statement.sql)
    }
}
