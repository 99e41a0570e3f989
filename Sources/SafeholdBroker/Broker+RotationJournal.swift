#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Runs one attempt of a journaled rotation: asks the connector to apply (or, when an earlier
    /// attempt's outcome is unknown, to check) the pending candidate, then finishes the rotation,
    /// schedules a retry with a fresh candidate, or marks it failed. Never throws: failures are
    /// recorded on the journal entry, logged and audited.
    @discardableResult
    public func attemptRotation(_ entryID: JournalEntryID) -> RotationReport {
        let claimed = rotationsInFlight.withLock { $0.insert(entryID).inserted }
        guard claimed else {
            return RotationReport(keyID: ApiKeyID(""), keyName: "", status: .alreadyRotating, version: 0)
        }
        defer { _ = rotationsInFlight.withLock { $0.remove(entryID) } }

        do {
            return try attemptClaimedRotation(entryID)
        } catch {
            log.error("rotation attempt failed", ["journal": entryID.rawValue, "error": "\(error)"])
            return RotationReport(keyID: ApiKeyID(""), keyName: "", status: .retrying, version: 0, error: "internal error")
        }
    }

    /// Attempts every pending rotation, checking first which value the target accepts. The
    /// service calls it once at start, before it accepts connections.
    public func recoverRotations() -> [RotationReport] {
        let entries = (try? read { reader in try reader.journalEntries(keyID: nil) }) ?? []
        let pending = entries.filter { $0.state == .pending }
        if !pending.isEmpty { log.info("recovering journaled rotations", ["count": String(pending.count)]) }
        return pending.map { attemptRotation($0.id) }
    }

    /// Attempts the rotations whose retry time has come.
    public func runDueRotations() -> [RotationReport] {
        let now = clock.now()
        let due = (try? read { reader in try reader.journalEntriesDue(by: now) }) ?? []
        return due.map { attemptRotation($0.id) }
    }

    private struct AttemptContext {
        var entry: RotationJournalEntry
        var key: ApiKey
        var change: KeyChange?
    }

    private func attemptClaimedRotation(_ entryID: JournalEntryID) throws -> RotationReport {
        let now = clock.now()
        let context: AttemptContext = try write { writer in
            guard var entry = try writer.journalEntry(id: entryID), entry.state == .pending,
                  let key = try writer.apiKey(id: entry.keyID)
            else { throw BrokerError.notFound(kind: "journal entry", name: entryID.rawValue) }

            // A candidate that was refused earlier was deleted; a retry seals a fresh one.
            if try writer.keyVersion(keyID: key.id, version: entry.pendingVersion) == nil {
                let current = try writer.keyVersion(keyID: key.id, version: key.currentVersion)
                let candidate = try freshCandidate(for: key, current: current)
                let sealed = ApiKeySealing.seal(candidate, keyID: key.id, version: entry.pendingVersion, masterKey: masterKey, random: random)
                try writer.insert(KeyVersion(
                    keyID: key.id, version: entry.pendingVersion, state: .pending, wrappedDataKey: sealed.wrappedDataKey,
                    sealedValue: sealed.sealedValue, createdAt: now
                ))
                entry.lastError = nil
            }
            entry.attempts += 1
            try writer.update(entry)
            // Recorded before the connector runs, so an attempt that a crash interrupts still shows.
            try audit.record(
                "keyRotationAttempted", by: nil,
                targets: ["account": key.accountID.rawValue, "key": key.id.rawValue]
                    .merging(entry.requestID.map { ["request": $0.rawValue] } ?? [:]) { a, _ in a },
                comment: "\(entry.trigger.rawValue); version \(entry.pendingVersion); attempt \(entry.attempts)", at: now, in: writer
            )
            return AttemptContext(entry: entry, key: key, change: try keyChange(for: entry, key: key, in: writer))
        }

        guard let change = context.change, let target = targets.exec else {
            return try recordFailure(context, reason: "no connector is configured for this asset", permanent: true)
        }

        // An attempt after an unknown outcome (or at recovery) first asks which value the target
        // accepts, so a candidate the target may already hold is never thrown away.
        if context.entry.attempts > 1 || context.entry.lastError != nil {
            switch target.check(change) {
            case .acceptsCandidate: return try finishRotation(context, minted: nil)
            case .acceptsCurrent: break
            case let .accountMissing(detail): return try recordFailure(context, reason: "account missing on target: \(detail)", permanent: true)
            case let .unknown(detail): return try recordFailure(context, reason: detail, permanent: false, keepCandidate: true)
            }
        }

        switch target.change(change) {
        case let .applied(minted):
            return try finishRotation(context, minted: minted)
        case let .accountMissing(detail):
            return try recordFailure(context, reason: "account missing on target: \(detail)", permanent: true)
        case let .rejected(detail):
            return try recordFailure(context, reason: "target rejected the candidate: \(detail)", permanent: false)
        case let .failed(detail):
            switch target.check(change) {
            case .acceptsCandidate: return try finishRotation(context, minted: nil)
            case .acceptsCurrent: return try recordFailure(context, reason: detail, permanent: false)
            case let .accountMissing(missing): return try recordFailure(context, reason: "account missing on target: \(missing)", permanent: true)
            case .unknown: return try recordFailure(context, reason: detail, permanent: false, keepCandidate: true)
            }
        }
    }

    private func freshCandidate(for key: ApiKey, current: KeyVersion?) throws -> ApiKeyValues {
        let secret = KeyGenerator.generate(
            length: key.format.length, alphabet: Array(key.format.alphabet.utf8), prefix: Array(key.format.prefix.utf8), random: random
        )
        guard let current, current.sealedValue != nil else {
            return ApiKeyValues(clientID: SecretBytes(count: 0), clientSecret: secret, clientSecretID: nil)
        }
        let values = try ApiKeySealing.open(current, masterKey: masterKey)
        return ApiKeyValues(clientID: values.clientID, clientSecret: secret, clientSecretID: values.clientSecretID)
    }

    private func keyChange(for entry: RotationJournalEntry, key: ApiKey, in reader: any StoreReader) throws -> KeyChange? {
        guard let account = try reader.account(id: key.accountID), let asset = try reader.asset(id: account.assetID),
              asset.platform == .exec,
              let current = try reader.keyVersion(keyID: key.id, version: key.currentVersion),
              let pending = try reader.keyVersion(keyID: key.id, version: entry.pendingVersion)
        else { return nil }
        return KeyChange(
            asset: asset, account: account, key: key,
            current: try ApiKeySealing.open(current, masterKey: masterKey),
            candidate: try ApiKeySealing.open(pending, masterKey: masterKey)
        )
    }

    private func finishRotation(_ context: AttemptContext, minted: ApiKeyValues?) throws -> RotationReport {
        let now = clock.now()
        let entry = context.entry
        try write { writer in
            guard let key = try writer.apiKey(id: entry.keyID) else { return }
            if let minted, var pending = try writer.keyVersion(keyID: key.id, version: entry.pendingVersion) {
                let sealed = ApiKeySealing.seal(minted, keyID: key.id, version: entry.pendingVersion, masterKey: masterKey, random: random)
                pending.wrappedDataKey = sealed.wrappedDataKey
                pending.sealedValue = sealed.sealedValue
                try writer.update(pending)
            }
            try promote(key: key, to: entry.pendingVersion, now: now, in: writer)
            try writer.deleteJournalEntry(id: entry.id)
            try audit.record(
                "keyRotated", by: nil,
                targets: ["account": key.accountID.rawValue, "key": key.id.rawValue].merging(entry.requestID.map { ["request": $0.rawValue] } ?? [:]) { a, _ in a },
                comment: "\(entry.trigger.rawValue); version \(entry.pendingVersion); attempt \(entry.attempts)", at: now, in: writer
            )
            if let requestID = entry.requestID {
                try rotationFinished(for: requestID, now: now, in: writer)
            }
        }
        log.info("key rotated", ["key": entry.keyID.rawValue, "version": String(entry.pendingVersion)])
        return RotationReport(keyID: entry.keyID, keyName: context.key.name, status: .rotated, version: entry.pendingVersion)
    }

    /// Records a failed attempt. A refused candidate is deleted (a retry seals a fresh one); a
    /// candidate whose fate is unknown is kept so the next attempt can check it. Permanent
    /// failures and exhausted retries leave the key in `rotationFailed` and alert administrators.
    private func recordFailure(_ context: AttemptContext, reason: String, permanent: Bool, keepCandidate: Bool = false) throws -> RotationReport {
        let now = clock.now()
        var entry = context.entry
        let exhausted = permanent || entry.attempts >= options.rotationRetryLimit
        try write { writer in
            guard var key = try writer.apiKey(id: entry.keyID) else { return }
            if !keepCandidate {
                try writer.deleteKeyVersion(keyID: key.id, version: entry.pendingVersion)
            }
            entry.lastError = reason
            if exhausted {
                entry.state = .failed
                key.status = .rotationFailed
                key.rotationError = reason
                try writer.update(key)
            } else {
                let delay = options.rotationRetryDelay * Double(1 << min(max(0, entry.attempts - 1), 20))
                entry.nextAttemptAt = now.addingTimeInterval(delay)
            }
            try writer.update(entry)
            try audit.record(
                exhausted ? "keyRotationFailed" : "keyRotationRetryScheduled", by: nil,
                targets: ["account": key.accountID.rawValue, "key": key.id.rawValue]
                    .merging(entry.requestID.map { ["request": $0.rawValue] } ?? [:]) { a, _ in a },
                comment: "attempt \(entry.attempts): \(reason)", at: now, in: writer
            )
        }
        if exhausted {
            log.error("key rotation failed", ["key": entry.keyID.rawValue, "attempts": String(entry.attempts), "error": reason])
            notifyAdministrators(.rotationFailed, text: "Rotation of key \(context.key.name) failed after \(entry.attempts) attempt(s): \(reason)")
        } else {
            log.info("key rotation retry scheduled", ["key": entry.keyID.rawValue, "attempt": String(entry.attempts), "error": reason])
        }
        return RotationReport(
            keyID: entry.keyID, keyName: context.key.name, status: exhausted ? .failed : .retrying,
            version: context.key.currentVersion, error: reason
        )
    }

    func notifyAdministrators(_ kind: NotificationKind, text: String) {
        guard let users = try? read({ reader in try reader.users() }) else { return }
        for user in users where user.isAdministrator && !user.isDisabled {
            notifications.deliver(Notice(kind: kind, recipient: user, text: text))
        }
    }
}
