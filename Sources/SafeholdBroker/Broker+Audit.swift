#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// An export of the audit trail: every event and signed checkpoint, and the public key that
/// verifies the signatures. `safehold audit verify --file` checks it with no vault.
public struct AuditExport: Sendable, Codable, Hashable {
    public var format: Int
    public var publicKey: Data
    public var events: [AuditEvent]
    public var checkpoints: [AuditCheckpoint]

    public init(format: Int = 1, publicKey: Data, events: [AuditEvent], checkpoints: [AuditCheckpoint]) {
        self.format = format
        self.publicKey = publicKey
        self.events = events
        self.checkpoints = checkpoints
    }
}

extension Broker {
    /// The audit trail's Ed25519 public key.
    public var auditPublicKey: Data { keys.signingPublicKey }

    /// Lists audit events. Administrators and auditors see every event; other users see the
    /// events of their own requests.
    public func auditEvents(_ filter: AuditFilter, by caller: Caller) throws(BrokerError) -> [AuditEvent] {
        guard !caller.user.isDisabled else { throw .permissionDenied("user \(caller.user.name) is disabled") }
        let privileged = caller.user.isAdministrator || caller.user.isAuditor
        return try read { reader in
            var query = AuditQuery(since: filter.since, until: filter.until, action: filter.action, limit: filter.limit)
            if let text = filter.requestID { query.requestID = try request(text, in: reader).id }
            if let name = filter.userName { query.userID = try user(named: name, in: reader).id }
            if let path = filter.accountPath { query.accountID = try account(path: path, in: reader).1.id }
            let events = try reader.auditEvents(query)
            guard !privileged else { return events }

            var own: [String: Bool] = [:]
            return try events.filter { event in
                if event.actorID == caller.id { return true }
                guard let requestID = event.targets["request"] else { return false }
                if let known = own[requestID] { return known }
                let mine = try reader.request(id: RequestID(requestID))?.requesterID == caller.id
                own[requestID] = mine
                return mine
            }
        }
    }

    /// Checks the live chain: every event's hash and link, and every checkpoint's signature.
    /// Administrators and auditors only.
    public func verifyAuditTrail(by caller: Caller) throws(BrokerError) -> AuditVerification {
        try requireAuditorOrAdministrator(caller, to: "verify the audit trail")
        return try read { reader in
            AuditVerifier.verify(events: try reader.auditEvents(AuditQuery()), checkpoints: try reader.auditCheckpoints(), publicKey: keys.signingPublicKey)
        }
    }

    /// Returns every event and checkpoint with the public key. Administrators and auditors only.
    public func exportAuditTrail(by caller: Caller) throws(BrokerError) -> AuditExport {
        try requireAuditorOrAdministrator(caller, to: "export the audit trail")
        return try read { reader in
            AuditExport(publicKey: keys.signingPublicKey, events: try reader.auditEvents(AuditQuery()), checkpoints: try reader.auditCheckpoints())
        }
    }

    /// Signs the current chain head when events were added since the last checkpoint, and
    /// returns whether it did. The service calls it every N events, every minute and at shutdown.
    @discardableResult
    public func signCheckpoint() -> Bool {
        do {
            return try store.write { writer in
                guard let head = try writer.lastAuditEvent() else { return false }
                if let last = try writer.auditCheckpoints().last, last.sequence >= head.sequence { return false }
                let signature = Ed25519.sign(AuditVerifier.checkpointMessage(sequence: head.sequence, headHash: head.hash), secretKey: keys.signingSecretKey)
                try writer.insert(AuditCheckpoint(sequence: head.sequence, headHash: head.hash, signature: signature, at: clock.now()))
                return true
            }
        } catch {
            log.error("failed to sign an audit checkpoint", ["error": "\(error)"])
            return false
        }
    }

    /// Words for shell completion: request ids of the caller's open requests and approvals,
    /// account paths, or user names.
    public func completionWords(_ kind: String, by caller: Caller) throws(BrokerError) -> [String] {
        switch kind {
        case "requests":
            let mine = try myRequests(by: caller).filter { !$0.request.state.isFinal }
            let approvals = try approvals(by: caller)
            return (mine + approvals).map(\.request.id.rawValue)
        case "accounts":
            return try accounts(assetName: nil, by: caller).map { "\($0.asset.name)/\($0.account.name)" }
        case "users":
            guard caller.user.isAdministrator || caller.user.isAuditor else { return [] }
            return try users(by: caller).map(\.name)
        default:
            throw .invalidInput("unknown completion kind '\(kind)'", hint: "use requests, accounts or users")
        }
    }
}
