#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A person or program known to Safehold, matched by immutable id everywhere, never by name.
public struct User: Hashable, Sendable, Codable {
    public var id: UserID
    public var name: String
    /// Operating-system login that identifies socket callers through their peer credentials.
    public var osLogin: String?
    public var email: String?
    /// Security policy administrator: manages the directory and policies, never reads a secret
    /// without a request of their own.
    public var isAdministrator: Bool
    /// Reads every request and the audit trail, never a secret.
    public var isAuditor: Bool
    public var isDisabled: Bool
    public var createdAt: Date

    public init(
        id: UserID, name: String, osLogin: String? = nil, email: String? = nil,
        isAdministrator: Bool = false, isAuditor: Bool = false, isDisabled: Bool = false, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.osLogin = osLogin
        self.email = email
        self.isAdministrator = isAdministrator
        self.isAuditor = isAuditor
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }
}

/// A bearer token that an administrator issued for a user. Only its keyed hash is stored.
public struct Token: Hashable, Sendable, Codable {
    public var id: TokenID
    public var userID: UserID
    /// Keyed BLAKE2b hash of the token text; the text itself is shown once and never stored.
    public var hash: Data
    public var createdAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(id: TokenID, userID: UserID, hash: Data, createdAt: Date, revokedAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// How an asset's keys are changed.
public enum Platform: String, Hashable, Sendable, Codable, CaseIterable {
    /// Safehold is the system of record; services check presented keys with `safehold verify`.
    case builtin
    /// A connector program applies each change on the real system.
    case exec
}

/// A system that holds credentials: a SaaS tenant, a database, a service.
public struct Asset: Hashable, Sendable, Codable {
    public var id: AssetID
    public var name: String
    public var description: String
    public var platform: Platform
    /// Absolute path of the connector program for the `exec` platform.
    public var connectorPath: String?
    public var isDisabled: Bool
    public var createdAt: Date

    public init(
        id: AssetID, name: String, description: String = "", platform: Platform = .builtin,
        connectorPath: String? = nil, isDisabled: Bool = false, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.platform = platform
        self.connectorPath = connectorPath
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }
}

/// An identity on an asset. It has zero or more API keys.
public struct Account: Hashable, Sendable, Codable {
    public var id: AccountID
    public var assetID: AssetID
    public var name: String
    public var description: String
    public var isDisabled: Bool
    public var createdAt: Date

    public init(id: AccountID, assetID: AssetID, name: String, description: String = "", isDisabled: Bool = false, createdAt: Date) {
        self.id = id
        self.assetID = assetID
        self.name = name
        self.description = description
        self.isDisabled = isDisabled
        self.createdAt = createdAt
    }
}
