#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore
import SafeholdSystem

extension Broker {
    /// Adds an asset. An `exec` asset needs a connector program given by absolute path; its
    /// ownership and mode are checked again each time it runs. Administrators only.
    public func addAsset(
        name: String, platform: Platform = .builtin, connectorPath: String? = nil, description: String = "", by caller: Caller
    ) throws(BrokerError) -> Asset {
        try requireAdministrator(caller, to: "add assets")
        let now = clock.now()
        return try write(rejecting: "add assets", by: caller) { writer in
            let name = try NameRules.validate(name, kind: "asset")
            try validateConnector(platform: platform, path: connectorPath)
            let asset = Asset(
                id: IdentifierGenerator.make(random: random), name: name, description: description, platform: platform,
                connectorPath: connectorPath, createdAt: now
            )
            try writer.insert(asset)
            try audit.record("assetAdded", by: caller, targets: ["asset": asset.id.rawValue], comment: platform.rawValue, at: now, in: writer)
            return asset
        }
    }

    /// Changes an asset's platform, connector or description; a nil argument keeps the stored
    /// value. Moving to `builtin` drops the connector, and the result must pass the same checks
    /// as `addAsset`. Administrators only.
    public func updateAsset(
        name: String, platform: Platform?, connectorPath: String?, description: String?, by caller: Caller
    ) throws(BrokerError) -> Asset {
        try requireAdministrator(caller, to: "change assets")
        let now = clock.now()
        return try write { writer in
            guard var asset = try writer.asset(named: name) else {
                throw BrokerError.notFound(kind: "asset", name: name, hint: "list assets with `safehold asset list`")
            }
            if let platform {
                asset.platform = platform
                if platform == .builtin { asset.connectorPath = nil }
            }
            if let connectorPath { asset.connectorPath = connectorPath }
            if let description { asset.description = description }
            try validateConnector(platform: asset.platform, path: asset.connectorPath)

            try writer.update(asset)
            try audit.record("assetUpdated", by: caller, targets: ["asset": asset.id.rawValue], comment: asset.platform.rawValue, at: now, in: writer)
            return asset
        }
    }

    /// Lists assets. Every enabled user may list names; nothing secret is in an asset.
    public func assets(by caller: Caller) throws(BrokerError) -> [Asset] {
        try read { reader in try reader.assets() }
    }

    /// Deletes an asset that has no accounts. Administrators only.
    public func deleteAsset(name: String, by caller: Caller) throws(BrokerError) {
        try requireAdministrator(caller, to: "delete assets")
        let now = clock.now()
        try write(rejecting: "delete assets", by: caller) { writer in
            guard let asset = try writer.asset(named: name) else {
                throw BrokerError.notFound(kind: "asset", name: name)
            }
            let accounts = try writer.accounts(assetID: asset.id)
            guard accounts.isEmpty else {
                throw BrokerError.conflict(
                    "asset '\(name)' still has \(accounts.count) account(s)",
                    hint: "delete its accounts first with `safehold account delete \(name)/ACCOUNT`"
                )
            }
            try writer.deleteAsset(id: asset.id)
            try writer.setMetadata(ConnectorSettingsRecord.metadataName(asset.id), nil)
            try audit.record("assetDeleted", by: caller, targets: ["asset": asset.id.rawValue], comment: name, at: now, in: writer)
        }
    }

    /// Adds an account to an asset. Administrators only.
    public func addAccount(path: String, description: String = "", by caller: Caller) throws(BrokerError) -> Account {
        try requireAdministrator(caller, to: "add accounts")
        let now = clock.now()
        return try write(rejecting: "add accounts", by: caller) { writer in
            let (assetName, accountName) = try NameRules.splitAccountPath(path)
            _ = try NameRules.validate(accountName, kind: "account")
            guard let asset = try writer.asset(named: assetName) else {
                throw BrokerError.notFound(kind: "asset", name: assetName, hint: "add it with `safehold asset add \(assetName)`")
            }
            let account = Account(id: IdentifierGenerator.make(random: random), assetID: asset.id, name: accountName, description: description, createdAt: now)
            try writer.insert(account)
            try audit.record("accountAdded", by: caller, targets: ["asset": asset.id.rawValue, "account": account.id.rawValue], at: now, in: writer)
            return account
        }
    }

    /// Lists accounts with their asset, of one asset or of all.
    public func accounts(assetName: String?, by caller: Caller) throws(BrokerError) -> [(asset: Asset, account: Account)] {
        try read { reader in
            let assets = Dictionary(uniqueKeysWithValues: try reader.assets().map { ($0.id, $0) })
            var assetID: AssetID?
            if let assetName {
                guard let asset = try reader.asset(named: assetName) else {
                    throw BrokerError.notFound(kind: "asset", name: assetName)
                }
                assetID = asset.id
            }
            return try reader.accounts(assetID: assetID).compactMap { account in
                assets[account.assetID].map { ($0, account) }
            }
        }
    }

    /// Deletes an account with no live request, and its keys. Administrators only.
    public func deleteAccount(path: String, by caller: Caller) throws(BrokerError) {
        try requireAdministrator(caller, to: "delete accounts")
        let now = clock.now()
        try write(rejecting: "delete accounts", by: caller) { writer in
            let (asset, account) = try account(path: path, in: writer)
            let live = try writer.requests(RequestQuery(accountID: account.id, states: Set(RequestState.allCases.filter { !$0.isFinal })))
            if let first = live.first {
                throw BrokerError.conflict(
                    "account \(path) has \(live.count) open request(s), such as \(first.id)",
                    hint: "close them first with `safehold close ID --comment TEXT`"
                )
            }
            for key in try writer.apiKeys(accountID: account.id) {
                try writer.deleteApiKey(id: key.id)
                try audit.record(
                    "apiKeyDeleted", by: caller,
                    targets: ["asset": asset.id.rawValue, "account": account.id.rawValue, "key": key.id.rawValue], comment: key.name, at: now, in: writer
                )
            }
            try writer.deleteAccount(id: account.id)
            try audit.record("accountDeleted", by: caller, targets: ["asset": asset.id.rawValue, "account": account.id.rawValue], comment: path, at: now, in: writer)
        }
    }

    private func validateConnector(platform: Platform, path: String?) throws(BrokerError) {
        switch platform {
        case .builtin:
            if path != nil {
                throw .invalidInput("a builtin asset takes no connector", hint: "add --platform exec to use a connector program")
            }
        case .exec:
            guard let path else {
                throw .invalidInput("an exec asset needs a connector program", hint: "pass --connector /absolute/path/to/program")
            }
            guard path.hasPrefix("/") else {
                throw .invalidInput("connector path '\(path)' is not absolute", hint: "give the full path, such as /usr/local/lib/safehold/redis-acl")
            }
            guard let status = FilePermissions.status(of: path), status.isRegularFile else {
                throw .invalidInput("connector '\(path)' is not a regular file")
            }
        }
    }
}
