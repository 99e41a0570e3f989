#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `key_versions`, the only table that contains sealed values. Column lists are
/// constants; every value is a parameter.
private enum KeyVersionSQL {
    static let columns = "key_id, version, state, wrapped_data_key, sealed_value, created_at, started_at, ended_at"
    static let selectOne = "SELECT \(columns) FROM key_versions WHERE key_id = ?1 AND version = ?2"
    static let selectByKey = "SELECT \(columns) FROM key_versions WHERE key_id = ?1 ORDER BY version"
    static let selectSealed = """
        SELECT \(columns) FROM key_versions WHERE state IN ('current', 'pending') ORDER BY key_id, version
        """
    static let insert = "INSERT INTO key_versions (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    static let update = """
        UPDATE key_versions SET state = ?3, wrapped_data_key = ?4, sealed_value = ?5, created_at = ?6,
            started_at = ?7, ended_at = ?8
        WHERE key_id = ?1 AND version = ?2
        """
    static let delete = "DELETE FROM key_versions WHERE key_id = ?1 AND version = ?2"
}

extension SQLiteVaultStore.Transaction {
    func keyVersion(keyID: ApiKeyID, version: Int) throws -> KeyVersion? {
        try fetchOne(KeyVersionSQL.selectOne, [keyID, version], KeyVersion.init(row:))
    }

    /// Returns all versions of a key, oldest first.
    func keyVersions(keyID: ApiKeyID) throws -> [KeyVersion] {
        try fetchAll(KeyVersionSQL.selectByKey, [keyID], KeyVersion.init(row:))
    }

    /// Every current and pending version, the ones that hold sealed values, for rekey.
    func sealedKeyVersions() throws -> [KeyVersion] {
        try fetchAll(KeyVersionSQL.selectSealed, [], KeyVersion.init(row:))
    }

    func insert(_ version: KeyVersion) throws {
        try execute(
            KeyVersionSQL.insert, version.arguments, unique: version.uniqueNames,
            parent: ("API key", version.keyID.rawValue)
        )
    }

    /// Replaces the version's state, sealed fields and times. A retired version is always stored
    /// without its sealed fields, even when the value passed still has them.
    ///
    /// NOTE: `secure_delete` zeroes the old bytes in the page, but the page before the change
    /// stays in the database file until the next checkpoint and in the -wal file until it is
    /// truncated. `SQLiteVaultStore.checkpoint()` does both.
    func update(_ version: KeyVersion) throws {
        try change(KeyVersionSQL.update, version.arguments, kind: "key version", id: version.displayID)
    }

    func deleteKeyVersion(keyID: ApiKeyID, version: Int) throws {
        try change(KeyVersionSQL.delete, [keyID, version], kind: "key version", id: "\(keyID) version \(version)")
    }
}

private extension KeyVersion {
    init(row: Row) throws(DatabaseError) {
        self.init(
            keyID: try row.id(0), version: try row.int(1), state: try row.value(2),
            wrappedDataKey: try row.optionalBlob(3), sealedValue: try row.optionalBlob(4), createdAt: try row.date(5),
            startedAt: try row.optionalDate(6), endedAt: try row.optionalDate(7)
        )
    }

    var arguments: [any DatabaseValueConvertible] {
        let isRetired = state == .retired
        return [
            keyID, version, state.rawValue, isRetired ? nil : wrappedDataKey, isRetired ? nil : sealedValue,
            createdAt, startedAt, endedAt,
        ]
    }

    var displayID: String { "\(keyID) version \(version)" }

    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        ["key_versions.key_id, key_versions.version": ("key version", displayID)]
    }
}
