#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Parameters that name one object.
public struct NameParams: Codable, Sendable, Hashable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// Parameters with an optional name filter.
public struct OptionalNameParams: Codable, Sendable, Hashable {
    public var name: String?
    public init(name: String? = nil) { self.name = name }
}

public struct UserAddParams: Codable, Sendable, Hashable {
    public var name: String
    public var osLogin: String?
    public var email: String?
    public var isAdministrator: Bool
    public var isAuditor: Bool

    public init(name: String, osLogin: String? = nil, email: String? = nil, isAdministrator: Bool = false, isAuditor: Bool = false) {
        self.name = name
        self.osLogin = osLogin
        self.email = email
        self.isAdministrator = isAdministrator
        self.isAuditor = isAuditor
    }
}

public struct UserUpdateParams: Codable, Sendable, Hashable {
    public var name: String
    public var changes: UserChanges
    public init(name: String, changes: UserChanges) {
        self.name = name
        self.changes = changes
    }
}

/// The caller, as the service identified them.
public struct MeResult: Codable, Sendable, Hashable {
    public var user: User
    /// `peer` (OS login matched by uid) or `token`.
    public var authenticatedBy: String
    public init(user: User, authenticatedBy: String) {
        self.user = user
        self.authenticatedBy = authenticatedBy
    }
}

public struct TokenCreateResult: Codable, Sendable {
    public var token: Token
    /// The bearer token, shown once.
    public var text: WireSecret
    public init(token: Token, text: WireSecret) {
        self.token = token
        self.text = text
    }
}

/// Connector settings of an `exec` asset: one JSON object, which may hold credentials.
public struct AssetSettingsParams: Codable, Sendable {
    public var name: String
    public var settings: WireSecret

    public init(name: String, settings: WireSecret) {
        self.name = name
        self.settings = settings
    }
}

public struct AssetAddParams: Codable, Sendable, Hashable {
    public var name: String
    public var platform: Platform
    public var connectorPath: String?
    public var description: String
    public init(name: String, platform: Platform = .builtin, connectorPath: String? = nil, description: String = "") {
        self.name = name
        self.platform = platform
        self.connectorPath = connectorPath
        self.description = description
    }
}

/// Changes to one asset; nil members keep the stored value.
public struct AssetUpdateParams: Codable, Sendable, Hashable {
    public var name: String
    public var platform: Platform?
    public var connectorPath: String?
    public var description: String?
    public init(name: String, platform: Platform? = nil, connectorPath: String? = nil, description: String? = nil) {
        self.name = name
        self.platform = platform
        self.connectorPath = connectorPath
        self.description = description
    }
}

/// Parameters naming an account by `ASSET/ACCOUNT`.
public struct AccountParams: Codable, Sendable, Hashable {
    public var path: String
    public var description: String
    public init(path: String, description: String = "") {
        self.path = path
        self.description = description
    }
}

public struct AccountRow: Codable, Sendable, Hashable {
    public var asset: Asset
    public var account: Account
    public init(asset: Asset, account: Account) {
        self.asset = asset
        self.account = account
    }
}

public struct ApiKeyAddParams: Codable, Sendable {
    public var path: String
    public var name: String
    public var description: String
    public var format: KeyFormat?
    public var values: WireApiKeyValues
    public init(path: String, name: String, description: String = "", format: KeyFormat? = nil, values: WireApiKeyValues) {
        self.path = path
        self.name = name
        self.description = description
        self.format = format
        self.values = values
    }
}

/// Names one key: `ASSET/ACCOUNT` and, where optional, the key's name.
public struct KeyParams: Codable, Sendable, Hashable {
    public var path: String?
    public var key: String?
    public init(path: String? = nil, key: String? = nil) {
        self.path = path
        self.key = key
    }
}

public struct ApiKeyRow: Codable, Sendable, Hashable {
    public var path: String
    public var key: ApiKey
    public init(path: String, key: ApiKey) {
        self.path = path
        self.key = key
    }
}

public struct ApiKeyImportParams: Codable, Sendable {
    /// `csv` or `jsonl`.
    public var format: String
    /// The whole file, which contains plaintext secrets.
    public var content: WireSecret
    public var update: Bool

    public init(format: String, content: WireSecret, update: Bool) {
        self.format = format
        self.content = content
        self.update = update
    }
}

public struct RotateParams: Codable, Sendable, Hashable {
    public var path: String?
    public var key: String?
    public var maxAgeSeconds: Int?
    public init(path: String? = nil, key: String? = nil, maxAgeSeconds: Int? = nil) {
        self.path = path
        self.key = key
        self.maxAgeSeconds = maxAgeSeconds
    }
}

public struct VerifyParams: Codable, Sendable {
    public var path: String
    public var key: String?
    public var secret: WireSecret
    public init(path: String, key: String?, secret: WireSecret) {
        self.path = path
        self.key = key
        self.secret = secret
    }
}

public struct VerifyResult: Codable, Sendable, Hashable {
    public var valid: Bool
    public init(valid: Bool) { self.valid = valid }
}
