#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

/// A read-only integrity check of a vault that needs no key: it opens the database read-only,
/// so it runs whether the service is running or not, and reads only what is not sealed.
///
/// It runs SQLite's integrity check and checks that every reference between rows resolves. Each
/// key must have exactly one current version and no leftover candidate, and no rotation may be
/// stuck. Every request's state must agree with its flags, approvals, reviews, times and history,
/// and the audit chain and its signed checkpoints must verify. Each finding names the ids involved.
public enum VaultCheck {
    /// How long a journaled rotation may stay pending under the service's default settings:
    /// every retry's back-off plus a `check` and a `change` per attempt that each run until the
    /// connector timeout of `safehold serve` (30 s).
    public static let defaultRetryWindow = retryWindow(options: BrokerOptions(), connectorTimeout: 30)

    /// Returns the time from a rotation's start until its last retry has run out, with
    /// `options`' retry limit and back-off and a connector timeout of `connectorTimeout` seconds.
    public static func retryWindow(options: BrokerOptions, connectorTimeout: TimeInterval) -> TimeInterval {
        var backOff: TimeInterval = 0
        for attempt in 0..<max(0, options.rotationRetryLimit - 1) {
            backOff += options.rotationRetryDelay * Double(1 << min(attempt, 20))
        }
        return backOff + Double(max(1, options.rotationRetryLimit)) * 2 * connectorTimeout
    }

    /// Checks the vault at `layout` as of `now`. A pending rotation older than `retryWindow`
    /// seconds counts as stuck. Throws only when the vault cannot be opened; rows that cannot be
    /// decoded become findings, so a damaged vault still gets a report.
    public static func run(layout: VaultLayout, now: Date = Date(), retryWindow: TimeInterval = defaultRetryWindow) throws(VaultError) -> VaultCheckReport {
        try Vault.checkDirectory(layout)
        let store: SQLiteVaultStore
        do {
            store = try SQLiteVaultStore.open(path: layout.database, mode: .readOnly)
        } catch {
            throw VaultError.from(error)
        }
        defer { store.close() }

        var findings = collect(.database, "the database pages") {
            try store.integrityCheck().map { VaultCheckFinding(.database, ids: [], "SQLite integrity check: \($0)") }
        }
        findings += collect(.orphan, "references between rows") {
            try store.danglingReferences().map { reference in
                VaultCheckFinding(
                    .orphan, ids: [reference.row, reference.missingID],
                    "\(reference.table) row \(reference.row) refers to \(reference.column) \(reference.missingID), which does not exist"
                )
            }
        }
        findings += collect(.request, "request deadlines") {
            try store.liveRequestsWithoutDeadline().map { id in
                VaultCheckFinding(.request, ids: [id], "request \(id) is live but has no stored deadline, so the scheduler would never expire it")
            }
        }

        var counts = (keys: 0, requests: 0, events: 0)
        findings += collect(.database, "the vault") {
            try store.read { reader in
                var found = collect(.key, "API keys and the rotation journal") { try keyFindings(reader, now: now, retryWindow: retryWindow) }
                found += collect(.request, "requests") {
                    let (requestFindings, count) = try requestFindings(reader)
                    counts.requests = count
                    return requestFindings
                }
                found += collect(.audit, "the audit trail") {
                    let (auditFindings, count) = try auditFindings(reader)
                    counts.events = count
                    return auditFindings
                }
                counts.keys = (try? reader.apiKeyCount()) ?? 0
                return found
            }
        }
        return VaultCheckReport(findings: findings, keyCount: counts.keys, requestCount: counts.requests, eventCount: counts.events)
    }

    /// Runs one part of the check. A part that cannot read its rows (a value of the wrong type, an
    /// unknown state) reports that as its finding, and the other parts still run.
    static func collect(_ area: VaultCheckFinding.Area, _ subject: String, _ body: () throws -> [VaultCheckFinding]) -> [VaultCheckFinding] {
        do {
            return try body()
        } catch {
            return [VaultCheckFinding(area, ids: [], "cannot read \(subject), so they were not checked: \(error)")]
        }
    }

    private static func auditFindings(_ reader: any StoreReader) throws -> ([VaultCheckFinding], Int) {
        guard let publicKey = try reader.metadata(ServiceKeys.signingPublicName) else {
            return ([VaultCheckFinding(.audit, ids: [], "the audit trail's public key is missing from the vault, so its checkpoints cannot be verified")], try reader.auditEventCount())
        }
        let verification = try AuditVerifier.verifyStored(in: reader, checkpoints: try reader.auditCheckpoints(), publicKey: publicKey)
        guard !verification.isValid else { return ([], verification.eventCount) }
        let sequence = verification.firstBadSequence.map { [String($0)] } ?? []
        return ([VaultCheckFinding(.audit, ids: sequence, "audit trail: \(verification.problem ?? "the chain does not verify")")], try reader.auditEventCount())
    }

    /// Formats a date as ISO 8601, for findings.
    static func text(_ date: Date) -> String {
        date.ISO8601Format()
    }

    /// Formats a duration in whole minutes and seconds, for findings.
    static func text(seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s"
    }
}
