#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Chooses the policy that governs a requester's request for an account.
public enum PolicySelection {
    /// Returns the policy with the lowest priority number among the enabled policies that cover
    /// the account or its asset and list the requester. Ties go to the policy whose name sorts
    /// first, then to the lower id, so the choice never depends on the order of `policies`.
    ///
    /// The winner is not validated here; `RequestWorkflow.submit` rejects a policy that cannot work
    /// rather than quietly falling back to a policy of lower priority.
    ///
    /// - Parameter targetName: the account as people name it, `asset/account`, for the rejection.
    public static func select(
        from policies: [Policy], requester: User, accountID: AccountID, assetID: AssetID, targetName: String
    ) -> Result<Policy, WorkflowRejection> {
        let candidates = policies.filter { policy in
            !policy.isDisabled
                && policy.covers(account: accountID, assetID: assetID)
                && policy.requesterIDs.contains(requester.id)
        }
        let winner = candidates.min { lhs, rhs in
            (lhs.priority, lhs.name, lhs.id) < (rhs.priority, rhs.name, rhs.id)
        }
        guard let winner else {
            return .failure(.noPolicy(requesterName: requester.name, target: targetName))
        }
        return .success(winner)
    }
}
