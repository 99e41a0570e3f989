#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `assets` and `accounts`. Column lists are constants; every value is a parameter.
private enum AssetSQL {
    static let columns = "id, name, description, platform, connector_path, is_disabled, created_at"
    static let selectByID = "SELECT \(columns) FROM assets WHERE id = ?1"
    static let selectByName = "SELECT \(columns) FROM assets WHERE name = ?1"
    static let selectAll = "SELECT \(columns) FROM assets ORDER BY name"
    static let insert = "INSERT INTO assets (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    static let update = """
        UPDATE assets SET name = ?2, description = ?3, platform = ?4, connector_path = ?5, is_disabled = ?6,
            created_at = ?7
        WHERE id = ?1
        """
    static let delete = "DELETE FROM assets WHERE id = ?1"
}

private enum AccountSQL {
    static let columns = "id, asset_id, name, description, is_disabled, created_at"
    static let selectByID = "SELECT \(columns) FROM accounts WHERE id = ?1"
    static let selectByName = "SELECT \(columns) FROM accounts WHERE asset_id = ?1 AND name = ?2"
    static let selectByAsset = "SELECT \(columns) FROM accounts WHERE asset_id = ?1 ORDER BY name"
    static let selectAll = "SELECT \(columns) FROM accounts ORDER BY asset_id, name"
    static let insert = "INSERT INTO accounts (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    static let update = """
        UPDATE accounts SET asset_id = ?2, name = ?3, description = ?4, is_disabled = ?5, created_at = ?6
        WHERE id = ?1
        """
    static let delete = "DELETE FROM accounts WHERE id = ?1"
}

extension SQLiteVaultStore.Transaction {
    func asset(id: AssetID) throws -> Asset? {
        try fetchOne(AssetSQL.selectByID, [id], Asset.init(row:))
    }

    func asset(named name: String) throws -> Asset? {
        try fetchOne(AssetSQL.selectByName, [name], Asset.init(row:))
    }

    /// Returns every asset, by name.
    func assets() throws -> [Asset] {
        try fetchAll(AssetSQL.selectAll, [], Asset.init(row:))
    }

    func insert(_ asset: Asset) throws {
        try execute(AssetSQL.insert, asset.arguments, unique: asset.uniqueNames)
    }

    func update(_ asset: Asset) throws {
        try change(AssetSQL.update, asset.arguments, kind: "asset", id: asset.id.rawValue, unique: asset.uniqueNames)
    }

    /// Deletes an asset that has no accounts; SQLite's foreign key rejects the delete otherwise.
    func deleteAsset(id: AssetID) throws {
        try change(AssetSQL.delete, [id], kind: "asset", id: id.rawValue)
    }

    func account(id: AccountID) throws -> Account? {
        try fetchOne(AccountSQL.selectByID, [id], Account.init(row:))
    }

    func account(assetID: AssetID, named name: String) throws -> Account? {
        try fetchOne(AccountSQL.selectByName, [assetID, name], Account.init(row:))
    }

    /// Accounts of one asset by name, or of every asset when `assetID` is nil.
    func accounts(assetID: AssetID?) throws -> [Account] {
        guard let assetID else { return try fetchAll(AccountSQL.selectAll, [], Account.init(row:)) }
        return try fetchAll(AccountSQL.selectByAsset, [assetID], Account.init(row:))
    }

    func insert(_ account: Account) throws {
        try execute(
            AccountSQL.insert, account.arguments, unique: account.uniqueNames, parent: ("asset", account.assetID.rawValue)
        )
    }

    func update(_ account: Account) throws {
        try change(
            AccountSQL.update, account.arguments, kind: "account", id: account.id.rawValue,
            unique: account.uniqueNames, parent: ("asset", account.assetID.rawValue)
        )
    }

    /// Deletes an account that has no API keys; SQLite's foreign key rejects the delete otherwise.
    func deleteAccount(id: AccountID) throws {
        try change(AccountSQL.delete, [id], kind: "account", id: id.rawValue)
    }
}

private extension Asset {
    init(row: Row) throws(DatabaseError) {
        self.init(
            id: try row.id(0), name: try row.text(1), description: try row.text(2), platform: try row.value(3),
            connectorPath: try row.optionalText(4), isDisabled: try row.bool(5), createdAt: try row.date(6)
        )
    }

    var arguments: [any DatabaseValueConvertible] {
        [id, name, description, platform.rawValue, connectorPath, isDisabled, createdAt]
    }

    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        ["assets.id": ("asset", id.rawValue), "assets.name": ("asset", name)]
    }
}

private extension Account {
    init(row: Row) throws(DatabaseError) {
        self.init(
            id: try row.id(0), assetID: try row.id(1), name: try row.text(2), description: try row.text(3),
            isDisabled: try row.bool(4), createdAt: try row.date(5)
        )
    }

    var arguments: [any DatabaseValueConvertible] {
        [id, assetID, name, description, isDisabled, createdAt]
    }

    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        ["accounts.id": ("account", id.rawValue), "accounts.asset_id, accounts.name": ("account", name)]
    }
}
