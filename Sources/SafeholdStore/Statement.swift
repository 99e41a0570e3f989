#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite

/// A prepared statement of one connection. `Database` caches one per SQL text, so each is prepared
/// once; every use binds all parameters, steps, and resets it before the next.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private let connection: OpaquePointer
    /// Set while a caller is stepping through rows, so that a nested use of the same SQL prepares
    /// a fresh statement instead of resetting this one under the caller.
    var isInUse = false

    init(connection: OpaquePointer, sql: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            sqlite3_finalize(handle)
            throw Statement.error(connection: connection, code: code, sql: sql)
        }
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `arguments` to parameters 1...n. The count must match the statement's parameters.
    func bind(_ arguments: [any DatabaseValueConvertible]) throws(DatabaseError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)

        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard arguments.count == expected else {
            throw DatabaseError(
                extendedCode: SQLITE_RANGE,
                message: "expected \(expected) arguments, got \(arguments.count)",
                sql: sql
            )
        }

        for (offset, argument) in arguments.enumerated() {
            let code = bind(argument.databaseValue, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw Statement.error(connection: connection, code: code, sql: sql) }
        }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case let .integer(integer):
            return sqlite3_bind_int64(handle, index, integer)
        case let .real(real):
            return sqlite3_bind_double(handle, index, real)
        case let .text(text):
            return bindText(text, at: index)
        case let .blob(data):
            return bindBlob(data, at: index)
        }
    }

    /// Binds text by its UTF-8 bytes and length, so that an embedded NUL is kept. SQLite copies it
    /// (SQLITE_TRANSIENT) because Swift's buffer lives only during the call. Empty text gets a
    /// non-null pointer, because a null pointer would bind SQL NULL.
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, safehold_sqlite_transient())
            }
            let pointer = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            return sqlite3_bind_text(handle, index, pointer, Int32(bytes.count), safehold_sqlite_transient())
        }
    }

    /// Binds a blob; an empty one becomes a zero-length blob, not NULL.
    private func bindBlob(_ data: Data, at index: Int32) -> Int32 {
        guard !data.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
        return data.withUnsafeBytes { bytes in
            sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), safehold_sqlite_transient())
        }
    }

    /// Advances to the next row. Returns false when the statement is done.
    func step() throws(DatabaseError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            throw Statement.error(connection: connection, code: code, sql: sql)
        }
    }

    /// Ends the current use, which releases the read snapshot that an unfinished SELECT holds.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    static func error(connection: OpaquePointer, code: Int32, sql: String?) -> DatabaseError {
        let extendedCode = sqlite3_extended_errcode(connection)
        let message = sqlite3_errmsg(connection).map { String(cString: $0) } ?? "unknown error"
        // sqlite3_extended_errcode reports the connection's last error, which is this call's
        // unless the call failed before touching the connection (SQLITE_MISUSE, SQLITE_RANGE).
        let matches = extendedCode & 0xFF == code & 0xFF
        return DatabaseError(extendedCode: matches ? extendedCode : code, message: message, sql: sql)
    }
}
