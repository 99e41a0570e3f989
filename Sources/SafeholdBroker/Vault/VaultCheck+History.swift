#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension VaultCheck {
    /// Checks that the workflow history replays to the stored state. The history is written in the
    /// same transaction as every change of a request, so it is one unbroken chain of states from
    /// the `request` step to the current state, in time order, with one step per approval, review
    /// and flag.
    static func historyProblems(_ request: AccessRequest, history: [HistoryEntry]) -> [String] {
        guard let first = history.first, let last = history.last else {
            return ["has no workflow history"]
        }
        var problems: [String] = []
        if first.action != .request || first.oldState != nil {
            problems.append("has a history that does not start with its creation (first step: \(first.action.rawValue))")
        }
        if last.newState != request.state {
            problems.append("is \(request.state.rawValue), but its history ends in \(last.newState.rawValue)")
        }
        for (previous, next) in zip(history, history.dropFirst()) {
            if next.oldState != previous.newState {
                problems.append(
                    "has a history step \(next.action.rawValue) from \(next.oldState?.rawValue ?? "nothing") that follows a step to \(previous.newState.rawValue)"
                )
            }
            if next.at < previous.at {
                problems.append("has a history step \(next.action.rawValue) at \(text(next.at)), before the step before it")
            }
        }
        if first.at < request.requestedAt || last.at > max(request.updatedAt, request.requestedAt) {
            problems.append("has history steps outside its lifetime (\(text(request.requestedAt)) to \(text(request.updatedAt)))")
        }
        return problems + approvalHistoryProblems(request, history: history) + flagHistoryProblems(request, history: history)
    }

    /// Checks that each approval and review is one history step by the same person.
    private static func approvalHistoryProblems(_ request: AccessRequest, history: [HistoryEntry]) -> [String] {
        var problems: [String] = []
        let approveSteps = history.filter { $0.action == .approve }.compactMap(\.actorID)
        if approveSteps.sorted() != request.approvals.map(\.userID).sorted() {
            problems.append("has \(request.approvals.count) approval(s), but its history records \(approveSteps.count) approve step(s) by other users")
        }
        let reviewSteps = history.filter { $0.action == .review }.compactMap(\.actorID)
        if reviewSteps.sorted() != request.reviews.map(\.userID).sorted() {
            problems.append("has \(request.reviews.count) review(s), but its history records \(reviewSteps.count) review step(s) by other users")
        }
        if let granted = history.first(where: { $0.oldState == .pendingApproval && $0.newState != .pendingApproval && $0.action == .approve }),
           request.approvals.isEmpty {
            problems.append("was approved at \(text(granted.at)) but records no approval")
        }
        return problems
    }

    /// Checks that each flag is set by exactly the steps that set it in the workflow.
    private static func flagHistoryProblems(_ request: AccessRequest, history: [HistoryEntry]) -> [String] {
        let flags = request.flags
        let denials = history.filter { $0.action == .deny || $0.action == .revoke }
        let expectations: [(flag: String, isSet: Bool, recorded: Bool)] = [
            ("wasCheckedOut", flags.wasCheckedOut, history.contains { $0.action == .checkOut }),
            ("wasCancelled", flags.wasCancelled, history.contains { $0.action == .cancel }),
            ("wasExpired", flags.wasExpired, history.contains { $0.action == .expire }),
            ("wasDenied", flags.wasDenied, denials.contains { $0.oldState == .pendingApproval }),
            ("wasRevoked", flags.wasRevoked, denials.contains { $0.oldState != .pendingApproval }),
            ("isAcknowledged", request.isAcknowledged, history.contains { $0.action == .remove || $0.action == .resubmit }),
        ]
        var problems: [String] = []
        for expectation in expectations where expectation.isSet != expectation.recorded {
            problems.append(expectation.isSet
                ? "is flagged \(expectation.flag), but its history has no step that sets it"
                : "is not flagged \(expectation.flag), but its history has a step that sets it")
        }
        let closed = history.contains { $0.action == .close }
        if closed != (request.state == .closed) {
            problems.append(closed ? "has a close step in its history but is \(request.state.rawValue)" : "is Closed but its history has no close step")
        }
        return problems
    }
}
