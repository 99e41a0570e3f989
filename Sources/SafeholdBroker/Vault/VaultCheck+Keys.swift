#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension VaultCheck {
    /// Checks every key's versions and status against the rotation journal.
    static func keyFindings(_ reader: any StoreReader, now: Date, retryWindow: TimeInterval) throws -> [VaultCheckFinding] {
        let journal = Dictionary(grouping: try reader.journalEntries(keyID: nil), by: \.keyID)
        var findings: [VaultCheckFinding] = []
        for key in try reader.apiKeys(accountID: nil) {
            let label = "key \(key.id) (\(try keyPath(key, in: reader)))"
            let versions = try reader.keyVersions(keyID: key.id)
            let entries = journal[key.id] ?? []
            findings += versionFindings(key, label: label, versions: versions, entries: entries)
            findings += statusFindings(key, label: label, entries: entries)
            findings += journalFindings(key, label: label, entries: entries, now: now, retryWindow: retryWindow)
        }
        return findings
    }

    /// Checks that a key has exactly one current version, the one it names, that retired versions
    /// keep no sealed bytes, and that a journal entry will finish or remove every pending version.
    private static func versionFindings(
        _ key: ApiKey, label: String, versions: [KeyVersion], entries: [RotationJournalEntry]
    ) -> [VaultCheckFinding] {
        var findings: [VaultCheckFinding] = []
        let id = key.id.rawValue
        let current = versions.filter { $0.state == .current }
        if current.count != 1 {
            let numbers = current.map { String($0.version) }.joined(separator: ", ")
            findings.append(VaultCheckFinding(
                .key, ids: [id], "\(label) has \(current.count) current versions\(numbers.isEmpty ? "" : " (\(numbers))"); expected exactly one"
            ))
        } else if current[0].version != key.currentVersion {
            findings.append(VaultCheckFinding(
                .key, ids: [id], "\(label) names version \(key.currentVersion) as current, but version \(current[0].version) is the current one"
            ))
        }

        for version in versions where version.state == .retired && (version.sealedValue != nil || version.wrappedDataKey != nil) {
            findings.append(VaultCheckFinding(.key, ids: [id], "\(label) version \(version.version) is retired but its sealed value was not destroyed"))
        }
        for version in versions where version.state == .pending {
            if version.version <= key.currentVersion {
                findings.append(VaultCheckFinding(
                    .key, ids: [id],
                    "\(label) has pending version \(version.version), which is not newer than its current version \(key.currentVersion)"
                ))
            }
            if !entries.contains(where: { $0.pendingVersion == version.version }) {
                findings.append(VaultCheckFinding(
                    .key, ids: [id],
                    "\(label) has pending version \(version.version) with no rotation journal entry, so nothing will finish or remove it"
                ))
            }
        }
        return findings
    }

    /// Checks that a key is marked rotating exactly while a rotation of it is pending, because
    /// check-out rejects keys by that mark, and reports a failed rotation for an administrator.
    private static func statusFindings(_ key: ApiKey, label: String, entries: [RotationJournalEntry]) -> [VaultCheckFinding] {
        let id = key.id.rawValue
        let pending = entries.filter { $0.state == .pending }
        var findings: [VaultCheckFinding] = []
        if pending.count > 1 {
            findings.append(VaultCheckFinding(
                .rotation, ids: [id] + pending.map(\.id.rawValue),
                "\(label) has \(pending.count) pending rotations (\(pending.map(\.id.rawValue).joined(separator: ", "))); expected at most one"
            ))
        }
        switch key.status {
        case .rotating where pending.isEmpty:
            findings.append(VaultCheckFinding(
                .rotation, ids: [id], "\(label) is marked rotating but no rotation of it is pending, so check-outs of its account are refused for good"
            ))
        case .active where !pending.isEmpty, .rotationFailed where !pending.isEmpty:
            findings.append(VaultCheckFinding(
                .rotation, ids: [id] + pending.map(\.id.rawValue),
                "\(label) has pending rotation \(pending[0].id) but is marked \(key.status.rawValue), so check-outs could reveal a value that is being replaced"
            ))
        case .rotationFailed:
            findings.append(VaultCheckFinding(
                .rotation, ids: [id],
                "rotation of \(label) failed: \(key.rotationError ?? "no error was recorded"); fix the cause and rotate it again with `safehold rotate`"
            ))
        default:
            break
        }
        return findings
    }

    /// Checks that each pending journal entry is younger than the retry window, belongs to the
    /// key's account and is for a version newer than the current one.
    private static func journalFindings(
        _ key: ApiKey, label: String, entries: [RotationJournalEntry], now: Date, retryWindow: TimeInterval
    ) -> [VaultCheckFinding] {
        var findings: [VaultCheckFinding] = []
        for entry in entries where entry.state == .pending {
            let ids = [entry.id.rawValue, key.id.rawValue]
            if now.timeIntervalSince(entry.createdAt) > retryWindow {
                findings.append(VaultCheckFinding(
                    .rotation, ids: ids,
                    "rotation \(entry.id) of \(label) has been pending since \(text(entry.createdAt)) after \(entry.attempts) attempt(s), "
                        + "longer than its retry window of \(text(seconds: retryWindow)); the service retries it when it starts"
                ))
            }
            if entry.pendingVersion <= key.currentVersion {
                findings.append(VaultCheckFinding(
                    .rotation, ids: ids,
                    "rotation \(entry.id) of \(label) is for version \(entry.pendingVersion), which is not newer than the current version \(key.currentVersion)"
                ))
            }
            if entry.accountID != key.accountID {
                findings.append(VaultCheckFinding(
                    .rotation, ids: ids, "rotation \(entry.id) of \(label) names account \(entry.accountID), but the key belongs to account \(key.accountID)"
                ))
            }
        }
        return findings
    }

    /// `ASSET/ACCOUNT KEY` of a key, or its account id when the account is missing.
    static func keyPath(_ key: ApiKey, in reader: any StoreReader) throws -> String {
        guard let account = try reader.account(id: key.accountID), let asset = try reader.asset(id: account.assetID) else {
            return "account \(key.accountID) \(key.name)"
        }
        return "\(asset.name)/\(account.name) \(key.name)"
    }
}
