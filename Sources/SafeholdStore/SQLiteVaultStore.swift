#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
import Glibc

/// The vault's SQLite database: one writer connection, serialized by a lock, and a pool of
/// read-only connections, so that reads run beside a write instead of waiting for it.
///
/// Writes are immediate transactions committed with `synchronous=FULL`, so `write` returns only
/// after the commit is durable. Concurrent writes share one transaction and one commit (group
/// commit, see `WriteQueue`), each body in its own savepoint. Calls are not reentrant: a `write`
/// body must not call `write`.
public final class SQLiteVaultStore: VaultStore {
    public enum OpenMode: Sendable {
        /// Creates the file with mode 0600 and the current schema. Fails if the file exists.
        case create
        /// Opens the file and applies pending migrations. Fails if the file is missing.
        case existing
        /// Opens the file without writing anything to it, not even a migration.
        case readOnly
    }

    public let path: String
    public let mode: OpenMode
    /// Nil when the store is read-only.
    private let writer: WriteQueue?
    /// Internal so that read-only checks in other files of this target share the pool.
    let readers: ReaderPool

    /// The schema version this build reads and writes.
    public static var schemaVersion: Int { Schema.version }

    static let closedError = StoreError.sqlite(code: SQLITE_MISUSE, message: "the vault database is closed", sql: "")

    private init(path: String, mode: OpenMode, writer: Database?, readers: ReaderPool) {
        self.path = path
        self.mode = mode
        self.writer = writer.map(WriteQueue.init(database:))
        self.readers = readers
    }

    deinit {
        close()
    }

    /// Opens the vault database at `path`. A damaged file throws `.damaged`, a file from a newer
    /// build `.schemaTooNew`, and in `.readOnly` mode a file that needs migrations `.schemaTooOld`.
    public static func open(path: String, mode: OpenMode) throws(StoreError) -> SQLiteVaultStore {
        switch mode {
        case .create:
            try createFile(at: path)
            do {
                return try openWritable(path: path, mode: mode)
            } catch {
                removeFiles(at: path)
                throw error
            }
        case .existing:
            try requireFile(at: path)
            return try openWritable(path: path, mode: mode)
        case .readOnly:
            try requireFile(at: path)
            let reader = try Database.open(path: path, access: .readOnly)
            try reader.requireSchema(of: Schema.migrations)
            return SQLiteVaultStore(path: path, mode: mode, writer: nil, readers: ReaderPool(path: path, connection: reader))
        }
    }

    private static func openWritable(path: String, mode: OpenMode) throws(StoreError) -> SQLiteVaultStore {
        let writer = try Database.open(path: path, access: .readWrite)
        try writer.migrate(Schema.migrations)
        return SQLiteVaultStore(path: path, mode: mode, writer: writer, readers: ReaderPool(path: path))
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try readers.withConnection { database in
            try database.inTransaction(.deferred) {
                try body(Transaction(database: database))
            }
        }
    }

    public func write<T>(_ body: (any StoreWriter) throws -> T) throws -> T {
        try requireWriter().write { database in
            try body(Transaction(database: database))
        }
    }

    /// Writes waiting for their turn on the writer connection, for tests of group commit.
    var waitingWriterCount: Int {
        writer?.waitingWriters ?? 0
    }

    /// Closes every connection. Reads and writes that follow throw.
    public func close() {
        // The readers go first, so that the writer is the last connection: SQLite checkpoints
        // the WAL and deletes the -wal and -shm files when the last connection closes, which a
        // read-only connection cannot do. A clean close thus leaves vault.db complete on its own.
        readers.close()
        writer?.close()
    }

    /// Copies the write-ahead log into the database file and truncates the log, so that old page
    /// images (including those of destroyed key versions) no longer sit in the log file. Waits up
    /// to the busy timeout for readers of older snapshots. Returns whether the log was emptied.
    @discardableResult
    public func checkpoint() throws(StoreError) -> Bool {
        let result = try requireWriter().withExclusiveTurn { database -> Result<Bool, StoreError> in
            guard let database else { return .failure(SQLiteVaultStore.closedError) }
            do throws(DatabaseError) {
                let isBusy = try database.fetchOne("PRAGMA wal_checkpoint(TRUNCATE)") { row throws(DatabaseError) in
                    try row.int(0) != 0
                }
                return .success(isBusy == false)
            } catch {
                return .failure(database.storeError(error))
            }
        }
        return try result.get()
    }

    /// Runs SQLite's integrity check (`quick` skips the index-content checks) and returns the
    /// problems it lists, or an empty array when the file is sound.
    public func integrityCheck(quick: Bool = false) throws(StoreError) -> [String] {
        let sql = quick ? "PRAGMA quick_check" : "PRAGMA integrity_check"
        do {
            let lines = try readers.withConnection { database in
                do throws(DatabaseError) {
                    return try database.fetchAll(sql) { row throws(DatabaseError) in try row.text(0) }
                } catch {
                    throw database.storeError(error)
                }
            }
            return lines == ["ok"] ? [] : lines
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(code: SQLITE_ERROR, message: "\(error)", sql: sql)
        }
    }

    private func requireWriter() throws(StoreError) -> WriteQueue {
        guard let writer else {
            throw .notWritable(detail: "\(path) was opened read-only")
        }
        return writer
    }
}
