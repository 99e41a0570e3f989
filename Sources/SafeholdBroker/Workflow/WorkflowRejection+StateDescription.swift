#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension WorkflowRejection {
    /// Describes a rejection by role, with what the actor or someone else can do instead.
    static func permissionDescription(id: RequestID, state: RequestState, action: RequestAction, actorName: String, rule: PermissionRule) -> String {
        let subject = "user \(actorName) cannot \(WorkflowText.verb(action)) request \(id) (\(state.rawValue))"
        switch rule {
        case .requesterOnly:
            return "\(subject): only its requester can"
        case let .approverOnly(policyName):
            return "\(subject): policy \"\(policyName)\" does not list them as an approver"
        case let .reviewerOnly(policyName):
            return "\(subject): policy \"\(policyName)\" does not list them as a reviewer"
        case .administratorOnly:
            return "\(subject): only an administrator can"
        case .notOwnRequest:
            return "\(subject) because it is their own request; \(ownRequestAdvice(id: id, action: action))"
        case .approverSetSatisfied:
            return "\(subject): every approver set that lists them already has its approvals, so the request waits for the other sets"
        case .userDisabled:
            return "\(subject): the user is disabled; ask an administrator to enable them"
        }
    }

    private static func ownRequestAdvice(id: RequestID, action: RequestAction) -> String {
        switch action {
        case .approve:
            "another approver must approve it"
        case .review:
            "another reviewer must review it"
        default:
            "cancel it with `safehold cancel \(id)` or check it in with `safehold checkin \(id)` instead"
        }
    }

    /// Describes an action that the request's state does not allow, with the likely next step.
    static func stateDescription(id: RequestID, state: RequestState, action: RequestAction) -> String {
        let subject = "request \(id) is \(state.rawValue)"
        let details = WorkflowText.details(id)
        switch (action, state) {
        case (.checkIn, .requestAvailable):
            return "\(subject), not checked out: nothing to check in; cancel it instead with `safehold cancel \(id)`"
        case (.checkOut, .pendingApproval):
            return "\(subject), not Available: it still waits for approval; \(details)"
        case (.cancel, .apiKeyCheckedOut):
            return "\(subject): its keys were revealed, so it cannot be cancelled; check it in instead with `safehold checkin \(id)`"
        case (.revoke, .pendingApproval), (.revoke, .approved), (.revoke, .requestAvailable):
            return "\(subject), not checked out: nothing to revoke; deny it instead with `safehold deny \(id)`"
        case (.approve, .approved), (.approve, .requestAvailable), (.approve, .apiKeyCheckedOut):
            return "\(subject): it is already approved; \(details)"
        case (.remove, _), (.resubmit, _):
            return "\(subject), not PendingAcknowledgment: nothing to acknowledge; \(details)"
        case (.review, _) where state.isLive:
            return "\(subject): it can be reviewed only after it is released; \(details)"
        case (_, .complete), (_, .closed):
            return "\(subject): it has ended, so it cannot be \(WorkflowText.pastParticiple(action)); \(details)"
        default:
            let allowed = WorkflowText.states(RequestWorkflow.allowedStates(for: action))
            return "\(subject), so it cannot be \(WorkflowText.pastParticiple(action)) (only from \(allowed)); \(details)"
        }
    }
}
