#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

/// Every (state, action, actor role) against the product's action table: who may act, from which
/// states, and to which state. The expectations are written out here, apart from the workflow's
/// own `allowedStates`, so that a change to either shows up.
struct WorkflowTableTests {
    enum Role: String, CaseIterable {
        case requester, approverInSet, approverNotInSet, reviewer, administrator, otherUser

        var user: User {
            switch self {
            case .requester: Fixture.requester
            case .approverInSet: Fixture.approver
            case .approverNotInSet: Fixture.foreignApprover
            case .reviewer: Fixture.reviewer
            case .administrator: Fixture.administrator
            case .otherUser: Fixture.outsider
            }
        }
    }

    static let actions: [WorkflowAction] = [
        .approve, .deny, .revoke, .cancel, .checkOut, .checkIn, .remove,
        .resubmit(newID: RequestID("4f2c00000002")), .review, .close,
    ]

    /// Returns the role that the table names for each action.
    static func permittedRole(_ action: WorkflowAction) -> Role {
        switch action {
        case .approve, .deny, .revoke: .approverInSet
        case .cancel, .checkOut, .checkIn, .remove, .resubmit: .requester
        case .review: .reviewer
        case .close: .administrator
        }
    }

    /// Returns the table's "from" column. The fixture's Approved window starts after "now", so a
    /// check-out from Approved is rejected. Its PendingAcknowledgment request was revoked after
    /// check-out, so it may be resubmitted and reviewed.
    static func fromStates(_ action: WorkflowAction) -> Set<RequestState> {
        switch action {
        case .approve: [.pendingApproval]
        case .deny: [.pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut]
        case .revoke: [.apiKeyCheckedOut]
        case .cancel: [.pendingApproval, .approved, .requestAvailable]
        case .checkOut: [.requestAvailable, .apiKeyCheckedOut]
        case .checkIn: [.apiKeyCheckedOut]
        case .remove, .resubmit: [.pendingAcknowledgment]
        case .review: [.pendingReview, .pendingAcknowledgment]
        case .close: Set(RequestState.allCases).subtracting([.complete, .closed])
        }
    }

    /// Returns the table's "to" column for the fixture (one required approval, one required review,
    /// rotation after check-in).
    static func toState(_ action: WorkflowAction, from state: RequestState) -> RequestState {
        switch action {
        case .approve: .requestAvailable
        case .deny, .revoke: .pendingAcknowledgment
        case .cancel: .complete
        case .checkOut: .apiKeyCheckedOut
        case .checkIn: .pendingKeyReset
        case .remove, .resubmit: .pendingReview
        case .review: state == .pendingAcknowledgment ? .pendingAcknowledgment : .complete
        case .close: .closed
        }
    }

    @Test(arguments: RequestState.allCases)
    func tableMatchesDesign(state: RequestState) {
        let request = Fixture.request(state)
        for action in Self.actions {
            for role in Role.allCases {
                let result = act(action, on: request, by: role.user, comment: "checked")
                let roleAllowed = role == Self.permittedRole(action)
                let allowed = roleAllowed && Self.fromStates(action).contains(state)
                let context = "\(state.rawValue) \(action) by \(role.rawValue)"
                switch result {
                case let .success(transition):
                    #expect(allowed, "accepted \(context)")
                    #expect(transition.request.state == Self.toState(action, from: state), "target of \(context)")
                    #expect(transition.history.last?.actorID == role.user.id, "history actor of \(context)")
                case let .failure(rejection):
                    #expect(!allowed, "rejected \(context): \(rejection)")
                    let kind: WorkflowRejection.Kind = roleAllowed ? .conflict : .permissionDenied
                    #expect(rejection.kind == kind, "kind of \(context): \(rejection)")
                }
            }
        }
    }
}
