#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite

extension Database {
    /// Translates a SQLite failure on this connection into the store's public error.
    ///
    /// UNIQUE violations become `.duplicate` only where the caller names the object (see
    /// `SQLiteVaultStore.Transaction`); here they keep their SQLite code and message.
    func storeError(_ error: DatabaseError) -> StoreError {
        Database.storeError(error, path: path, access: access)
    }

    static func storeError(_ error: DatabaseError, path: String, access: Access) -> StoreError {
        switch error.primaryCode {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .damaged(path: path, detail: error.message)
        case SQLITE_FULL, SQLITE_READONLY:
            return .notWritable(detail: "\(error.message): \(path)")
        case SQLITE_CANTOPEN where access == .readWrite:
            return .notWritable(detail: "\(error.message): \(path)")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .busy
        default:
            return .sqlite(code: error.extendedCode, message: error.message, sql: error.sql ?? "")
        }
    }
}

extension Database {
    /// Opens a connection, reporting failure as the store's public error.
    static func open(path: String, access: Access) throws(StoreError) -> Database {
        do {
            return try Database(path: path, access: access)
        } catch {
            throw storeError(error, path: path, access: access)
        }
    }
}
