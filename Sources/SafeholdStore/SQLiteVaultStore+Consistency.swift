#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite

/// A row that names a parent row which does not exist, found by `SQLiteVaultStore.danglingReferences()`.
public struct DanglingReference: Hashable, Sendable {
    /// The table of the row, such as `key_versions`.
    public var table: String
    /// The row's identifying columns as text, such as `4f2c0a1b9e3d version 2`.
    public var row: String
    /// The column that refers to the missing parent, such as `key_id`.
    public var column: String
    /// The value of that column: the id that names no row.
    public var missingID: String
}

extension SQLiteVaultStore {
    /// Each query lists the rows of one table whose reference names no row of its parent. The
    /// schema declares most of these as foreign keys, but a file written by another program (or by
    /// a connection with `foreign_keys` off) can still break them. Users are never deleted, so
    /// every user reference must resolve. Requests keep their account and policy ids after those
    /// are deleted, so those references are checked by the broker for open requests only.
    private static let danglingReferenceQueries: [(table: String, column: String, sql: String)] = [
        ("tokens", "user_id", "SELECT id, user_id FROM tokens WHERE user_id NOT IN (SELECT id FROM users)"),
        ("accounts", "asset_id", "SELECT id, asset_id FROM accounts WHERE asset_id NOT IN (SELECT id FROM assets)"),
        ("api_keys", "account_id", "SELECT id, account_id FROM api_keys WHERE account_id NOT IN (SELECT id FROM accounts)"),
        (
            "key_versions", "key_id",
            "SELECT key_id || ' version ' || version, key_id FROM key_versions WHERE key_id NOT IN (SELECT id FROM api_keys)"
        ),
        (
            "policy_members", "policy_id",
            "SELECT policy_id || ' ' || role || ' ' || user_id, policy_id FROM policy_members WHERE policy_id NOT IN (SELECT id FROM policies)"
        ),
        (
            "policy_members", "user_id",
            "SELECT policy_id || ' ' || role || ' ' || user_id, user_id FROM policy_members WHERE user_id NOT IN (SELECT id FROM users)"
        ),
        ("requests", "requester_id", "SELECT id, requester_id FROM requests WHERE requester_id NOT IN (SELECT id FROM users)"),
        (
            "request_history", "request_id",
            "SELECT request_id || ' step ' || step, request_id FROM request_history WHERE request_id NOT IN (SELECT id FROM requests)"
        ),
        ("rotation_journal", "key_id", "SELECT id, key_id FROM rotation_journal WHERE key_id NOT IN (SELECT id FROM api_keys)"),
        (
            "rotation_journal", "request_id",
            "SELECT id, request_id FROM rotation_journal WHERE request_id IS NOT NULL AND request_id NOT IN (SELECT id FROM requests)"
        ),
    ]

    /// Lists every row whose reference to a parent row names no row: orphans that a crash, a
    /// faulty migration or a hand edit of the file could leave. Empty when every reference
    /// resolves. Reads one snapshot.
    public func danglingReferences() throws(StoreError) -> [DanglingReference] {
        try readAll { database throws(DatabaseError) in
            var found: [DanglingReference] = []
            for query in Self.danglingReferenceQueries {
                found += try database.fetchAll(query.sql) { row throws(DatabaseError) in
                    DanglingReference(table: query.table, row: try row.text(0), column: query.column, missingID: try row.text(1))
                }
            }
            return found
        }
    }

    /// Returns the ids of requests in a state that time ends (PendingApproval, Approved,
    /// RequestAvailable, ApiKeyCheckedOut) that have no stored deadline. The scheduler finds
    /// due requests by that column, so such a request would never expire.
    public func liveRequestsWithoutDeadline() throws(StoreError) -> [String] {
        let sql = """
            SELECT id FROM requests
            WHERE deadline IS NULL AND state IN ('PendingApproval', 'Approved', 'RequestAvailable', 'ApiKeyCheckedOut')
            ORDER BY id
            """
        return try readAll { database throws(DatabaseError) in
            try database.fetchAll(sql) { row throws(DatabaseError) in try row.text(0) }
        }
    }

    /// Runs `body` in one read transaction on a pooled read-only connection.
    private func readAll<T>(_ body: (Database) throws(DatabaseError) -> T) throws(StoreError) -> T {
        do {
            return try readers.withConnection { database in
                try database.inTransaction(.deferred) {
                    do throws(DatabaseError) {
                        return try body(database)
                    } catch {
                        throw database.storeError(error)
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(code: SQLITE_ERROR, message: "\(error)", sql: "")
        }
    }
}
