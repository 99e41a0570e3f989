#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
import SafeholdModel

/// The current row of a statement, read by column index. A value of the wrong type or an
/// unexpected NULL in a NOT NULL column is reported as an unreadable (damaged) row.
struct Row {
    let statement: Statement

    private var handle: OpaquePointer { statement.handle }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) throws(DatabaseError) -> Int64 {
        guard sqlite3_column_type(handle, column) == SQLITE_INTEGER else { throw unreadable(column, "an integer") }
        return sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) throws(DatabaseError) -> Int {
        Int(try int64(column))
    }

    func optionalInt(_ column: Int32) throws(DatabaseError) -> Int? {
        isNull(column) ? nil : try int(column)
    }

    func bool(_ column: Int32) throws(DatabaseError) -> Bool {
        try int64(column) != 0
    }

    func text(_ column: Int32) throws(DatabaseError) -> String {
        guard sqlite3_column_type(handle, column) == SQLITE_TEXT else { throw unreadable(column, "text") }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) throws(DatabaseError) -> String? {
        isNull(column) ? nil : try text(column)
    }

    func blob(_ column: Int32) throws(DatabaseError) -> Data {
        guard sqlite3_column_type(handle, column) == SQLITE_BLOB else { throw unreadable(column, "a blob") }
        let count = Int(sqlite3_column_bytes(handle, column))
        // SQLite returns a null pointer for a zero-length blob.
        guard let bytes = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    func optionalBlob(_ column: Int32) throws(DatabaseError) -> Data? {
        isNull(column) ? nil : try blob(column)
    }

    func date(_ column: Int32) throws(DatabaseError) -> Date {
        Date(millisecondsSince1970: try int64(column))
    }

    func optionalDate(_ column: Int32) throws(DatabaseError) -> Date? {
        isNull(column) ? nil : try date(column)
    }

    func id<Entity>(_ column: Int32) throws(DatabaseError) -> Identifier<Entity> {
        Identifier(try text(column))
    }

    func optionalID<Entity>(_ column: Int32) throws(DatabaseError) -> Identifier<Entity>? {
        isNull(column) ? nil : try id(column)
    }

    /// Reads a string-backed enum such as `RequestState`, stored by its raw value.
    func value<Value: RawRepresentable>(_ column: Int32) throws(DatabaseError) -> Value where Value.RawValue == String {
        let raw = try text(column)
        guard let value = Value(rawValue: raw) else { throw unreadable(column, "a known \(Value.self)") }
        return value
    }

    func optionalValue<Value: RawRepresentable>(_ column: Int32) throws(DatabaseError) -> Value? where Value.RawValue == String {
        isNull(column) ? nil : try value(column)
    }

    /// Decodes a value stored as JSON text by `StoreJSON`.
    func json<Value: Decodable>(_ column: Int32, as type: Value.Type = Value.self) throws(DatabaseError) -> Value {
        let text = try text(column)
        do {
            return try StoreJSON.decode(type, from: text)
        } catch {
            throw unreadable(column, "JSON of \(Value.self)")
        }
    }

    /// Decodes a value stored as JSON text with `read`, a reader for the text this store writes,
    /// and with `StoreJSON` when `read` returns nil.
    func json<Value: Decodable>(_ column: Int32, reading read: (String) -> Value?) throws(DatabaseError) -> Value {
        let text = try text(column)
        if let value = read(text) {
            return value
        }
        do {
            return try StoreJSON.decode(Value.self, from: text)
        } catch {
            throw unreadable(column, "JSON of \(Value.self)")
        }
    }

    private func unreadable(_ column: Int32, _ expected: String) -> DatabaseError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "\(column)"
        return DatabaseError.unreadable("column \(name) does not hold \(expected)", sql: statement.sql)
    }
}
