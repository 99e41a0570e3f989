#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Checks that a policy can work before it is stored or used: every request it allows can be
/// approved, reviewed and timed within the product's limits.
public enum PolicyValidation {
    /// Returns the policy unchanged, or `.invalidPolicy` with every problem found.
    public static func validate(_ policy: Policy) -> Result<Policy, WorkflowRejection> {
        let found = problems(in: policy)
        guard found.isEmpty else {
            return .failure(.invalidPolicy(policyName: policy.name, problems: found))
        }
        return .success(policy)
    }

    /// Lists every problem of the policy, in the order of its settings; empty when it can work.
    public static func problems(in policy: Policy) -> [PolicyProblem] {
        var found: [PolicyProblem] = []
        if policy.requesterIDs.isEmpty {
            found.append(.noRequesters)
        }
        if policy.scopeAssetIDs.isEmpty && policy.scopeAccountIDs.isEmpty {
            found.append(.emptyScope)
        }
        found += approverProblems(in: policy)
        found += reviewProblems(in: policy)
        found += durationProblems(in: policy)
        if policy.simultaneousReleases < 1 {
            found.append(.simultaneousReleasesBelowOne(count: policy.simultaneousReleases))
        }
        if policy.approvalTimeoutSeconds <= 0 {
            found.append(.approvalTimeoutNotPositive(seconds: policy.approvalTimeoutSeconds))
        }
        if let pattern = policy.ticketPattern, let error = compileError(of: pattern) {
            found.append(.invalidTicketPattern(pattern: pattern, error: error))
        }
        return found
    }

    private static func approverProblems(in policy: Policy) -> [PolicyProblem] {
        var found: [PolicyProblem] = []
        if policy.approverSets.isEmpty && !policy.autoApprove {
            found.append(.noApproverSet)
        }
        for (index, set) in policy.approverSets.enumerated() {
            let distinct = Set(set.approverIDs).count
            if distinct == 0 {
                found.append(.approverSetEmpty(setIndex: index))
            }
            if set.requiredApprovals < 1 {
                found.append(.requiredApprovalsBelowOne(setIndex: index, required: set.requiredApprovals))
            } else if distinct > 0 && set.requiredApprovals > distinct {
                found.append(.requiredApprovalsAboveApprovers(setIndex: index, required: set.requiredApprovals, distinctApprovers: distinct))
            }
        }
        return found
    }

    private static func reviewProblems(in policy: Policy) -> [PolicyProblem] {
        let required = policy.requiredReviews
        let distinct = Set(policy.reviewerIDs).count
        if required < 0 {
            return [.requiredReviewsNegative(required: required)]
        }
        if required > 0 && distinct == 0 {
            return [.requiredReviewsWithoutReviewers(required: required)]
        }
        if required > distinct {
            return [.requiredReviewsAboveReviewers(required: required, distinctReviewers: distinct)]
        }
        return []
    }

    private static func durationProblems(in policy: Policy) -> [PolicyProblem] {
        let defaultSeconds = policy.defaultDurationSeconds
        let maximum = policy.maximumDurationSeconds
        var found: [PolicyProblem] = []
        if defaultSeconds <= 0 {
            found.append(.defaultDurationNotPositive(seconds: defaultSeconds))
        }
        if maximum <= 0 {
            found.append(.maximumDurationNotPositive(seconds: maximum))
        }
        if maximum > Policy.longestMaximumDuration {
            found.append(.maximumDurationAboveLimit(seconds: maximum))
        }
        if defaultSeconds > 0 && maximum > 0 && maximum < defaultSeconds {
            found.append(.maximumDurationBelowDefault(maximumSeconds: maximum, defaultSeconds: defaultSeconds))
        }
        return found
    }

    /// Returns the parser's message when `pattern` does not compile, or nil when it does.
    private static func compileError(of pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
