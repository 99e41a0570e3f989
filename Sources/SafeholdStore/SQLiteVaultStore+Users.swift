#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `users` and `tokens`. Column lists are constants; every value is a parameter.
private enum UserSQL {
    static let columns = "id, name, os_login, email, is_administrator, is_auditor, is_disabled, created_at"
    static let selectByID = "SELECT \(columns) FROM users WHERE id = ?1"
    static let selectByName = "SELECT \(columns) FROM users WHERE name = ?1"
    static let selectByOSLogin = "SELECT \(columns) FROM users WHERE os_login = ?1"
    static let selectAll = "SELECT \(columns) FROM users ORDER BY name"
    static let insert = "INSERT INTO users (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    static let update = """
        UPDATE users SET name = ?2, os_login = ?3, email = ?4, is_administrator = ?5, is_auditor = ?6,
            is_disabled = ?7, created_at = ?8
        WHERE id = ?1
        """
}

private enum TokenSQL {
    static let columns = "id, user_id, hash, created_at, revoked_at, last_used_at"
    static let selectByID = "SELECT \(columns) FROM tokens WHERE id = ?1"
    static let selectByHash = "SELECT \(columns) FROM tokens WHERE hash = ?1"
    static let selectByUser = "SELECT \(columns) FROM tokens WHERE user_id = ?1 ORDER BY created_at, id"
    static let selectAll = "SELECT \(columns) FROM tokens ORDER BY created_at, id"
    static let insert = "INSERT INTO tokens (\(columns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    static let update = """
        UPDATE tokens SET user_id = ?2, hash = ?3, created_at = ?4, revoked_at = ?5, last_used_at = ?6
        WHERE id = ?1
        """
}

extension SQLiteVaultStore.Transaction {
    func user(id: UserID) throws -> User? {
        try fetchOne(UserSQL.selectByID, [id], User.init(row:))
    }

    func user(named name: String) throws -> User? {
        try fetchOne(UserSQL.selectByName, [name], User.init(row:))
    }

    func user(osLogin: String) throws -> User? {
        try fetchOne(UserSQL.selectByOSLogin, [osLogin], User.init(row:))
    }

    /// Returns every user, by name.
    func users() throws -> [User] {
        try fetchAll(UserSQL.selectAll, [], User.init(row:))
    }

    func insert(_ user: User) throws {
        try execute(UserSQL.insert, user.arguments, unique: user.uniqueNames)
    }

    func update(_ user: User) throws {
        try change(UserSQL.update, user.arguments, kind: "user", id: user.id.rawValue, unique: user.uniqueNames)
    }

    func token(id: TokenID) throws -> Token? {
        try fetchOne(TokenSQL.selectByID, [id], Token.init(row:))
    }

    func token(hash: Data) throws -> Token? {
        try fetchOne(TokenSQL.selectByHash, [hash], Token.init(row:))
    }

    /// Tokens of one user, or of every user when `userID` is nil, oldest first.
    func tokens(userID: UserID?) throws -> [Token] {
        guard let userID else { return try fetchAll(TokenSQL.selectAll, [], Token.init(row:)) }
        return try fetchAll(TokenSQL.selectByUser, [userID], Token.init(row:))
    }

    func insert(_ token: Token) throws {
        try execute(TokenSQL.insert, token.arguments, unique: token.uniqueNames, parent: ("user", token.userID.rawValue))
    }

    func update(_ token: Token) throws {
        try change(
            TokenSQL.update, token.arguments, kind: "token", id: token.id.rawValue,
            unique: token.uniqueNames, parent: ("user", token.userID.rawValue)
        )
    }
}

private extension User {
    init(row: Row) throws(DatabaseError) {
        self.init(
            id: try row.id(0), name: try row.text(1), osLogin: try row.optionalText(2), email: try row.optionalText(3),
            isAdministrator: try row.bool(4), isAuditor: try row.bool(5), isDisabled: try row.bool(6),
            createdAt: try row.date(7)
        )
    }

    var arguments: [any DatabaseValueConvertible] {
        [id, name, osLogin, email, isAdministrator, isAuditor, isDisabled, createdAt]
    }

    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        [
            "users.id": ("user", id.rawValue),
            "users.name": ("user", name),
            "users.os_login": ("OS login", osLogin ?? ""),
        ]
    }
}

private extension Token {
    init(row: Row) throws(DatabaseError) {
        self.init(
            id: try row.id(0), userID: try row.id(1), hash: try row.blob(2), createdAt: try row.date(3),
            revokedAt: try row.optionalDate(4), lastUsedAt: try row.optionalDate(5)
        )
    }

    var arguments: [any DatabaseValueConvertible] {
        [id, userID, hash, createdAt, revokedAt, lastUsedAt]
    }

    /// A second token with the same hash would be the same token text, so it is reported by id.
    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        ["tokens.id": ("token", id.rawValue), "tokens.hash": ("token", id.rawValue)]
    }
}
