#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Makes `version` (a pending version) the key's current version, retires the old current
    /// version and destroys its sealed value, in the caller's transaction.
    func promote(key: ApiKey, to version: Int, now: Date, in writer: any StoreWriter) throws {
        let current = try writer.keyVersion(keyID: key.id, version: key.currentVersion)
        guard let pending = try writer.keyVersion(keyID: key.id, version: version) else {
            throw BrokerError.internalError(detail: "pending version \(version) of key \(key.id) is missing")
        }
        try promote(key: key, retiring: current, to: pending, now: now, in: writer)
    }

    /// Promotes `pending` like `promote(key:to:now:in:)`, for a caller that has read the key's
    /// current version (nil when it has none) and the pending one already.
    func promote(key: ApiKey, retiring current: KeyVersion?, to pending: KeyVersion, now: Date, in writer: any StoreWriter) throws {
        if var old = current {
            old.state = .retired
            old.wrappedDataKey = nil
            old.sealedValue = nil
            old.endedAt = now
            try writer.update(old)
        }
        var next = pending
        next.state = .current
        next.startedAt = now
        try writer.update(next)

        var updated = key
        updated.currentVersion = pending.version
        updated.rotatedAt = now
        updated.status = .active
        updated.rotationError = nil
        try writer.update(updated)
    }

    /// Starts a rotation of `key` in the caller's transaction. For `builtin` assets the rotation
    /// completes right here: Safehold is the system of record, so the commit of this transaction
    /// is the moment the old value stops verifying. For `exec` assets the candidate is sealed as a
    /// pending version together with a journal entry (write-ahead), and the returned entry must be
    /// attempted after the transaction commits. Returns nil when nothing is left to run, including
    /// when a rotation of this key is already journaled (the two are coalesced into one).
    ///
    /// A rotation that failed earlier is taken up again rather than started afresh: its candidate,
    /// when kept, may be what the target holds, so the entry keeps it and the first attempt checks
    /// it. The request that waited for the failed rotation stays attached while it still waits.
    func beginRotation(
        of key: ApiKey, trigger: RotationTrigger, requestID: RequestID?, caller: Caller?, now: Date, in writer: any StoreWriter
    ) throws -> RotationJournalEntry? {
        let entries = try writer.journalEntries(keyID: key.id)
        guard !entries.contains(where: { $0.state == .pending }) else { return nil }
        guard let account = try writer.account(id: key.accountID), let asset = try writer.asset(id: account.assetID) else {
            throw BrokerError.internalError(detail: "key \(key.id) has no account or asset")
        }
        let next = key.currentVersion + 1
        let targets = Self.rotationTargets(key: key, requestID: requestID).merging(["asset": asset.id.rawValue]) { a, _ in a }

        if asset.platform == .builtin {
            try discardFailedRotations(of: key, keeping: nil, entries: entries, in: writer)
            let current = try writer.keyVersion(keyID: key.id, version: key.currentVersion)
            let candidate = try makeCandidate(for: key, current: current)
            let pending = try insertPendingVersion(candidate, key: key, version: next, now: now, in: writer)
            try promote(key: key, retiring: current, to: pending, now: now, in: writer)
            try audit.record(
                "keyRotated", by: caller, targets: targets, comment: "\(trigger.rawValue); version \(next)",
                valueHash: audit.valueHash(of: candidate.clientSecret), at: now, in: writer
            )
            return nil
        }

        var entry: RotationJournalEntry
        if var failed = entries.last(where: { $0.state == .failed && $0.pendingVersion == next }) {
            let stillWaiting = try failed.requestID.flatMap { try writer.request(id: $0) }?.state == .pendingKeyReset
            failed.requestID = stillWaiting ? failed.requestID : requestID
            failed.trigger = trigger
            failed.state = .pending
            failed.attempts = 0
            failed.nextAttemptAt = now
            failed.createdAt = now
            try discardFailedRotations(of: key, keeping: failed, entries: entries, in: writer)
            try writer.update(failed)
            entry = failed
        } else {
            try discardFailedRotations(of: key, keeping: nil, entries: entries, in: writer)
            let candidate = try makeCandidate(for: key, current: try writer.keyVersion(keyID: key.id, version: key.currentVersion))
            try insertPendingVersion(candidate, key: key, version: next, now: now, in: writer)
            entry = RotationJournalEntry(
                id: IdentifierGenerator.make(random: random), keyID: key.id, accountID: account.id, pendingVersion: next,
                trigger: trigger, requestID: requestID, nextAttemptAt: now, createdAt: now
            )
            try writer.insert(entry)
        }

        var rotating = key
        rotating.status = .rotating
        try writer.update(rotating)
        try audit.record("keyRotationStarted", by: caller, targets: targets, comment: "\(trigger.rawValue); version \(next)", at: now, in: writer)
        return entry
    }

    /// Deletes the failed journal entries of `key` other than `kept`, and the candidates they
    /// kept. Called when a new value supersedes them: a new rotation, or an administrator setting
    /// the value by hand. `entries` are the key's journal entries when the caller has read them.
    func discardFailedRotations(
        of key: ApiKey, keeping kept: RotationJournalEntry?, entries: [RotationJournalEntry]? = nil, in writer: any StoreWriter
    ) throws {
        for entry in try entries ?? writer.journalEntries(keyID: key.id) where entry.state == .failed && entry.id != kept?.id {
            let version = try writer.keyVersion(keyID: key.id, version: entry.pendingVersion)
            if version?.state == .pending && entry.pendingVersion != kept?.pendingVersion {
                try writer.deleteKeyVersion(keyID: key.id, version: entry.pendingVersion)
            }
            try writer.deleteJournalEntry(id: entry.id)
        }
    }

    /// A fresh candidate: a new client secret from the key's generator; the client ID and client
    /// secret ID stay as they are unless the target mints its own.
    func makeCandidate(for key: ApiKey, current: KeyVersion?) throws -> ApiKeyValues {
        let secret = KeyGenerator.generate(
            length: key.format.length, alphabet: Array(key.format.alphabet.utf8), prefix: Array(key.format.prefix.utf8), random: random
        )
        guard let current, current.sealedValue != nil else {
            return ApiKeyValues(clientID: SecretBytes(count: 0), clientSecret: secret, clientSecretID: nil)
        }
        let values = try ApiKeySealing.open(current, masterKey: masterKey)
        return ApiKeyValues(clientID: values.clientID, clientSecret: secret, clientSecretID: values.clientSecretID)
    }

    /// Seals `values` as a pending version of `key` and stores it. Returns the stored version.
    @discardableResult
    func insertPendingVersion(_ values: ApiKeyValues, key: ApiKey, version: Int, now: Date, in writer: any StoreWriter) throws -> KeyVersion {
        let sealed = ApiKeySealing.seal(values, keyID: key.id, version: version, masterKey: masterKey, random: random)
        let pending = KeyVersion(
            keyID: key.id, version: version, state: .pending, wrappedDataKey: sealed.wrappedDataKey,
            sealedValue: sealed.sealedValue, createdAt: now
        )
        try writer.insert(pending)
        return pending
    }

    /// Rotates one key (or every key) of an account now, taking up a rotation that failed.
    /// Administrators only; security teams use it after a suspected leak and on schedule.
    public func rotate(path: String, keyName: String?, by caller: Caller) throws(BrokerError) -> [RotationReport] {
        try requireAdministrator(caller, to: "rotate keys")
        let now = clock.now()
        let started: [(ApiKey, RotationJournalEntry?, Bool)] = try write(rejecting: "rotate keys", by: caller, targets: ["accountPath": path]) { writer in
            let (_, account) = try account(path: path, in: writer)
            var keys = try writer.apiKeys(accountID: account.id)
            if let keyName {
                keys = keys.filter { $0.name == keyName }
                guard !keys.isEmpty else { throw BrokerError.notFound(kind: "key", name: "\(path) \(keyName)") }
            }
            return try keys.map { key in
                let busy = try writer.journalEntries(keyID: key.id).contains { $0.state == .pending }
                let entry = busy ? nil : try beginRotation(of: key, trigger: .manual, requestID: nil, caller: caller, now: now, in: writer)
                return (key, entry, busy)
            }
        }
        return started.map { key, entry, busy in
            if busy { return RotationReport(keyID: key.id, keyName: key.name, status: .alreadyRotating, version: key.currentVersion) }
            guard let entry else { return RotationReport(keyID: key.id, keyName: key.name, status: .rotated, version: key.currentVersion + 1) }
            return attemptRotation(entry.id)
        }
    }

    /// Rotates every key whose current version is older than `maximumAge` seconds.
    public func rotateKeys(olderThan maximumAge: TimeInterval, by caller: Caller) throws(BrokerError) -> [RotationReport] {
        try requireAdministrator(caller, to: "rotate keys")
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-maximumAge)
        let entries: [(ApiKey, RotationJournalEntry?)] = try write(rejecting: "rotate keys", by: caller) { writer in
            try writer.apiKeys(rotatedBefore: cutoff).filter { $0.status != .rotating }.map { key in
                (key, try beginRotation(of: key, trigger: .maxAge, requestID: nil, caller: caller, now: now, in: writer))
            }
        }
        return entries.map { key, entry in
            guard let entry else { return RotationReport(keyID: key.id, keyName: key.name, status: .rotated, version: key.currentVersion + 1) }
            return attemptRotation(entry.id)
        }
    }
}
