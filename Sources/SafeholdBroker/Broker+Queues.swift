#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension Broker {
    /// My Requests: the caller's own requests, newest first, without removed ones unless asked.
    /// With `everyone`, administrators and auditors see every request.
    public func myRequests(
        states: Set<RequestState>? = nil, search: String? = nil, includeRemoved: Bool = false, everyone: Bool = false,
        by caller: Caller
    ) throws(BrokerError) -> [RequestSummary] {
        if everyone { try requireAuditorOrAdministrator(caller, to: "list every request") }
        return try read { reader in
            let query = RequestQuery(requesterID: everyone ? nil : caller.id, states: states, includeRemoved: includeRemoved || everyone)
            return try summaries(of: try reader.requests(query), search: search, in: reader)
        }
    }

    /// Approvals: pending requests the caller can still approve — listed in an approver set that
    /// is not yet satisfied, not the requester, and not approved by the caller already.
    public func approvals(search: String? = nil, by caller: Caller) throws(BrokerError) -> [RequestSummary] {
        try read { reader in
            let pending = try reader.requests(RequestQuery(states: [.pendingApproval], approverID: caller.id))
            var policies: [PolicyID: Policy] = [:]
            let actionable = try pending.filter { request in
                guard request.requesterID != caller.id, !request.approvals.contains(where: { $0.userID == caller.id }) else { return false }
                guard let policy = try cachedPolicy(request.policyID, cache: &policies, in: reader) else { return false }
                return policy.approverSets.indices.contains { index in
                    let set = policy.approverSets[index]
                    let count = request.approvals.filter { $0.setIndex == index }.count
                    return set.approverIDs.contains(caller.id) && count < set.requiredApprovals
                }
            }
            return try summaries(of: actionable, search: search, in: reader)
        }
    }

    /// Reviews: released requests that were checked out and still need the caller's review.
    public func reviews(search: String? = nil, by caller: Caller) throws(BrokerError) -> [RequestSummary] {
        try read { reader in
            let released = try reader.requests(RequestQuery(states: [.pendingReview, .pendingAcknowledgment], reviewerID: caller.id))
            var policies: [PolicyID: Policy] = [:]
            let actionable = try released.filter { request in
                guard request.requesterID != caller.id, request.flags.wasCheckedOut,
                      !request.reviews.contains(where: { $0.userID == caller.id }),
                      let policy = try cachedPolicy(request.policyID, cache: &policies, in: reader)
                else { return false }
                return Set(request.reviews.map(\.userID)).count < policy.requiredReviews
            }
            return try summaries(of: actionable, search: search, in: reader)
        }
    }

    /// The details page: the request, its policy, approvals, reviews and workflow history. The
    /// requester, the policy's approvers and reviewers, administrators and auditors may read it.
    public func details(_ requestText: String, by caller: Caller) throws(BrokerError) -> RequestDetails {
        let result: Result<RequestDetails, BrokerError> = try read { reader in
            let request = try request(requestText, in: reader)
            guard let policy = try reader.policy(id: request.policyID) else {
                throw BrokerError.internalError(detail: "policy \(request.policyID) of request \(request.id) is missing")
            }
            let involved = request.requesterID == caller.id || caller.user.isAdministrator || caller.user.isAuditor
                || policy.approverSets.contains { $0.approverIDs.contains(caller.id) } || policy.reviewerIDs.contains(caller.id)
            guard involved, !caller.user.isDisabled else {
                return .failure(.permissionDenied("request \(request.id) is not yours and you do not approve or review it"))
            }
            var names: [UserID: String] = [:]
            func name(_ id: UserID) throws -> String {
                if let known = names[id] { return known }
                let found = try reader.user(id: id)?.name ?? id.rawValue
                names[id] = found
                return found
            }
            return .success(RequestDetails(
                summary: try summary(of: request, in: reader), policy: policy,
                approvals: try request.approvals.map { .init(userName: try name($0.userID), at: $0.at, comment: $0.comment) },
                reviews: try request.reviews.map { .init(userName: try name($0.userID), at: $0.at, comment: $0.comment) },
                history: try reader.history(requestID: request.id).map { .init(entry: $0, actorName: try $0.actorID.map(name)) }
            ))
        }
        switch result {
        case let .success(details): return details
        case let .failure(error):
            recordRejection("details", by: caller, targets: ["request": requestText], reason: error.description)
            throw error
        }
    }

    /// Builds the summary of one request. A caller that has read the request's policy, asset or
    /// account in the same transaction passes them, which spares reading them again.
    func summary(
        of request: AccessRequest, policy: Policy? = nil, asset: Asset? = nil, account: Account? = nil, in reader: any StoreReader
    ) throws -> RequestSummary {
        var policies: [PolicyID: Policy] = [:]
        var names = NameCache()
        if let policy { policies[policy.id] = policy }
        if let asset { names.assets[asset.id] = asset.name }
        if let account { names.accounts[account.id] = account.name }
        return try makeSummary(request, policies: &policies, names: &names, in: reader)
    }

    private func summaries(of requests: [AccessRequest], search: String?, in reader: any StoreReader) throws -> [RequestSummary] {
        var policies: [PolicyID: Policy] = [:]
        var names = NameCache()
        let all = try requests.map { try makeSummary($0, policies: &policies, names: &names, in: reader) }
        guard let search, !search.isEmpty else { return all }
        let needle = search.lowercased()
        return all.filter { summary in
            [summary.request.id.rawValue, summary.label, summary.requesterName, summary.accountPath, summary.policyName,
             summary.request.ticketNumber ?? "", summary.request.reason ?? "", summary.request.state.rawValue]
                .contains { $0.lowercased().contains(needle) }
        }
    }

    private struct NameCache {
        var users: [UserID: String] = [:]
        var assets: [AssetID: String] = [:]
        var accounts: [AccountID: String] = [:]
    }

    private func makeSummary(
        _ request: AccessRequest, policies: inout [PolicyID: Policy], names: inout NameCache, in reader: any StoreReader
    ) throws -> RequestSummary {
        let policy = try cachedPolicy(request.policyID, cache: &policies, in: reader)
        if names.users[request.requesterID] == nil { names.users[request.requesterID] = try reader.user(id: request.requesterID)?.name }
        if names.assets[request.assetID] == nil { names.assets[request.assetID] = try reader.asset(id: request.assetID)?.name }
        if names.accounts[request.accountID] == nil { names.accounts[request.accountID] = try reader.account(id: request.accountID)?.name }
        let now = clock.now()
        return RequestSummary(
            request: request,
            label: policy.map { RequestWorkflow.label(for: request, policy: $0) } ?? request.state.rawValue,
            requesterName: names.users[request.requesterID] ?? request.requesterID.rawValue,
            assetName: names.assets[request.assetID] ?? request.assetID.rawValue,
            accountName: names.accounts[request.accountID] ?? request.accountID.rawValue,
            policyName: policy?.name ?? request.policyID.rawValue,
            approvalsNeeded: policy.map { RequestWorkflow.approvalsStillNeeded(for: request, policy: $0) } ?? 0,
            reviewsNeeded: policy.map { request.flags.wasCheckedOut ? max(0, $0.requiredReviews - Set(request.reviews.map(\.userID)).count) : 0 } ?? 0,
            remainingSeconds: Int(RequestWorkflow.remaining(request, now: now)),
            deadline: policy.flatMap { RequestWorkflow.nextDeadline(of: request, policy: $0) }
        )
    }

    private func cachedPolicy(_ id: PolicyID, cache: inout [PolicyID: Policy], in reader: any StoreReader) throws -> Policy? {
        if let policy = cache[id] { return policy }
        let policy = try reader.policy(id: id)
        cache[id] = policy
        return policy
    }
}
