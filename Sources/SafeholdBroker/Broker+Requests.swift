#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Submits a new access request under the policy that wins for the caller and account.
    /// Exclusivity is decided inside the write transaction, so of two overlapping submissions
    /// for an exclusive account exactly one succeeds.
    public func submitRequest(_ input: RequestInput, by caller: Caller) throws(BrokerError) -> RequestSummary {
        let now = clock.now()
        let id: RequestID = IdentifierGenerator.make(random: random)
        let targets = ["accountPath": input.accountPath]
        let outcome: Result<(RequestSummary, Aftermath), BrokerError> = try write(rejecting: "request", by: caller, targets: targets) { writer in
            let (asset, account) = try account(path: input.accountPath, in: writer)
            let draft = RequestDraft(
                id: id, accountID: account.id, assetID: asset.id, requestedStart: input.start, durationSeconds: input.durationSeconds,
                ticketNumber: input.ticketNumber, reason: input.reason, isEmergency: input.isEmergency
            )
            let submitted = try submit(draft, requester: caller.user, caller: caller, targetName: input.accountPath, now: now, in: writer)
            return try summarized(submitted, asset: asset, account: account, in: writer)
        }
        return try finish(outcome, action: "request", caller: caller, targets: targets)
    }

    /// Applies an action of a person to a request: approve, deny, revoke, cancel, check in,
    /// remove, review or close. Check-out has its own entry point because it reveals values.
    public func act(_ action: WorkflowAction, on requestText: String, comment: String? = nil, by caller: Caller) throws(BrokerError) -> RequestSummary {
        let now = clock.now()
        var requestID = requestText
        let actionName = action.requestAction.rawValue
        let outcome: Result<(RequestSummary, Aftermath), BrokerError> = try write(
            rejecting: actionName, by: caller, targets: ["request": requestText]
        ) { writer in
            let request = try request(requestText, in: writer)
            requestID = request.id.rawValue
            guard let policy = try writer.policy(id: request.policyID) else {
                throw BrokerError.internalError(detail: "policy \(request.policyID) of request \(request.id) is missing")
            }
            let outcome = try apply(action, to: request, policy: policy, comment: comment, caller: caller, now: now, in: writer)
            return try summarized(outcome, policy: policy, in: writer)
        }
        return try finish(outcome, action: actionName, caller: caller, targets: ["request": requestID])
    }

    /// Applies `action` to `request` under its `policy` in the caller's transaction, with the
    /// resubmission that an acknowledgment may bring.
    private func apply(
        _ action: WorkflowAction, to request: AccessRequest, policy: Policy, comment: String?, caller: Caller, now: Date,
        in writer: any StoreWriter
    ) throws -> Result<(AccessRequest, Aftermath), BrokerError> {
        switch RequestWorkflow.apply(action, to: request, policy: policy, actor: caller.user, now: now, comment: comment) {
        case let .failure(rejection):
            return .failure(Self.brokerError(rejection))
        case let .success(transition):
            var aftermath = try store(transition, isNew: false, policy: policy, caller: caller, now: now, in: writer)
            guard let draft = transition.resubmission else {
                return .success((transition.request, aftermath))
            }
            switch try submit(draft, requester: caller.user, caller: caller, targetName: try accountPath(draft.accountID, in: writer), now: now, in: writer) {
            case let .failure(error):
                // The resubmission failed, so the acknowledgment must not stick either.
                throw error
            case let .success((resubmitted, more)):
                aftermath.merge(more)
                return .success((resubmitted, aftermath))
            }
        }
    }

    /// Resubmits a denied or revoked request: acknowledges it and creates a new request with the
    /// same account, duration, ticket and reason. Returns the new request.
    public func resubmit(_ requestText: String, by caller: Caller) throws(BrokerError) -> RequestSummary {
        try act(.resubmit(newID: IdentifierGenerator.make(random: random)), on: requestText, by: caller)
    }

    /// Runs the time-driven transitions due at the clock's current time: window starts, window
    /// ends, approval deadlines and expiring-soon notices. A request that missed several
    /// deadlines while the service was down takes each step once, in order.
    @discardableResult
    public func advance() -> Int {
        let now = clock.now()
        let due = (try? read { reader in try reader.requestsDue(by: now) }) ?? []
        var steps = 0
        for request in due {
            do {
                steps += try advance(request.id, now: now)
            } catch {
                log.error("time-driven transition failed", ["request": request.id.rawValue, "error": "\(error)"])
            }
        }
        return steps
    }

    private func advance(_ id: RequestID, now: Date) throws -> Int {
        let (steps, aftermath): (Int, Aftermath) = try write { writer in
            guard var request = try writer.request(id: id), let policy = try writer.policy(id: request.policyID) else { return (0, Aftermath()) }
            var aftermath = Aftermath()
            var steps = 0
            while steps < 4, let transition = RequestWorkflow.advance(request, policy: policy, now: now) {
                aftermath.merge(try store(transition, isNew: false, policy: policy, caller: nil, now: now, in: writer))
                request = transition.request
                steps += 1
            }
            if steps == 0, let notice = RequestWorkflow.expiryNoticeTime(of: request, leadSeconds: Int(options.expiryNoticeLead)), notice <= now {
                aftermath.notices.append((.expiringSoon, [request.requesterID], request.id))
                try writer.update(request, deadline: RequestWorkflow.nextDeadline(of: request, policy: policy))
            } else if steps == 0 {
                try writer.update(request, deadline: storedDeadline(of: request, policy: policy, now: now))
            }
            return (steps, aftermath)
        }
        carryOut(aftermath)
        return steps
    }

    /// The earliest time the scheduler must wake for: a request deadline or a rotation retry.
    public func nextWakeUp() -> Date? {
        let dates = try? read { reader in [try reader.earliestRequestDeadline(), try reader.earliestJournalDeadline()] }
        return dates?.compactMap { $0 }.min()
    }

    // MARK: - Shared steps

    private func submit(
        _ draft: RequestDraft, requester: User, caller: Caller, targetName: String, now: Date, in writer: any StoreWriter
    ) throws -> Result<(AccessRequest, Aftermath), BrokerError> {
        let policies = try writer.policies()
        let policy: Policy
        switch PolicySelection.select(from: policies, requester: requester, accountID: draft.accountID, assetID: draft.assetID, targetName: targetName) {
        case let .failure(rejection): return .failure(Self.brokerError(rejection))
        case let .success(selected): policy = selected
        }

        let live = try writer.requests(RequestQuery(accountID: draft.accountID, states: Set(RequestState.allCases.filter(\.isLive))))
        let byID = Dictionary(policies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let awaitingReview = try writer.requests(RequestQuery(requesterID: requester.id, accountID: draft.accountID, states: [.pendingReview]))
        let context = SubmissionContext(accountRequests: live, policies: byID, requestsAwaitingReview: awaitingReview)

        switch RequestWorkflow.submit(draft, policy: policy, requester: requester, now: now, context: context) {
        case let .failure(rejection):
            return .failure(Self.brokerError(rejection))
        case let .success(transition):
            let aftermath = try store(transition, isNew: true, policy: policy, caller: caller, now: now, in: writer)
            return .success((transition.request, aftermath))
        }
    }

    /// Adds the summary of the stored request, built in the same transaction, so that the reply
    /// needs no read after the commit. `policy`, `asset` and `account` are what the transaction
    /// has read already (see `summary(of:policy:asset:account:in:)`).
    private func summarized(
        _ outcome: Result<(AccessRequest, Aftermath), BrokerError>, policy: Policy? = nil, asset: Asset? = nil, account: Account? = nil,
        in reader: any StoreReader
    ) throws -> Result<(RequestSummary, Aftermath), BrokerError> {
        switch outcome {
        case let .failure(error): return .failure(error)
        case let .success((request, aftermath)):
            // A request that entered PendingKeyReset may have left it in the same transaction
            // (`store` finishes builtin rotations at once), so it is read again.
            let stored = request.state == .pendingKeyReset ? try reader.request(id: request.id) ?? request : request
            return .success((try summary(of: stored, policy: policy, asset: asset, account: account, in: reader), aftermath))
        }
    }

    /// Turns the outcome of a write into the caller's result: a rejection is recorded in the
    /// audit trail in its own transaction, then thrown; a success carries out its aftermath.
    private func finish(
        _ outcome: Result<(RequestSummary, Aftermath), BrokerError>, action: String, caller: Caller, targets: [String: String]
    ) throws(BrokerError) -> RequestSummary {
        switch outcome {
        case let .failure(error):
            recordRejection(action, by: caller, targets: targets, reason: error.description)
            throw error
        case let .success((summary, aftermath)):
            carryOut(aftermath)
            return try summaryAfter(aftermath, of: summary)
        }
    }

    static func brokerError(_ rejection: WorkflowRejection) -> BrokerError {
        let kind: BrokerError.Kind = switch rejection.kind {
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .invalidInput: .invalidInput
        case .conflict, .expired: .conflict
        case .rotating: .rotating
        }
        return .rejected(rejection.description, kind: kind)
    }
}
