#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Values decoded from JSON columns, keyed by their exact JSON text, so that a value read again
/// unchanged (a policy is read on every workflow action and listing) skips `JSONDecoder`. The key
/// is the whole text, so an updated row never returns a stale value.
///
/// Each connection owns one per cached type and uses it from one thread at a time, like the
/// connection itself, so it takes no lock.
final class DecodedValueCache<Value: Decodable> {
    private var values: [String: Value] = [:]

    /// Entries kept before the cache starts over; enough for every policy of a large vault.
    static var capacity: Int { 1024 }

    /// Returns the value `text` decodes to. Text that does not decode throws an unreadable-row
    /// error naming `column` and the statement's SQL.
    func value(decoding text: String, column: String, sql: String) throws(DatabaseError) -> Value {
        if let cached = values[text] {
            return cached
        }
        let value: Value
        do {
            value = try StoreJSON.decode(Value.self, from: text)
        } catch {
            throw DatabaseError.unreadable("column \(column) does not hold JSON of \(Value.self)", sql: sql)
        }
        if values.count >= Self.capacity {
            values.removeAll(keepingCapacity: true)
        }
        values[text] = value
        return value
    }
}
