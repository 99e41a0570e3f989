#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Adds an API key to an account and seals its values as version 1. Administrators only.
    public func addApiKey(
        path: String, name: String, description: String = "", format: KeyFormat = .default,
        values: ApiKeyValues, by caller: Caller
    ) throws(BrokerError) -> ApiKey {
        try requireAdministrator(caller, to: "add API keys")
        let now = clock.now()
        return try write(rejecting: "add API keys", by: caller) { writer in
            let name = try NameRules.validate(name, kind: "key")
            try validate(format)
            let (asset, account) = try account(path: path, in: writer)
            return try insertKey(
                name: name, description: description, format: format, values: values, asset: asset, account: account,
                caller: caller, now: now, in: writer
            )
        }
    }

    /// Lists keys (metadata only, never values), of one account or of all, with their account
    /// path. Every enabled user may list them.
    public func apiKeys(path: String?, by caller: Caller) throws(BrokerError) -> [(path: String, key: ApiKey)] {
        try read { reader in
            var accountID: AccountID?
            if let path { accountID = try account(path: path, in: reader).1.id }
            var paths: [AccountID: String] = [:]
            return try reader.apiKeys(accountID: accountID).map { key in
                if paths[key.accountID] == nil { paths[key.accountID] = try accountPath(key.accountID, in: reader) }
                return (paths[key.accountID]!, key)
            }
        }
    }

    /// Deletes a key and destroys every stored version. Refused while the account has a live
    /// request or the key is rotating. Administrators only.
    public func deleteApiKey(path: String, name: String, by caller: Caller) throws(BrokerError) {
        try requireAdministrator(caller, to: "delete API keys")
        let now = clock.now()
        try write(rejecting: "delete API keys", by: caller) { writer in
            let (asset, account) = try account(path: path, in: writer)
            guard let key = try writer.apiKey(accountID: account.id, named: name) else {
                throw BrokerError.notFound(kind: "key", name: "\(path) \(name)")
            }
            let live = try writer.requests(RequestQuery(accountID: account.id, states: [.requestAvailable, .apiKeyCheckedOut, .pendingKeyReset]))
            if let first = live.first {
                throw BrokerError.conflict("account \(path) is released to request \(first.id)", hint: "wait until it ends, or close it")
            }
            guard key.status != .rotating else { throw BrokerError.rotating(account: path) }
            try writer.deleteApiKey(id: key.id)
            try audit.record(
                "apiKeyDeleted", by: caller,
                targets: ["asset": asset.id.rawValue, "account": account.id.rawValue, "key": key.id.rawValue], comment: name, at: now, in: writer
            )
        }
    }

    /// Imports the keys of a CSV or JSON Lines file in one transaction. The whole file is checked
    /// first and every bad row is reported with its line and field; one bad row imports nothing.
    /// Missing assets (builtin) and accounts are created. An existing key is an error unless
    /// `update` is set, in which case its values become a new current version. Rows are decoded
    /// one at a time, so only one row's secrets are in memory at once. Administrators only.
    public func importApiKeys(
        content: SecretBytes, format: ApiKeyImportFormat, update: Bool, by caller: Caller
    ) throws(BrokerError) -> ApiKeyImportSummary {
        try requireAdministrator(caller, to: "import API keys")
        let problems = content.withUnsafeBytes { bytes in validateImport(bytes, format: format) }
        guard problems.isEmpty else {
            let shown = problems.prefix(20).map(\.description).joined(separator: "\n  ")
            let more = problems.count > 20 ? "\n  and \(problems.count - 20) more" : ""
            let rows = Set(problems.map(\.line)).count
            recordRejection("import API keys", by: caller, targets: [:], reason: "the import file has \(rows) bad row(s)")
            throw .invalidInput(
                "the import file has \(rows) bad row(s); nothing was imported:\n  \(shown)\(more)",
                hint: "fix the rows named above and import the whole file again"
            )
        }

        let now = clock.now()
        return try write(rejecting: "import API keys", by: caller) { writer in
            var summary = ApiKeyImportSummary()
            try content.withUnsafeBytes { bytes in
                _ = try ApiKeyImportParser.forEachRecord(in: bytes, format: format) { record in
                    try importRecord(record, update: update, summary: &summary, caller: caller, now: now, in: writer)
                }
            }
            try audit.record(
                "apiKeysImported", by: caller, targets: [:],
                comment: "\(summary.keysAdded) added, \(summary.keysUpdated) updated", at: now, in: writer
            )
            return summary
        }
    }

    /// Checks every row without touching the store: syntax, names, duplicates within the file.
    private func validateImport(_ bytes: UnsafeRawBufferPointer, format: ApiKeyImportFormat) -> [ApiKeyImportProblem] {
        var problems: [ApiKeyImportProblem] = []
        var seen: [String: Int] = [:]
        problems += ApiKeyImportParser.forEachRecord(in: bytes, format: format) { record in
            for (field, value, kind) in [("asset", record.asset, "asset"), ("account", record.account, "account"), ("key", record.key, "key")] {
                do {
                    _ = try NameRules.validate(value, kind: kind)
                } catch {
                    problems.append(ApiKeyImportProblem(line: record.line, field: field, problem: "\(error)"))
                }
            }
            let identity = "\(record.asset)/\(record.account) \(record.key)"
            if let first = seen[identity] {
                problems.append(ApiKeyImportProblem(line: record.line, field: "key", problem: "\(identity) is also on line \(first)"))
            } else {
                seen[identity] = record.line
            }
        }
        if problems.isEmpty && seen.isEmpty {
            problems.append(ApiKeyImportProblem(line: 1, field: nil, problem: "the file holds no keys"))
        }
        return problems.sorted { $0.line < $1.line }
    }

    private func importRecord(
        _ record: ApiKeyImportRecord, update: Bool, summary: inout ApiKeyImportSummary, caller: Caller, now: Date, in writer: any StoreWriter
    ) throws {
        let asset = try writer.asset(named: record.asset) ?? {
            let asset = Asset(id: IdentifierGenerator.make(random: random), name: record.asset, createdAt: now)
            try writer.insert(asset)
            try audit.record(
                "assetAdded", by: caller, targets: ["asset": asset.id.rawValue], comment: asset.platform.rawValue, at: now, in: writer
            )
            summary.assetsAdded += 1
            return asset
        }()
        let account = try writer.account(assetID: asset.id, named: record.account) ?? {
            let account = Account(id: IdentifierGenerator.make(random: random), assetID: asset.id, name: record.account, createdAt: now)
            try writer.insert(account)
            try audit.record(
                "accountAdded", by: caller, targets: ["asset": asset.id.rawValue, "account": account.id.rawValue], at: now, in: writer
            )
            summary.accountsAdded += 1
            return account
        }()
        if let existing = try writer.apiKey(accountID: account.id, named: record.key) {
            guard update else {
                throw BrokerError.conflict(
                    "line \(record.line): key \(record.asset)/\(record.account) \(record.key) already exists; nothing was imported",
                    hint: "pass --update to replace the values of existing keys"
                )
            }
            try replaceValues(of: existing, with: record.values(), caller: caller, now: now, in: writer)
            summary.keysUpdated += 1
        } else {
            _ = try insertKey(
                name: record.key, description: record.description, format: .default, values: record.values(),
                asset: asset, account: account, caller: caller, now: now, in: writer
            )
            summary.keysAdded += 1
        }
    }

    private func insertKey(
        name: String, description: String, format: KeyFormat, values: ApiKeyValues, asset: Asset, account: Account,
        caller: Caller, now: Date, in writer: any StoreWriter
    ) throws -> ApiKey {
        let key = ApiKey(
            id: IdentifierGenerator.make(random: random), accountID: account.id, name: name, description: description,
            format: format, createdAt: now, rotatedAt: now
        )
        try writer.insert(key)
        let sealed = ApiKeySealing.seal(values, keyID: key.id, version: 1, masterKey: masterKey, random: random)
        try writer.insert(KeyVersion(
            keyID: key.id, version: 1, state: .current, wrappedDataKey: sealed.wrappedDataKey,
            sealedValue: sealed.sealedValue, createdAt: now, startedAt: now
        ))
        try audit.record(
            "apiKeyAdded", by: caller,
            targets: ["asset": asset.id.rawValue, "account": account.id.rawValue, "key": key.id.rawValue],
            comment: name, valueHash: audit.valueHash(of: values.clientSecret), at: now, in: writer
        )
        return key
    }

    /// Makes `values` the key's new current version and destroys the old one.
    private func replaceValues(of key: ApiKey, with values: ApiKeyValues, caller: Caller, now: Date, in writer: any StoreWriter) throws {
        guard key.status != .rotating else {
            throw BrokerError.rotating(account: try accountPath(key.accountID, in: writer))
        }
        // The new value supersedes a failed rotation's kept candidate, stored as the next version.
        try discardFailedRotations(of: key, keeping: nil, in: writer)
        let next = key.currentVersion + 1
        let sealed = ApiKeySealing.seal(values, keyID: key.id, version: next, masterKey: masterKey, random: random)
        try writer.insert(KeyVersion(
            keyID: key.id, version: next, state: .pending, wrappedDataKey: sealed.wrappedDataKey,
            sealedValue: sealed.sealedValue, createdAt: now
        ))
        try promote(key: key, to: next, now: now, in: writer)
        try audit.record(
            "apiKeyUpdated", by: caller, targets: ["account": key.accountID.rawValue, "key": key.id.rawValue],
            comment: "version \(next)", valueHash: audit.valueHash(of: values.clientSecret), at: now, in: writer
        )
    }

    private func validate(_ format: KeyFormat) throws(BrokerError) {
        guard (16...256).contains(format.length) else {
            throw .invalidInput("key length \(format.length) is out of range", hint: "use 16 to 256 characters")
        }
        let alphabet = Array(format.alphabet.utf8)
        guard alphabet.count >= 16, Set(alphabet).count == alphabet.count, alphabet.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw .invalidInput(
                "key alphabet must have at least 16 distinct printable ASCII characters",
                hint: "the default is \(KeyFormat.base62Alphabet)"
            )
        }
        guard format.prefix.utf8.count <= 32, format.prefix.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw .invalidInput("key prefix '\(format.prefix)' must be at most 32 printable ASCII characters")
        }
    }
}
