#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite

/// A failed SQLite call inside the store: the extended result code, SQLite's message and the SQL
/// of the statement. Bound values are never kept, because they may be sealed secrets or personal
/// data. `Database.storeError(_:)` turns it into the public `StoreError`.
struct DatabaseError: Error, CustomStringConvertible {
    /// Extended result code, such as `SQLITE_CONSTRAINT_UNIQUE` (2067).
    var extendedCode: Int32
    var message: String
    var sql: String?

    init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Primary result code, such as `SQLITE_CONSTRAINT` (19).
    var primaryCode: Int32 { extendedCode & 0xFF }

    var isUniqueViolation: Bool {
        extendedCode == DatabaseError.constraintUnique || extendedCode == DatabaseError.constraintPrimaryKey
    }

    var isForeignKeyViolation: Bool {
        extendedCode == DatabaseError.constraintForeignKey
    }

    // Extended result codes, which Swift cannot import because sqlite3.h defines them as
    // expressions: SQLITE_CONSTRAINT | (n << 8). Values from https://sqlite.org/rescode.html.
    static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
    static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)

    /// The columns named by a UNIQUE violation, as SQLite writes them: "users.name", or
    /// "accounts.asset_id, accounts.name" for a constraint on several columns.
    var uniqueColumns: String? {
        guard isUniqueViolation, let range = message.firstRange(of: "constraint failed: ") else { return nil }
        return String(message[range.upperBound...])
    }

    /// Makes the error for a stored value that this build cannot read, which is reported as corruption.
    static func unreadable(_ detail: String, sql: String?) -> DatabaseError {
        DatabaseError(extendedCode: SQLITE_CORRUPT, message: detail, sql: sql)
    }

    var description: String {
        "SQLite error \(extendedCode): \(message)" + (sql.map { " (in: \($0))" } ?? "")
    }
}
