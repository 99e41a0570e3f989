#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private enum MetadataSQL {
    static let select = "SELECT value FROM metadata WHERE name = ?1"
    static let upsert = """
        INSERT INTO metadata (name, value) VALUES (?1, ?2)
        ON CONFLICT (name) DO UPDATE SET value = excluded.value
        """
    static let delete = "DELETE FROM metadata WHERE name = ?1"
}

extension SQLiteVaultStore.Transaction {
    func metadata(_ name: String) throws -> Data? {
        try fetchOne(MetadataSQL.select, [name]) { row throws(DatabaseError) in try row.blob(0) }
    }

    /// Stores `value` under `name`; nil removes the entry, and removing an absent one is no error.
    func setMetadata(_ name: String, _ value: Data?) throws {
        if let value {
            try execute(MetadataSQL.upsert, [name, value])
        } else {
            try execute(MetadataSQL.delete, [name])
        }
    }
}
