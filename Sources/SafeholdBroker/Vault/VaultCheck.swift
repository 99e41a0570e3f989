#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

/// The findings of `safehold check`.
public struct VaultCheckReport: Sendable, Codable, Hashable {
    public var findings: [String]
    public var keyCount: Int
    public var requestCount: Int
    public var eventCount: Int
}

/// A read-only integrity check of a vault that needs no key: it opens the database read-only,
/// so it runs whether the service is running or not, and reads only what is not sealed.
public enum VaultCheck {
    /// How long a journaled rotation may stay pending before it counts as stuck.
    public static let stuckRotationAge: TimeInterval = 24 * 3600

    public static func run(layout: VaultLayout, now: Date = Date()) throws -> VaultCheckReport {
        try Vault.checkDirectory(layout)
        let store: SQLiteVaultStore
        do {
            store = try SQLiteVaultStore.open(path: layout.database, mode: .readOnly)
        } catch {
            throw VaultError.from(error)
        }
        defer { store.close() }

        var findings = try store.integrityCheck().map { "SQLite integrity check: \($0)" }
        let (keys, requests, events) = try store.read { reader -> (Int, Int, Int) in
            findings += try checkKeys(reader, now: now)
            let requests = try reader.requests(RequestQuery())
            findings += try checkRequests(requests, reader: reader)
            let events = try reader.auditEvents(AuditQuery())
            if let publicKey = try reader.metadata(ServiceKeys.signingPublicName) {
                let verification = AuditVerifier.verify(events: events, checkpoints: try reader.auditCheckpoints(), publicKey: publicKey)
                if !verification.isValid { findings.append("audit trail: \(verification.problem ?? "invalid")") }
            } else {
                findings.append("audit trail: the public key is missing from the vault")
            }
            return (try reader.apiKeyCount(), requests.count, events.count)
        }
        return VaultCheckReport(findings: findings, keyCount: keys, requestCount: requests, eventCount: events)
    }

    private static func checkKeys(_ reader: any StoreReader, now: Date) throws -> [String] {
        var findings: [String] = []
        for key in try reader.apiKeys(accountID: nil) {
            let versions = try reader.keyVersions(keyID: key.id)
            let current = versions.filter { $0.state == .current }
            if current.count != 1 {
                findings.append("key \(key.id) (\(key.name)) has \(current.count) current versions; expected exactly one")
            } else if current[0].version != key.currentVersion {
                findings.append("key \(key.id) (\(key.name)) records version \(key.currentVersion) as current, but version \(current[0].version) is")
            }
            for version in versions where version.state == .retired && (version.sealedValue != nil || version.wrappedDataKey != nil) {
                findings.append("key \(key.id) version \(version.version) is retired but its sealed value was not destroyed")
            }
            let journal = try reader.journalEntries(keyID: key.id).filter { $0.state == .pending }
            for entry in journal where now.timeIntervalSince(entry.createdAt) > stuckRotationAge {
                findings.append("rotation \(entry.id) of key \(key.id) has been pending since \(entry.createdAt) (\(entry.attempts) attempts)")
            }
            if key.status == .rotating && journal.isEmpty {
                findings.append("key \(key.id) is marked rotating but has no pending journal entry")
            }
        }
        return findings
    }

    private static func checkRequests(_ requests: [AccessRequest], reader: any StoreReader) throws -> [String] {
        var findings: [String] = []
        for request in requests {
            guard let policy = try reader.policy(id: request.policyID) else {
                findings.append("request \(request.id) refers to policy \(request.policyID), which does not exist")
                continue
            }
            if try reader.account(id: request.accountID) == nil {
                findings.append("request \(request.id) refers to account \(request.accountID), which does not exist")
            }
            let flags = request.flags
            switch request.state {
            case .apiKeyCheckedOut:
                if !flags.wasCheckedOut { findings.append("request \(request.id) is checked out but not flagged wasCheckedOut") }
            case .pendingAcknowledgment:
                if !(flags.wasDenied || flags.wasRevoked || flags.wasExpired) {
                    findings.append("request \(request.id) awaits acknowledgment but was neither denied, revoked nor expired")
                }
            case .pendingReview:
                if !flags.wasCheckedOut { findings.append("request \(request.id) awaits review but was never checked out") }
            case .requestAvailable, .approved:
                let approvals = RequestWorkflow.approvalsStillNeeded(for: request, policy: policy)
                if approvals > 0 && !policy.autoApprove && !request.isEmergency {
                    findings.append("request \(request.id) is \(request.state.rawValue) with \(approvals) approval(s) still needed")
                }
            default:
                break
            }
            if flags.wasCancelled && request.state != .complete {
                findings.append("request \(request.id) was cancelled but is \(request.state.rawValue), not Complete")
            }
        }
        return findings
    }
}
