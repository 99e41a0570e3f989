#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The inputs of one action, gathered so that each action's function takes one value.
struct WorkflowStep {
    var request: AccessRequest
    var policy: Policy
    var actor: User
    var now: Date
    var comment: String?
    var action: RequestAction

    func rejectRole(_ rule: PermissionRule) -> WorkflowRejection {
        .notPermitted(request: request.id, state: request.state, action: action, actorName: actor.name, rule: rule)
    }

    var isByRequester: Bool {
        actor.id == request.requesterID
    }
}
