#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
import SafeholdModel

/// One SQLite connection with its prepared-statement cache.
///
/// A connection is not thread-safe: `SQLiteVaultStore` hands each one to a single thread at a
/// time, under its writer lock or through its reader pool. That is why the class is
/// `@unchecked Sendable`.
final class Database: @unchecked Sendable {
    enum Access: Sendable {
        case readWrite
        /// Opened with SQLITE_OPEN_READONLY: SQLite rejects every write, including migrations.
        case readOnly
    }

    let path: String
    let access: Access
    private var connection: OpaquePointer?
    private var statements: [String: Statement] = [:]
    /// Policies by their stored JSON text, because decoding one costs more than the rest of a read.
    let decodedPolicies = DecodedValueCache<Policy>()
    /// API key formats by their stored JSON text, for the same reason.
    let decodedKeyFormats = DecodedValueCache<KeyFormat>()

    /// How long a connection waits for another process's lock before failing with SQLITE_BUSY.
    static let busyTimeoutMilliseconds: Int32 = 5000

    /// Opens an existing database file and applies the connection settings. The file must exist:
    /// `SQLiteVaultStore` creates it itself, with mode 0600.
    init(path: String, access: Access) throws(DatabaseError) {
        self.path = path
        self.access = access

        let accessFlag = access == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        // NOMUTEX: each connection is used by one thread at a time, so SQLite's own mutex is waste.
        let flags = accessFlag | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        self.connection = connection
        guard code == SQLITE_OK, let connection else {
            let error = connection.map { Statement.error(connection: $0, code: code, sql: nil) }
            close()
            throw error ?? DatabaseError(extendedCode: code, message: "out of memory opening the database")
        }

        do {
            try setUp(connection)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Per-connection settings, in order. Each is one step so that the list reads as the policy.
    private func setUp(_ connection: OpaquePointer) throws(DatabaseError) {
        try setBusyTimeout(connection)
        if access == .readWrite {
            // Every commit appends each page it changed to the WAL as a whole frame. A workflow
            // action changes about 15 pages of small rows, so 2 KiB pages halve the bytes written
            // and synced per commit, and the vault stays as small as with 4 KiB pages. A new file
            // takes this size; an existing one keeps its own, because WAL mode fixes it.
            try execute(uncached: "PRAGMA page_size = 2048")
            try enableWriteAheadLog()
        }
        try execute(uncached: "PRAGMA foreign_keys = ON")
        // FULL syncs the WAL on every commit, so a commit survives power loss, not only a crash.
        try execute(uncached: "PRAGMA synchronous = FULL")
        // Overwrites deleted content with zeros, so a retired key version's sealed bytes do not
        // linger in free pages of the database file.
        try execute(uncached: "PRAGMA secure_delete = ON")
        // Schema entries (views, triggers, defaults) may not call functions with side effects.
        try execute(uncached: "PRAGMA trusted_schema = OFF")
    }

    private func setBusyTimeout(_ connection: OpaquePointer) throws(DatabaseError) {
        let code = sqlite3_busy_timeout(connection, Database.busyTimeoutMilliseconds)
        guard code == SQLITE_OK else { throw Statement.error(connection: connection, code: code, sql: nil) }
    }

    /// WAL lets readers keep their snapshot while the writer commits. The mode is stored in the
    /// file, so read-only connections find it there and skip this step.
    private func enableWriteAheadLog() throws(DatabaseError) {
        let sql = "PRAGMA journal_mode = WAL"
        let mode = try fetchOne(sql) { row throws(DatabaseError) in try row.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(extendedCode: SQLITE_ERROR, message: "journal mode is \(mode ?? "unknown"), not WAL", sql: sql)
        }
    }

    /// Finalizes the cached statements and closes the connection. Later calls fail with
    /// SQLITE_MISUSE.
    func close() {
        statements.removeAll()
        if let connection {
            sqlite3_close_v2(connection)
        }
        connection = nil
    }

    private func openConnection(sql: String?) throws(DatabaseError) -> OpaquePointer {
        guard let connection else {
            throw DatabaseError(extendedCode: SQLITE_MISUSE, message: "the vault database is closed", sql: sql)
        }
        return connection
    }

    /// Returns the cached statement for `sql`, preparing it on first use. While the cached one is
    /// being stepped, a nested use gets a fresh statement.
    private func statement(_ sql: String) throws(DatabaseError) -> Statement {
        let connection = try openConnection(sql: sql)
        if let cached = statements[sql], !cached.isInUse {
            return cached
        }
        let statement = try Statement(connection: connection, sql: sql)
        if statements[sql] == nil {
            statements[sql] = statement
        }
        return statement
    }

    /// Runs `sql` with `arguments` and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws(DatabaseError) -> Int {
        let statement = try statement(sql)
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }

        try statement.bind(arguments)
        while try statement.step() {}
        return Int(sqlite3_changes(try openConnection(sql: sql)))
    }

    /// Runs `sql` without caching it: for schema changes and settings, which run once.
    func execute(uncached sql: String) throws(DatabaseError) {
        let statement = try Statement(connection: try openConnection(sql: sql), sql: sql)
        while try statement.step() {}
    }

    /// Returns every row of `sql`, each read by `decode`.
    func fetchAll<T>(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ decode: (Row) throws(DatabaseError) -> T
    ) throws(DatabaseError) -> [T] {
        let statement = try statement(sql)
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }

        try statement.bind(arguments)
        var values: [T] = []
        while try statement.step() {
            values.append(try decode(Row(statement: statement)))
        }
        return values
    }

    /// Calls `body` with each row of `sql` until it returns false, without collecting the rows,
    /// for reads of millions of rows such as audit verification.
    func forEachRow(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ body: (Row) throws(DatabaseError) -> Bool
    ) throws(DatabaseError) {
        let statement = try statement(sql)
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }

        try statement.bind(arguments)
        while try statement.step() {
            guard try body(Row(statement: statement)) else { return }
        }
    }

    /// Returns the first row of `sql` read by `decode`, or nil when there is none.
    func fetchOne<T>(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ decode: (Row) throws(DatabaseError) -> T
    ) throws(DatabaseError) -> T? {
        let statement = try statement(sql)
        statement.isInUse = true
        defer {
            statement.reset()
            statement.isInUse = false
        }

        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return try decode(Row(statement: statement))
    }

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool {
        guard let connection else { return false }
        return sqlite3_get_autocommit(connection) == 0
    }
}
