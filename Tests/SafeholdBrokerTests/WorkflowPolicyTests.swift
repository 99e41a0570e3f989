#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

struct WorkflowPolicyTests {
    struct Case: CustomStringConvertible, Sendable {
        var description: String
        var configure: @Sendable (inout Policy) -> Void
        var expected: [PolicyProblem]
    }

    static let cases: [Case] = [
        Case(description: "no requesters", configure: { $0.requesterIDs = [] }, expected: [.noRequesters]),
        Case(description: "empty scope", configure: { $0.scopeAssetIDs = [] }, expected: [.emptyScope]),
        Case(description: "no approver set", configure: { $0.approverSets = [] }, expected: [.noApproverSet]),
        Case(description: "empty set", configure: { $0.approverSets = [ApproverSet(approverIDs: [])] }, expected: [.approverSetEmpty(setIndex: 0)]),
        Case(description: "zero approvals", configure: { $0.approverSets[0].requiredApprovals = 0 }, expected: [.requiredApprovalsBelowOne(setIndex: 0, required: 0)]),
        Case(
            description: "more approvals than distinct approvers",
            configure: { $0.approverSets = [ApproverSet(approverIDs: [Fixture.approver.id, Fixture.approver.id], requiredApprovals: 2)] },
            expected: [.requiredApprovalsAboveApprovers(setIndex: 0, required: 2, distinctApprovers: 1)]
        ),
        Case(description: "negative reviews", configure: { $0.requiredReviews = -1 }, expected: [.requiredReviewsNegative(required: -1)]),
        Case(description: "reviews without reviewers", configure: { $0.reviewerIDs = [] }, expected: [.requiredReviewsWithoutReviewers(required: 1)]),
        Case(description: "more reviews than reviewers", configure: { $0.requiredReviews = 3 }, expected: [.requiredReviewsAboveReviewers(required: 3, distinctReviewers: 2)]),
        Case(description: "zero default duration", configure: { $0.defaultDurationSeconds = 0 }, expected: [.defaultDurationNotPositive(seconds: 0)]),
        Case(description: "zero maximum duration", configure: { $0.maximumDurationSeconds = 0 }, expected: [.maximumDurationNotPositive(seconds: 0)]),
        Case(
            description: "maximum over 31 days", configure: { $0.maximumDurationSeconds = 32 * 86_400 },
            expected: [.maximumDurationAboveLimit(seconds: 32 * 86_400)]
        ),
        Case(
            description: "maximum below default", configure: { $0.maximumDurationSeconds = 3600 },
            expected: [.maximumDurationBelowDefault(maximumSeconds: 3600, defaultSeconds: 7200)]
        ),
        Case(description: "no simultaneous release", configure: { $0.simultaneousReleases = 0 }, expected: [.simultaneousReleasesBelowOne(count: 0)]),
        Case(description: "zero approval timeout", configure: { $0.approvalTimeoutSeconds = 0 }, expected: [.approvalTimeoutNotPositive(seconds: 0)]),
    ]

    @Test(arguments: cases)
    func validationFindsProblem(_ testCase: Case) {
        var policy = Fixture.policy()
        testCase.configure(&policy)
        #expect(PolicyValidation.problems(in: policy) == testCase.expected)
        #expect(PolicyValidation.validate(policy).failure?.kind == .invalidInput)
    }

    @Test func validationAcceptsWorkingPolicy() {
        #expect(PolicyValidation.problems(in: Fixture.policy()) == [])
        let autoApproved = Fixture.policy(reviews: 0) { policy in
            policy.approverSets = []
            policy.autoApprove = true
            policy.ticketPattern = "INC-[0-9]{1,6}"
            policy.maximumDurationSeconds = Policy.longestMaximumDuration
        }
        #expect(PolicyValidation.validate(autoApproved).success == autoApproved)
    }

    @Test func validationRejectsBrokenPattern() {
        let policy = Fixture.policy { $0.ticketPattern = "INC-(" }
        let problems = PolicyValidation.problems(in: policy)
        #expect(problems.count == 1)
        guard case let .invalidTicketPattern(pattern, _) = problems.first else {
            Issue.record("expected a pattern problem, got \(problems)")
            return
        }
        #expect(pattern == "INC-(")
    }

    @Test func validationMessageNamesProblem() {
        let policy = Fixture.policy { $0.approverSets[0].requiredApprovals = 3 }
        let message = PolicyValidation.validate(policy).failure?.description
        #expect(message == "policy \"ops\" cannot work: approver set 1 requires 3 approvals but lists only 2 distinct approvers; add approvers or require fewer approvals")
    }

    @Test func validationMessageListsProblems() {
        let policy = Fixture.policy { policy in
            policy.requesterIDs = []
            policy.simultaneousReleases = 0
        }
        let message = PolicyValidation.validate(policy).failure?.description
        #expect(message == "policy \"ops\" cannot work: (1) it lists no requesters; add at least one. (2) it allows 0 simultaneous releases; allow at least 1.")
    }

    func policy(_ name: String, priority: Int, id: String, configure: (inout Policy) -> Void = { _ in }) -> Policy {
        Fixture.policy(name: name) { policy in
            policy.id = PolicyID(id)
            policy.priority = priority
            configure(&policy)
        }
    }

    func select(_ policies: [Policy]) -> Result<Policy, WorkflowRejection> {
        PolicySelection.select(
            from: policies, requester: Fixture.requester, accountID: Fixture.accountID, assetID: Fixture.assetID, targetName: "db/root"
        )
    }

    @Test func selectionPrefersLowestPriority() {
        let broad = policy("broad", priority: 50, id: "901100000001")
        let narrow = policy("narrow", priority: 10, id: "901100000002") { policy in
            policy.scopeAssetIDs = []
            policy.scopeAccountIDs = [Fixture.accountID]
        }
        let disabled = policy("disabled", priority: 1, id: "901100000003") { $0.isDisabled = true }
        let others = policy("others", priority: 2, id: "901100000004") { $0.requesterIDs = [Fixture.outsider.id] }
        let elsewhere = policy("elsewhere", priority: 3, id: "901100000005") { $0.scopeAssetIDs = [AssetID("a55e70000009")] }

        #expect(select([broad, narrow, disabled, others, elsewhere]).success?.name == "narrow")
        #expect(select([elsewhere, disabled, broad]).success?.name == "broad")
    }

    @Test func selectionBreaksTiesByName() {
        let beta = policy("beta", priority: 10, id: "901100000001")
        let alpha = policy("alpha", priority: 10, id: "901100000002")
        #expect(select([beta, alpha]).success?.name == "alpha")
        #expect(select([alpha, beta]).success?.name == "alpha")
    }

    @Test func selectionWithoutPolicyRejected() {
        let rejection = select([policy("others", priority: 1, id: "901100000001") { $0.requesterIDs = [] }]).failure
        #expect(rejection == .noPolicy(requesterName: "alice", target: "db/root"))
        #expect(rejection?.description == "no policy lets alice request db/root; ask an administrator for access")
        #expect(rejection?.kind == .permissionDenied)
    }
}
