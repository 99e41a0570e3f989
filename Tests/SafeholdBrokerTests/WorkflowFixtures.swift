#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdBroker

/// Users, a policy and requests shared by the workflow tests. T0 is a fixed instant, so every test
/// is repeatable; no test reads the clock.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z
    static let hour: TimeInterval = 3600

    static func user(_ name: String, id: String, admin: Bool = false) -> User {
        User(id: UserID(id), name: name, isAdministrator: admin, createdAt: t0)
    }

    static let requester = user("alice", id: "a11ce0000001")
    static let approver = user("bob", id: "b0b000000001")
    static let secondApprover = user("carol", id: "ca7010000001")
    static let reviewer = user("dave", id: "da7e00000001")
    static let secondReviewer = user("erin", id: "e7140000001a")
    static let administrator = user("root", id: "ad0000000001", admin: true)
    static let outsider = user("mallory", id: "0e0000000001")
    static let foreignApprover = user("trent", id: "7e0000000001")

    static let assetID = AssetID("a55e70000001")
    static let accountID = AccountID("acc000000001")
    static let otherAccountID = AccountID("acc000000002")

    /// Returns a policy with one approver set that needs one approval of bob or carol, and one
    /// required review by dave or erin.
    static func policy(
        name: String = "ops", approvals: Int = 1, approvers: [User] = [approver, secondApprover],
        reviews: Int = 1, configure: (inout Policy) -> Void = { _ in }
    ) -> Policy {
        var policy = Policy(
            id: PolicyID("901100000001"), name: name, scopeAssetIDs: [assetID],
            requesterIDs: [requester.id],
            approverSets: [ApproverSet(approverIDs: approvers.map(\.id), requiredApprovals: approvals)],
            reviewerIDs: [reviewer.id, secondReviewer.id], requiredReviews: reviews,
            customDurationAllowed: true, createdAt: t0
        )
        configure(&policy)
        return policy
    }

    static func draft(
        id: String = "4f2c00000001", start: Date? = nil, hours: Double? = nil, ticket: String? = nil,
        reason: String? = nil, emergency: Bool = false, account: AccountID = accountID
    ) -> RequestDraft {
        RequestDraft(
            id: RequestID(id), accountID: account, assetID: assetID, requestedStart: start,
            durationSeconds: hours.map { Int($0 * hour) }, ticketNumber: ticket, reason: reason, isEmergency: emergency
        )
    }

    /// Returns a request in `state` whose window is [t0, t0 + 2 h), with flags that fit the state.
    /// An Approved request's window starts an hour later, at t0 + 1 h.
    static func request(
        _ state: RequestState, id: String = "4f2c00000001", policy: Policy = policy(),
        flags: (inout RequestFlags) -> Void = { _ in }
    ) -> AccessRequest {
        var request = AccessRequest(
            id: RequestID(id), requesterID: requester.id, accountID: accountID, assetID: assetID,
            policyID: policy.id, state: state, requestedAt: t0.addingTimeInterval(-600),
            requestedStart: t0, windowStart: t0, durationSeconds: 2 * 3600, updatedAt: t0
        )
        switch state {
        case .apiKeyCheckedOut, .pendingKeyReset, .pendingReview:
            request.flags.wasCheckedOut = true
        case .pendingAcknowledgment:
            request.flags.wasCheckedOut = true
            request.flags.wasRevoked = true
        case .complete:
            request.flags.wasCancelled = true
        default:
            break
        }
        if state == .approved {
            request.requestedStart = t0.addingTimeInterval(hour)
            request.windowStart = request.requestedStart
        }
        flags(&request.flags)
        return request
    }

    static func at(minutes: Double) -> Date {
        t0.addingTimeInterval(minutes * 60)
    }
}

extension Result {
    var success: Success? {
        if case let .success(value) = self { return value }
        return nil
    }

    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}

/// Applies `action` with the fixture policy at T0 + 30 min unless the caller passes others.
func act(
    _ action: WorkflowAction, on request: AccessRequest, by actor: User, at now: Date = Fixture.at(minutes: 30),
    comment: String? = nil, policy: Policy = Fixture.policy()
) -> Result<Transition, WorkflowRejection> {
    RequestWorkflow.apply(action, to: request, policy: policy, actor: actor, now: now, comment: comment)
}
