#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Events read per query while a filtered listing pages through the trail.
    static let auditPageSize = 1000

    /// The audit trail's Ed25519 public key.
    public var auditPublicKey: Data { keys.signingPublicKey }

    /// Lists audit events in sequence order, at most `filter.limit` of them. Administrators and
    /// auditors see every event; other users see the events they acted in and the events of
    /// their own requests. A page contains fewer than `limit` events only at the end of the trail,
    /// so a client pages with `afterSequence` until a short page.
    public func auditEvents(_ filter: AuditFilter, by caller: Caller) throws(BrokerError) -> [AuditEvent] {
        guard !caller.user.isDisabled else { throw .permissionDenied("user \(caller.user.name) is disabled") }
        let privileged = caller.user.isAdministrator || caller.user.isAuditor
        return try read { reader in
            var query = AuditQuery(since: filter.since, until: filter.until, action: filter.action)
            if let text = filter.requestID { query.requestID = try request(text, in: reader).id }
            if let name = filter.userName { query.userID = try user(named: name, in: reader).id }
            if let path = filter.accountPath { query.accountID = try account(path: path, in: reader).1.id }
            guard !privileged else {
                query.afterSequence = filter.afterSequence
                query.limit = filter.limit
                return try reader.auditEvents(query)
            }
            return try visibleEvents(query, after: filter.afterSequence, limit: filter.limit, to: caller, in: reader)
        }
    }

    /// Pages through the events matching `query` and keeps those `caller` may see, until `limit`
    /// are found or the trail ends.
    private func visibleEvents(
        _ query: AuditQuery, after: Int64?, limit: Int?, to caller: Caller, in reader: any StoreReader
    ) throws -> [AuditEvent] {
        var query = query
        query.afterSequence = after
        query.limit = Self.auditPageSize
        var visible: [AuditEvent] = []
        var ownRequests: [String: Bool] = [:]
        while limit.map({ visible.count < $0 }) ?? true {
            let page = try reader.auditEvents(query)
            for event in page {
                if event.actorID == caller.id {
                    visible.append(event)
                } else if let requestID = event.targets["request"] {
                    let mine = try ownRequests[requestID] ?? (reader.request(id: RequestID(requestID))?.requesterID == caller.id)
                    ownRequests[requestID] = mine
                    if mine { visible.append(event) }
                }
            }
            guard page.count == Self.auditPageSize, let last = page.last else { break }
            query.afterSequence = last.sequence
        }
        return limit.map { Array(visible.prefix($0)) } ?? visible
    }

    /// Checks the live chain: every event's position, link and hash, and every checkpoint's
    /// signature, on one snapshot. Administrators and auditors only.
    public func verifyAuditTrail(by caller: Caller) throws(BrokerError) -> AuditVerification {
        try requireAuditorOrAdministrator(caller, to: "verify the audit trail")
        return try read { reader in
            try AuditVerifier.verifyStored(in: reader, checkpoints: try reader.auditCheckpoints(), publicKey: keys.signingPublicKey)
        }
    }

    /// Records the export, then signs the chain head (which includes that event) and returns
    /// it with every checkpoint. The caller reads the events up to the head with
    /// `auditEvents`, in pages. Administrators and auditors only.
    public func exportAuditTrail(by caller: Caller) throws(BrokerError) -> AuditExport {
        try requireAuditorOrAdministrator(caller, to: "export the audit trail")
        let now = clock.now()
        return try write(rejecting: "export the audit trail", by: caller) { writer in
            try audit.record("auditExported", by: caller, targets: [:], at: now, in: writer)
            let head = AuditSignature.exportHead(of: try writer.lastAuditEvent(), at: now, secretKey: keys.signingSecretKey)
            return AuditExport(publicKey: keys.signingPublicKey, head: head, checkpoints: try writer.auditCheckpoints())
        }
    }

    /// Signs the current chain head when events were added since the last checkpoint, and
    /// returns whether it did. The service calls it at shutdown.
    @discardableResult
    public func signCheckpoint() -> Bool {
        signCheckpoint { _ in true }
    }

    /// Signs the chain head when the oldest unsigned event is at least `maximumDelay` seconds
    /// old, so that while events arrive none stays unsigned much longer than that. The scheduler
    /// calls it on every pass; the every-N-events checkpoints need no call, because the recorder
    /// signs them as it appends.
    @discardableResult
    public func signCheckpointIfDue(maximumDelay: TimeInterval) -> Bool {
        let now = clock.now()
        return signCheckpoint { oldestUnsigned in oldestUnsigned.at.addingTimeInterval(maximumDelay) <= now }
    }

    /// Signs the head when there is an unsigned event and `isDue` accepts the oldest one. The
    /// head's sequence and hash also go to the operational log, a copy outside the database that
    /// reveals a cut of both events and checkpoints.
    private func signCheckpoint(when isDue: (AuditEvent) -> Bool) -> Bool {
        do {
            // A read first, so that a pass with nothing to sign never takes the write lock.
            let due = try store.read { reader in
                let lastSigned = try reader.lastAuditCheckpoint()?.sequence ?? 0
                return try reader.auditEvents(AuditQuery(afterSequence: lastSigned, limit: 1)).first.map(isDue) ?? false
            }
            guard due else { return false }

            let signed: AuditCheckpoint? = try store.write { writer in
                guard let head = try writer.lastAuditEvent(), head.sequence > (try writer.lastAuditCheckpoint()?.sequence ?? 0) else {
                    return nil
                }
                let checkpoint = AuditSignature.checkpoint(of: head, at: clock.now(), secretKey: keys.signingSecretKey)
                try writer.insert(checkpoint)
                return checkpoint
            }
            guard let signed else { return false }
            log.info("audit checkpoint signed", ["sequence": String(signed.sequence), "hash": Self.hex(signed.headHash)])
            return true
        } catch {
            log.error("failed to sign an audit checkpoint", ["error": "\(error)"])
            return false
        }
    }

    static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(data.count * 2)
        for byte in data {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
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
