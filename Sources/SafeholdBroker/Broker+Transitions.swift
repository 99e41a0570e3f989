#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

/// Work left after a transaction commits: journaled rotations to attempt and notices to send.
/// Both must wait for the commit, so that nothing acts on a change that could still roll back.
struct Aftermath {
    var rotations: [RotationJournalEntry] = []
    var notices: [(NotificationKind, [UserID], RequestID?)] = []

    mutating func merge(_ other: Aftermath) {
        rotations += other.rotations
        notices += other.notices
    }
}

extension Broker {
    /// Stores a workflow transition in the caller's transaction: the request with its next
    /// deadline, its history, one audit event per step, and the rotations it triggers. A request
    /// left in PendingKeyReset moves on at once when every rotation finished in this transaction
    /// (the `builtin` platform).
    func store(
        _ transition: Transition, isNew: Bool, policy: Policy, caller: Caller?, now: Date, in writer: any StoreWriter
    ) throws -> Aftermath {
        var aftermath = Aftermath()
        let request = transition.request
        let deadline = storedDeadline(of: request, policy: policy, now: now)
        if isNew {
            try writer.insert(request, deadline: deadline)
        } else {
            try writer.update(request, deadline: deadline)
        }
        for entry in transition.history {
            try writer.appendHistory(entry, requestID: request.id)
            try audit.record(
                Self.eventName(for: entry), by: caller, targets: ["request": request.id.rawValue, "account": request.accountID.rawValue],
                oldState: entry.oldState?.rawValue, newState: entry.newState.rawValue, comment: entry.comment, at: now, in: writer
            )
        }

        for effect in transition.effects {
            switch effect {
            case let .notify(kind, recipients):
                aftermath.notices.append((kind, recipients, request.id))
            case let .rotateRevealedKeys(trigger):
                aftermath.rotations += try rotateRevealedKeys(of: request, trigger: trigger, caller: caller, now: now, in: writer)
            }
        }

        if request.state == .pendingKeyReset, try writer.journalEntries(accountID: request.accountID).allSatisfy({ $0.requestID != request.id || $0.state != .pending }) {
            aftermath.merge(try finishKeyReset(request, policy: policy, now: now, in: writer))
        }
        return aftermath
    }

    /// Called in the transaction that finishes a journaled rotation of `requestID`: once none of
    /// its rotations is pending, the request leaves PendingKeyReset. The returned notices must be
    /// sent after that transaction commits.
    func rotationFinished(for requestID: RequestID, now: Date, in writer: any StoreWriter) throws -> Aftermath {
        guard let request = try writer.request(id: requestID), request.state == .pendingKeyReset,
              let policy = try writer.policy(id: request.policyID)
        else { return Aftermath() }
        let stillPending = try writer.journalEntries(accountID: request.accountID).contains { $0.requestID == requestID && $0.state == .pending }
        guard !stillPending else { return Aftermath() }
        return try finishKeyReset(request, policy: policy, now: now, in: writer)
    }

    private func finishKeyReset(_ request: AccessRequest, policy: Policy, now: Date, in writer: any StoreWriter) throws -> Aftermath {
        guard case let .success(transition) = RequestWorkflow.finishRotation(request, policy: policy, now: now) else {
            return Aftermath()
        }
        return try store(transition, isNew: false, policy: policy, caller: nil, now: now, in: writer)
    }

    /// Starts the rotation of every key the request revealed that still has the revealed
    /// version. With simultaneous releases, a release that ends normally leaves the rotation to
    /// the last live release that revealed the same version; a revocation rotates at once.
    private func rotateRevealedKeys(
        of request: AccessRequest, trigger: RotationTrigger, caller: Caller?, now: Date, in writer: any StoreWriter
    ) throws -> [RotationJournalEntry] {
        var entries: [RotationJournalEntry] = []
        let others = try writer.requests(RequestQuery(accountID: request.accountID, states: [.requestAvailable, .apiKeyCheckedOut]))
            .filter { $0.id != request.id }
        for (keyID, version) in request.revealedVersions.sorted(by: { $0.key < $1.key }) {
            guard let key = try writer.apiKey(id: keyID), key.currentVersion == version else { continue }
            let sharedWithLiveRelease = others.contains { $0.revealedVersions[keyID] == version }
            if sharedWithLiveRelease && trigger != .revocation { continue }
            if let entry = try beginRotation(of: key, trigger: trigger, requestID: request.id, caller: caller, now: now, in: writer) {
                entries.append(entry)
            }
        }
        return entries
    }

