#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Runs one attempt of a journaled rotation: runs the target's `change` with the pending
    /// candidate (first `check` when an earlier attempt may have sent the same candidate), then
    /// finishes the rotation, schedules a retry or marks it failed. Never throws: failures are
    /// recorded on the journal entry, logged and audited. An internal failure (a failed commit, a
    /// record that fails to open) counts as an attempt whose outcome is unknown, so it is retried
    /// after the backoff like any other.
    @discardableResult
    public func attemptRotation(_ entryID: JournalEntryID) -> RotationReport {
        let claimed = rotationsInFlight.withLock { $0.insert(entryID).inserted }
        guard claimed else { return Self.handledElsewhere }
        defer { _ = rotationsInFlight.withLock { $0.remove(entryID) } }

        var counted: AttemptContext?
        do {
            try injectRotationFault(.beforeAttempt)
            guard let context = try startAttempt(entryID) else { return Self.handledElsewhere }
            counted = context
            try injectRotationFault(.beforeConnector)
            return try runAttempt(context)
        } catch is RotationFaults.Crash {
            return RotationReport(keyID: counted?.key.id ?? ApiKeyID(""), keyName: "", status: .retrying, version: 0, error: "internal error")
        } catch {
            log.error("rotation attempt failed", ["journal": entryID.rawValue, "error": Self.logText(error)])
            return recordInternalFailure(entryID, counted: counted)
        }
    }

    /// Attempts every pending rotation, as the service does once at start before it accepts
    /// connections. An entry whose connector may have run is checked before anything changes.
    public func recoverRotations() -> [RotationReport] {
        let entries: [RotationJournalEntry]
        do {
            entries = try read { reader in try reader.journalEntries(keyID: nil) }
        } catch {
            log.error("failed to read the rotation journal", ["error": "\(error)"])
            return []
        }
        let pending = entries.filter { $0.state == .pending }
        if !pending.isEmpty { log.info("recovering journaled rotations", ["count": String(pending.count)]) }
        return pending.map { attemptRotation($0.id) }
    }

    /// Attempts the rotations whose retry time has come.
    public func runDueRotations() -> [RotationReport] {
        let now = clock.now()
        let due: [RotationJournalEntry]
        do {
            due = try read { reader in try reader.journalEntriesDue(by: now) }
        } catch {
            log.error("failed to read the rotation journal", ["error": "\(error)"])
            return []
        }
        return due.map { attemptRotation($0.id) }
    }

    /// The report when another attempt got to the entry first, or it is no longer pending.
    private static let handledElsewhere = RotationReport(keyID: ApiKeyID(""), keyName: "", status: .alreadyRotating, version: 0)

    /// The journal entry and key of one attempt, as committed when it started.
    struct AttemptContext {
        var entry: RotationJournalEntry
        var key: ApiKey
        /// Whether this attempt sealed the candidate, so that no target can have seen it yet.
        var freshCandidate: Bool
    }

    /// Counts the attempt in the journal before the connector runs, sealing a fresh candidate
    /// when the last one was refused. Returns nil when the entry is no longer pending.
    private func startAttempt(_ entryID: JournalEntryID) throws -> AttemptContext? {
        let now = clock.now()
        return try write { writer in
            guard var entry = try writer.journalEntry(id: entryID), entry.state == .pending,
                  let key = try writer.apiKey(id: entry.keyID)
            else { return nil }

            var fresh = false
            if try writer.keyVersion(keyID: key.id, version: entry.pendingVersion) == nil {
                let current = try writer.keyVersion(keyID: key.id, version: key.currentVersion)
                let candidate = try makeCandidate(for: key, current: current)
                try insertPendingVersion(candidate, key: key, version: entry.pendingVersion, now: now, in: writer)
                entry.lastError = nil
                fresh = true
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
            return AttemptContext(entry: entry, key: key, freshCandidate: fresh)
        }
    }

    private func runAttempt(_ context: AttemptContext) throws -> RotationReport {
        let change = try read { reader in try keyChange(for: context.entry, key: context.key, in: reader) }
        guard let change, let target = targets.exec else {
            return try recordFailure(context, reason: "no connector is configured for this asset", permanent: true)
        }

        // An earlier attempt may have sent this candidate and lost the result in a failure, a
        // timeout or a crash. The target may accept it now, so check before changing anything.
        if !context.freshCandidate && (context.entry.attempts > 1 || context.entry.lastError != nil) {
            switch target.check(change) {
            case .acceptsCandidate: return try finishRotation(context, minted: nil)
            case .acceptsCurrent: break
            case let .accountMissing(detail): return try recordFailure(context, reason: "account missing on target: \(detail)", permanent: true)
            case let .unknown(detail): return try recordFailure(context, reason: detail, permanent: false, keepCandidate: true)
            }
        }

        switch target.change(change) {
        case let .applied(minted):
            try injectRotationFault(.afterConnector)
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

    private func keyChange(for entry: RotationJournalEntry, key: ApiKey, in reader: any StoreReader) throws -> KeyChange? {
        guard let account = try reader.account(id: key.accountID), let asset = try reader.asset(id: account.assetID),
              asset.platform == .exec,
              let current = try reader.keyVersion(keyID: key.id, version: key.currentVersion),
              let pending = try reader.keyVersion(keyID: key.id, version: entry.pendingVersion)
        else { return nil }
        return KeyChange(
            asset: asset, account: account, key: key,
            current: try ApiKeySealing.open(current, masterKey: masterKey),
            candidate: try ApiKeySealing.open(pending, masterKey: masterKey),
            settings: try connectorSettings(of: asset, in: reader)
        )
    }

    /// The text of a caught error for the service log: an internal error's detail, which callers
    /// never see, or the error's description. Neither contains a secret.
    static func logText(_ error: any Error) -> String {
        if case let .internalError(detail) = error as? BrokerError { return detail }
        return "\(error)"
    }

    func injectRotationFault(_ point: RotationFaults.Point) throws {
        guard let faults = rotationFaults.withLock({ $0 }) else { return }
        try faults.inject(point)
    }
}
