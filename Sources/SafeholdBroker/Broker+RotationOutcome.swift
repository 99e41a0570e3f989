#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// The reason recorded for an internal failure; its detail goes to the service log only.
    static let internalFailureReason = "internal error; see the service log"

    /// Makes the pending version current in one transaction: retires the old version, deletes the
    /// journal entry, records `keyRotated` and moves a request waiting in PendingKeyReset on.
    /// Notices go out only after that transaction has committed.
    func finishRotation(_ context: AttemptContext, minted: ApiKeyValues?) throws -> RotationReport {
        let now = clock.now()
        let entry = context.entry
        let aftermath: Aftermath? = try write { writer in
            // Only the attempt that claimed the entry finishes it, and only once.
            guard let stored = try writer.journalEntry(id: entry.id), stored.state == .pending,
                  let key = try writer.apiKey(id: entry.keyID)
            else { return nil }
            if let minted, var pending = try writer.keyVersion(keyID: key.id, version: entry.pendingVersion) {
                let sealed = ApiKeySealing.seal(minted, keyID: key.id, version: entry.pendingVersion, masterKey: masterKey, random: random)
                pending.wrappedDataKey = sealed.wrappedDataKey
                pending.sealedValue = sealed.sealedValue
                try writer.update(pending)
            }
            try promote(key: key, to: entry.pendingVersion, now: now, in: writer)
            try writer.deleteJournalEntry(id: entry.id)
            try audit.record(
                "keyRotated", by: nil, targets: Self.rotationTargets(key: key, requestID: entry.requestID),
                comment: "\(entry.trigger.rawValue); version \(entry.pendingVersion); attempt \(entry.attempts)", at: now, in: writer
            )
            let aftermath = try entry.requestID.map { try rotationFinished(for: $0, now: now, in: writer) } ?? Aftermath()
            try injectRotationFault(.duringFinish)
            return aftermath
        }
        guard let aftermath else { return RotationReport(keyID: entry.keyID, keyName: context.key.name, status: .alreadyRotating, version: 0) }

        log.info("key rotated", ["key": entry.keyID.rawValue, "version": String(entry.pendingVersion)])
        carryOut(aftermath)
        return RotationReport(keyID: entry.keyID, keyName: context.key.name, status: .rotated, version: entry.pendingVersion)
    }

    /// Records a failed attempt. A refused candidate is deleted (a retry seals a fresh one); a
    /// candidate whose fate is unknown is kept so the next attempt can check it. Permanent
    /// failures and exhausted retries leave the key in `rotationFailed` and alert administrators.
    func recordFailure(_ context: AttemptContext, reason: String, permanent: Bool, keepCandidate: Bool = false) throws -> RotationReport {
        let now = clock.now()
        var entry = context.entry
        let exhausted = permanent || entry.attempts >= options.rotationRetryLimit
        let path: String = try write { writer in
            guard var key = try writer.apiKey(id: entry.keyID) else { return "" }
            if !keepCandidate, try writer.keyVersion(keyID: key.id, version: entry.pendingVersion)?.state == .pending {
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
                exhausted ? "keyRotationFailed" : "keyRotationRetryScheduled", by: nil, targets: Self.rotationTargets(key: key, requestID: entry.requestID),
                comment: "attempt \(entry.attempts): \(reason)", at: now, in: writer
            )
            return try accountPath(key.accountID, in: writer)
        }

        if exhausted {
            log.error("key rotation failed", ["key": entry.keyID.rawValue, "attempts": String(entry.attempts), "error": reason])
            notifyAdministrators(
                .rotationFailed, accountPath: path,
                text: "Rotation of key \(context.key.name) of \(path) failed after \(entry.attempts) attempt(s): \(reason)"
            )
        } else {
            log.info("key rotation retry scheduled", ["key": entry.keyID.rawValue, "attempt": String(entry.attempts), "error": reason])
        }
        return RotationReport(
            keyID: entry.keyID, keyName: context.key.name, status: exhausted ? .failed : .retrying,
            version: context.key.currentVersion, error: reason
        )
    }

    /// Records an internal failure of an attempt as a failure with an unknown outcome. `counted`
    /// is the attempt's context when its start was committed. Without it, the failure came first
    /// and the attempt is counted here, so that a failure that repeats runs out of retries instead
    /// of being retried at once, forever.
    func recordInternalFailure(_ entryID: JournalEntryID, counted: AttemptContext?) -> RotationReport {
        do {
            var context = counted
            if context == nil {
                context = try read { reader in
                    guard let entry = try reader.journalEntry(id: entryID), entry.state == .pending,
                          let key = try reader.apiKey(id: entry.keyID)
                    else { return nil }
                    return AttemptContext(entry: entry, key: key, freshCandidate: false)
                }
                context?.entry.attempts += 1
            }
            guard let context else { return RotationReport(keyID: ApiKeyID(""), keyName: "", status: .alreadyRotating, version: 0) }
            return try recordFailure(context, reason: Self.internalFailureReason, permanent: false, keepCandidate: true)
        } catch {
            log.error("failed to record a failed rotation attempt", ["journal": entryID.rawValue, "error": Self.logText(error)])
            return RotationReport(keyID: counted?.key.id ?? ApiKeyID(""), keyName: "", status: .retrying, version: 0, error: "internal error")
        }
    }

    /// Returns the audit targets of a rotation event.
    static func rotationTargets(key: ApiKey, requestID: RequestID?) -> [String: String] {
        var targets = ["account": key.accountID.rawValue, "key": key.id.rawValue]
        if let requestID { targets["request"] = requestID.rawValue }
        return targets
    }

    func notifyAdministrators(_ kind: NotificationKind, accountPath: String? = nil, text: String) {
        guard let users = try? read({ reader in try reader.users() }) else { return }
        for user in users where user.isAdministrator && !user.isDisabled {
            notifications.deliver(Notice(kind: kind, recipient: user, accountPath: accountPath, text: text))
        }
    }
}
