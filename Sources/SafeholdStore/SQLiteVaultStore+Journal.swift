#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `rotation_journal`. Column lists are constants; every value is a parameter.
private enum JournalSQL {
    static let columns = """
        id, key_id, account_id, pending_version, rotation_trigger, request_id, attempts, state, next_attempt_at,
        last_error, created_at
        """
    static let selectByID = "SELECT \(columns) FROM rotation_journal WHERE id = ?1"
    static let selectByKey = "SELECT \(columns) FROM rotation_journal WHERE key_id = ?1 ORDER BY created_at, id"
    static let selectAll = "SELECT \(columns) FROM rotation_journal ORDER BY created_at, id"
    static let selectByAccount = "SELECT \(columns) FROM rotation_journal WHERE account_id = ?1 ORDER BY created_at, id"
    static let selectDue = """
        SELECT \(columns) FROM rotation_journal WHERE state = 'pending' AND next_attempt_at <= ?1
        ORDER BY next_attempt_at, id
        """
    static let selectEarliestDeadline = """
        SELECT next_attempt_at FROM rotation_journal WHERE state = 'pending' ORDER BY next_attempt_at LIMIT 1
        """
    static let insert = "INSERT INTO rotation_journal (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    static let update = """
        UPDATE rotation_journal SET key_id = ?2, account_id = ?3, pending_version = ?4, rotation_trigger = ?5,
            request_id = ?6, attempts = ?7, state = ?8, next_attempt_at = ?9, last_error = ?10, created_at = ?11
        WHERE id = ?1
        """
    static let delete = "DELETE FROM rotation_journal WHERE id = ?1"
}

extension SQLiteVaultStore.Transaction {
    func journalEntry(id: JournalEntryID) throws -> RotationJournalEntry? {
        try fetchOne(JournalSQL.selectByID, [id], RotationJournalEntry.init(row:))
    }

    /// Entries of one key, or of every key when `keyID` is nil, oldest first.
    func journalEntries(keyID: ApiKeyID?) throws -> [RotationJournalEntry] {
        guard let keyID else { return try fetchAll(JournalSQL.selectAll, [], RotationJournalEntry.init(row:)) }
        return try fetchAll(JournalSQL.selectByKey, [keyID], RotationJournalEntry.init(row:))
    }

    func journalEntries(accountID: AccountID) throws -> [RotationJournalEntry] {
        try fetchAll(JournalSQL.selectByAccount, [accountID], RotationJournalEntry.init(row:))
    }

    /// Pending entries whose next attempt is at or before `date`, earliest first.
    func journalEntriesDue(by date: Date) throws -> [RotationJournalEntry] {
        try fetchAll(JournalSQL.selectDue, [date], RotationJournalEntry.init(row:))
    }

    /// Returns the earliest next attempt of a pending entry. Failed entries wait for an
    /// administrator, so they have no next attempt.
    func earliestJournalDeadline() throws -> Date? {
        try fetchOne(JournalSQL.selectEarliestDeadline) { row throws(DatabaseError) in try row.date(0) }
    }

    func insert(_ entry: RotationJournalEntry) throws {
        try execute(
            JournalSQL.insert, entry.arguments, unique: ["rotation_journal.id": ("rotation journal entry", entry.id.rawValue)],
            parent: ("API key", entry.keyID.rawValue)
        )
    }

    func update(_ entry: RotationJournalEntry) throws {
        try change(
            JournalSQL.update, entry.arguments, kind: "rotation journal entry", id: entry.id.rawValue,
            parent: ("API key", entry.keyID.rawValue)
        )
    }

    func deleteJournalEntry(id: JournalEntryID) throws {
        try change(JournalSQL.delete, [id], kind: "rotation journal entry", id: id.rawValue)
    }
}

private extension RotationJournalEntry {
    init(row: Row) throws(DatabaseError) {
        self.init(
            id: try row.id(0), keyID: try row.id(1), accountID: try row.id(2), pendingVersion: try row.int(3),
            trigger: try row.value(4), requestID: try row.optionalID(5), attempts: try row.int(6),
            state: try row.value(7), nextAttemptAt: try row.date(8), lastError: try row.optionalText(9),
            createdAt: try row.date(10)
        )
    }

    var arguments: [any DatabaseValueConvertible] {
        [
            id, keyID, accountID, pendingVersion, trigger.rawValue, requestID, attempts, state.rawValue,
            nextAttemptAt, lastError, createdAt,
        ]
    }
}
