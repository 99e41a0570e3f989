#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `api_keys`. Column lists are constants; every value is a parameter.
private enum ApiKeySQL {
    static let columns = """
        id, account_id, name, description, format, status, rotation_error, current_version, created_at, rotated_at
        """
    static let selectByID = "SELECT \(columns) FROM api_keys WHERE id = ?1"
    static let selectByName = "SELECT \(columns) FROM api_keys WHERE account_id = ?1 AND name = ?2"
    static let selectByAccount = "SELECT \(columns) FROM api_keys WHERE account_id = ?1 ORDER BY name"
    static let selectAll = "SELECT \(columns) FROM api_keys ORDER BY account_id, name"
    static let selectRotatedBefore = "SELECT \(columns) FROM api_keys WHERE rotated_at < ?1 ORDER BY rotated_at, id"
    static let count = "SELECT count(*) FROM api_keys"
    static let insert = "INSERT INTO api_keys (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    static let update = """
        UPDATE api_keys SET account_id = ?2, name = ?3, description = ?4, format = ?5, status = ?6,
            rotation_error = ?7, current_version = ?8, created_at = ?9, rotated_at = ?10
        WHERE id = ?1
        """
    static let delete = "DELETE FROM api_keys WHERE id = ?1"
}

extension SQLiteVaultStore.Transaction {
    func apiKey(id: ApiKeyID) throws -> ApiKey? {
        try fetchOne(ApiKeySQL.selectByID, [id], decodeApiKey)
    }

    func apiKey(accountID: AccountID, named name: String) throws -> ApiKey? {
        try fetchOne(ApiKeySQL.selectByName, [accountID, name], decodeApiKey)
    }

    /// Keys of one account by name, or of every account when `accountID` is nil.
    func apiKeys(accountID: AccountID?) throws -> [ApiKey] {
        guard let accountID else { return try fetchAll(ApiKeySQL.selectAll, [], decodeApiKey) }
        return try fetchAll(ApiKeySQL.selectByAccount, [accountID], decodeApiKey)
    }

    /// Keys whose current version started strictly before `date`, oldest first.
    func apiKeys(rotatedBefore date: Date) throws -> [ApiKey] {
        try fetchAll(ApiKeySQL.selectRotatedBefore, [date], decodeApiKey)
    }

    /// Reads a key row, its `format` column through the connection's cache of decoded formats:
    /// a check-out reads every key of the account, and most keys share a few formats.
    private func decodeApiKey(_ row: Row) throws(DatabaseError) -> ApiKey {
        let format = try database.decodedKeyFormats.value(decoding: try row.text(4), column: "format", sql: row.statement.sql)
        return try ApiKey(row: row, format: format)
    }

    func apiKeyCount() throws -> Int {
        try fetchOne(ApiKeySQL.count) { row throws(DatabaseError) in try row.int(0) } ?? 0
    }

    func insert(_ key: ApiKey) throws {
        try execute(
            ApiKeySQL.insert, try arguments(of: key), unique: key.uniqueNames, parent: ("account", key.accountID.rawValue)
        )
    }

    func update(_ key: ApiKey) throws {
        try change(
            ApiKeySQL.update, try arguments(of: key), kind: "API key", id: key.id.rawValue,
            unique: key.uniqueNames, parent: ("account", key.accountID.rawValue)
        )
    }

    /// Deletes the key; its versions and rotation journal entries go with it (ON DELETE CASCADE).
    func deleteApiKey(id: ApiKeyID) throws {
        try change(ApiKeySQL.delete, [id], kind: "API key", id: id.rawValue)
    }

    private func arguments(of key: ApiKey) throws(StoreError) -> [any DatabaseValueConvertible] {
        [
            key.id, key.accountID, key.name, key.description, try json(key.format), key.status.rawValue,
            key.rotationError, key.currentVersion, key.createdAt, key.rotatedAt,
        ]
    }
}

private extension ApiKey {
    init(row: Row, format: KeyFormat) throws(DatabaseError) {
        self.init(
            id: try row.id(0), accountID: try row.id(1), name: try row.text(2), description: try row.text(3),
            format: format, status: try row.value(5), rotationError: try row.optionalText(6),
            currentVersion: try row.int(7), createdAt: try row.date(8), rotatedAt: try row.date(9)
        )
    }

    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        ["api_keys.id": ("API key", id.rawValue), "api_keys.account_id, api_keys.name": ("API key", name)]
    }
}
