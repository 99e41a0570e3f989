#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
import SafeholdModel

extension SQLiteVaultStore {
    /// The `StoreWriter` that a `read` or `write` body receives, valid only during that body.
    /// Read bodies get one on a read-only connection, where SQLite rejects any write.
    ///
    /// Every method runs statement constants with bound arguments and throws `StoreError`.
    struct Transaction: StoreWriter {
        let database: Database

        /// The object that a UNIQUE or FOREIGN KEY constraint stands for, so that a violation
        /// names it: (kind, name or id).
        typealias ObjectName = (kind: String, name: String)

        /// Runs a statement that changes rows and returns how many it changed.
        ///
        /// - Parameters:
        ///   - unique: the object each UNIQUE constraint protects, keyed by the columns that
        ///     SQLite names in the violation ("users.name", "accounts.asset_id, accounts.name").
        ///   - parent: the row a FOREIGN KEY must find; a violation is `.notFound` of it.
        @discardableResult
        func execute(
            _ sql: String, _ arguments: [any DatabaseValueConvertible],
            unique: [String: ObjectName] = [:], parent: ObjectName? = nil
        ) throws(StoreError) -> Int {
            do {
                return try database.execute(sql, arguments)
            } catch {
                if let columns = error.uniqueColumns, let object = unique[columns] {
                    throw .duplicate(kind: object.kind, name: object.name)
                }
                if error.isForeignKeyViolation, let parent {
                    throw .notFound(kind: parent.kind, id: parent.name)
                }
                throw database.storeError(error)
            }
        }

        /// Runs an UPDATE or DELETE of one row by id; no matching row is `.notFound`.
        func change(
            _ sql: String, _ arguments: [any DatabaseValueConvertible], kind: String, id: String,
            unique: [String: ObjectName] = [:], parent: ObjectName? = nil
        ) throws(StoreError) {
            let changes = try execute(sql, arguments, unique: unique, parent: parent)
            guard changes > 0 else { throw .notFound(kind: kind, id: id) }
        }

        func fetchOne<T>(
            _ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ decode: (Row) throws(DatabaseError) -> T
        ) throws(StoreError) -> T? {
            do {
                return try database.fetchOne(sql, arguments, decode)
            } catch {
                throw database.storeError(error)
            }
        }

        func fetchAll<T>(
            _ sql: String, _ arguments: [any DatabaseValueConvertible] = [], _ decode: (Row) throws(DatabaseError) -> T
        ) throws(StoreError) -> [T] {
            do {
                return try database.fetchAll(sql, arguments, decode)
            } catch {
                throw database.storeError(error)
            }
        }

        /// Encodes a value for a JSON column. Model values always encode, so a failure is a bug
        /// reported with the type's name only.
        func json<Value: Encodable>(_ value: Value) throws(StoreError) -> String {
            do {
                return try StoreJSON.encode(value)
            } catch {
                throw .sqlite(code: SQLITE_MISUSE, message: "cannot encode \(Value.self) as JSON", sql: "")
            }
        }
    }
}
