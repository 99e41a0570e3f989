#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Adds a policy after resolving its names and checking that it can work (an approver set
    /// that can be satisfied, a maximum duration at least the default and at most 31 days, ...).
    /// Administrators only.
    public func addPolicy(_ spec: PolicySpec, by caller: Caller) throws(BrokerError) -> PolicyView {
        try requireAdministrator(caller, to: "add policies")
        let now = clock.now()
        return try write(rejecting: "add policies", by: caller) { writer in
            _ = try NameRules.validate(spec.name, kind: "policy")
            let policy = try resolve(spec, id: IdentifierGenerator.make(random: random), createdAt: now, in: writer)
            try writer.insert(policy)
            try audit.record("policyAdded", by: caller, targets: ["policy": policy.id.rawValue], comment: policy.name, at: now, in: writer)
            return PolicyView(policy: policy, spec: try describe(policy, in: writer))
        }
    }

    /// Replaces the settings of an existing policy, keeping its id so that its requests keep
    /// pointing at it. Administrators only.
    public func updatePolicy(_ spec: PolicySpec, by caller: Caller) throws(BrokerError) -> PolicyView {
        try requireAdministrator(caller, to: "change policies")
        let now = clock.now()
        return try write(rejecting: "change policies", by: caller) { writer in
            guard let existing = try writer.policy(named: spec.name) else {
                throw BrokerError.notFound(kind: "policy", name: spec.name, hint: "list policies with `safehold policy list`")
            }
            let policy = try resolve(spec, id: existing.id, createdAt: existing.createdAt, in: writer)
            try writer.update(policy)
            try audit.record("policyUpdated", by: caller, targets: ["policy": policy.id.rawValue], comment: policy.name, at: now, in: writer)
            return PolicyView(policy: policy, spec: try describe(policy, in: writer))
        }
    }

    /// Lists policies with names resolved. Administrators and auditors only.
    public func policies(by caller: Caller) throws(BrokerError) -> [PolicyView] {
        try requireAuditorOrAdministrator(caller, to: "list policies")
        return try read { reader in
            try reader.policies().map { PolicyView(policy: $0, spec: try describe($0, in: reader)) }
        }
    }

    /// Deletes a policy that no open request uses. Administrators only.
    public func deletePolicy(name: String, by caller: Caller) throws(BrokerError) {
        try requireAdministrator(caller, to: "delete policies")
        let now = clock.now()
        try write(rejecting: "delete policies", by: caller) { writer in
            guard let policy = try writer.policy(named: name) else {
                throw BrokerError.notFound(kind: "policy", name: name)
            }
            let open = try writer.requests(RequestQuery(states: Set(RequestState.allCases.filter { !$0.isFinal })))
                .filter { $0.policyID == policy.id }
            if let first = open.first {
                throw BrokerError.conflict(
                    "policy \(name) governs \(open.count) open request(s), such as \(first.id)",
                    hint: "disable it with `safehold policy update \(name) --disable` instead, or wait until they end"
                )
            }
            try writer.deletePolicy(id: policy.id)
            try audit.record("policyDeleted", by: caller, targets: ["policy": policy.id.rawValue], comment: name, at: now, in: writer)
        }
    }

    private func resolve(_ spec: PolicySpec, id: PolicyID, createdAt: Date, in reader: any StoreReader) throws -> Policy {
        var assetIDs: [AssetID] = []
        var accountIDs: [AccountID] = []
        for entry in spec.scope {
            if entry.contains("/") {
                accountIDs.append(try account(path: entry, in: reader).1.id)
            } else {
                guard let asset = try reader.asset(named: entry) else {
                    throw BrokerError.notFound(kind: "asset", name: entry, hint: "the scope lists asset names and ASSET/ACCOUNT paths")
                }
                assetIDs.append(asset.id)
            }
        }
        func ids(_ names: [String]) throws -> [UserID] {
            try names.map { try user(named: $0, in: reader).id }
        }
        let policy = Policy(
            id: id, name: spec.name, priority: spec.priority, scopeAssetIDs: assetIDs, scopeAccountIDs: accountIDs,
            requesterIDs: try ids(spec.requesters),
            approverSets: try spec.approverSets.map { ApproverSet(approverIDs: try ids($0.approvers), requiredApprovals: $0.requiredApprovals) },
            autoApprove: spec.autoApprove, emergencyAccessAllowed: spec.emergencyAccessAllowed,
            reviewerIDs: try ids(spec.reviewers), requiredReviews: spec.requiredReviews,
            reviewCommentRequired: spec.reviewCommentRequired, ticketRequired: spec.ticketRequired,
            ticketPattern: spec.ticketPattern, reasonRequired: spec.reasonRequired,
            defaultDurationSeconds: spec.defaultDurationSeconds, maximumDurationSeconds: spec.maximumDurationSeconds,
            customDurationAllowed: spec.customDurationAllowed, simultaneousReleases: spec.simultaneousReleases,
            rotateAfterCheckIn: spec.rotateAfterCheckIn, showAgainAfterChange: spec.showAgainAfterChange,
            newRequestsWhileAwaitingReview: spec.newRequestsWhileAwaitingReview,
            approvalTimeoutSeconds: spec.approvalTimeoutSeconds, isDisabled: spec.isDisabled, createdAt: createdAt
        )
        if case let .failure(rejection) = PolicyValidation.validate(policy) {
            throw BrokerError.invalidInput(rejection.description)
        }
        return policy
    }

    /// Turns a stored policy back into names.
    func describe(_ policy: Policy, in reader: any StoreReader) throws -> PolicySpec {
        func names(_ ids: [UserID]) throws -> [String] {
            try ids.map { try reader.user(id: $0)?.name ?? $0.rawValue }
        }
        var spec = PolicySpec(name: policy.name)
        spec.priority = policy.priority
        spec.scope = try policy.scopeAssetIDs.map { try reader.asset(id: $0)?.name ?? $0.rawValue }
            + policy.scopeAccountIDs.map { try accountPath($0, in: reader) }
        spec.requesters = try names(policy.requesterIDs)
        spec.approverSets = try policy.approverSets.map { .init(approvers: try names($0.approverIDs), requiredApprovals: $0.requiredApprovals) }
        spec.autoApprove = policy.autoApprove
        spec.emergencyAccessAllowed = policy.emergencyAccessAllowed
        spec.reviewers = try names(policy.reviewerIDs)
        spec.requiredReviews = policy.requiredReviews
        spec.reviewCommentRequired = policy.reviewCommentRequired
        spec.ticketRequired = policy.ticketRequired
        spec.ticketPattern = policy.ticketPattern
        spec.reasonRequired = policy.reasonRequired
        spec.defaultDurationSeconds = policy.defaultDurationSeconds
        spec.maximumDurationSeconds = policy.maximumDurationSeconds
        spec.customDurationAllowed = policy.customDurationAllowed
        spec.simultaneousReleases = policy.simultaneousReleases
        spec.rotateAfterCheckIn = policy.rotateAfterCheckIn
        spec.showAgainAfterChange = policy.showAgainAfterChange
        spec.newRequestsWhileAwaitingReview = policy.newRequestsWhileAwaitingReview
        spec.approvalTimeoutSeconds = policy.approvalTimeoutSeconds
        spec.isDisabled = policy.isDisabled
        return spec
    }
}