    /// Returns the deadline the store indexes for the scheduler: the workflow's next deadline, or the
    /// expiring-soon notice time when that comes first and has not passed yet.
    func storedDeadline(of request: AccessRequest, policy: Policy, now: Date) -> Date? {
        let next = RequestWorkflow.nextDeadline(of: request, policy: policy)
        let lead = Int(options.expiryNoticeLead)
        if let notice = RequestWorkflow.expiryNoticeTime(of: request, leadSeconds: lead), notice > now {
            return next.map { min($0, notice) } ?? notice
        }
        return next
    }

    /// Attempts journaled rotations and sends notices, after the commit.
    func carryOut(_ aftermath: Aftermath) {
        deliver(aftermath.notices)
        for entry in aftermath.rotations {
            attemptRotation(entry.id)
        }
    }

    /// Returns the summary to reply with once `aftermath` was carried out: the one built in the
    /// transaction, unless a rotation attempted after the commit may have moved the request on.
    func summaryAfter(_ aftermath: Aftermath, of summary: RequestSummary) throws(BrokerError) -> RequestSummary {
        guard !aftermath.rotations.isEmpty else { return summary }
        return try read { reader in try self.summary(of: try reader.request(id: summary.request.id) ?? summary.request, in: reader) }
    }

    func deliver(_ notices: [(NotificationKind, [UserID], RequestID?)]) {
        guard !notices.isEmpty, notifications.isEnabled else { return }
        for (kind, recipients, requestID) in notices {
            let details: (users: [User], request: AccessRequest?, path: String?)? = try? read { reader in
                let users = try recipients.compactMap { try reader.user(id: $0) }
                let request = try requestID.flatMap { try reader.request(id: $0) }
                let path = try request.map { try accountPath($0.accountID, in: reader) }
                return (users, request, path)
            }
            guard let details else { continue }
            for user in details.users where !user.isDisabled {
                notifications.deliver(Notice(
                    kind: kind, recipient: user, requestID: requestID, accountPath: details.path,
                    windowStart: details.request?.windowStart, windowEnd: details.request?.windowEnd,
                    text: Self.noticeText(kind, requestID: requestID, path: details.path)
                ))
            }
        }
    }

    static func noticeText(_ kind: NotificationKind, requestID: RequestID?, path: String?) -> String {
        let subject = "request \(requestID?.rawValue ?? "-") for \(path ?? "an account")"
        switch kind {
        case .pendingApproval: return "The \(subject) is waiting for your approval."
        case .emergencyAccess: return "The \(subject) used emergency access and skipped approval."
        case .approved: return "Your \(subject) was approved."
        case .available: return "Your \(subject) is available; check the key out with `safehold show`."
        case .denied: return "Your \(subject) was denied."
        case .revoked: return "Your \(subject) was revoked; its key is being rotated."
        case .expiringSoon: return "Your \(subject) ends soon; check the key in when you are done."
        case .expired: return "Your \(subject) expired."
        case .closed: return "Your \(subject) was closed by an administrator."
        case .pendingReview: return "The \(subject) is waiting for your review."
        case .rotationFailed: return "A key rotation failed."
        }
    }

    /// Returns the audit event name of a history step: past tense, as the audit trail names events.
    static func eventName(for entry: HistoryEntry) -> String {
        switch entry.action {
        case .request: "requestCreated"
        case .approve: "approved"
        case .deny: entry.newState == .pendingAcknowledgment && entry.oldState != .pendingApproval ? "revoked" : "denied"
        case .revoke: "revoked"
        case .cancel: "cancelled"
        case .checkOut: "checkedOut"
        case .checkIn: "checkedIn"
        case .remove: "removed"
        case .resubmit: "resubmitted"
        case .review: "reviewed"
        case .close: "closed"
        case .windowStarted: "windowStarted"
        case .expire: "expired"
        case .rotationFinished: "keyResetFinished"
        }
    }
}
