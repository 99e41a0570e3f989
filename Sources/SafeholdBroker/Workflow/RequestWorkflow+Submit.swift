#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension RequestWorkflow {
    /// Validates a draft against its policy and returns the new request in its first state.
    ///
    /// - The requester and the policy are enabled, the policy can work, lists the requester and
    ///   covers the account.
    /// - A ticket number is present when required and matches the policy's pattern in full; a
    ///   reason is present when required. Both are trimmed.
    /// - The duration is positive, at most the policy's maximum, and equal to the default unless
    ///   custom durations are allowed. A draft without a duration gets the default.
    /// - An explicit start lies at most `startGraceSeconds` in the past and before
    ///   now + `startHorizonSeconds`.
    /// - Emergency access needs a policy that allows it.
    /// - Unless the policy allows it, a request of the same requester and account in PendingReview
    ///   blocks new ones.
    /// - The request's window must not overlap `simultaneousReleases` other live requests of the
    ///   account; see `occupiedWindow(of:policy:)` for the windows compared.
    ///
    /// The first state is PendingApproval, or with auto-approve or emergency access Approved (an
    /// explicit start still ahead) or RequestAvailable. Approvers are notified of a pending request
    /// and of emergency access; the requester gets the result as the reply, so no notice.
    public static func submit(
        _ draft: RequestDraft, policy: Policy, requester: User, now: Date, context: SubmissionContext = SubmissionContext()
    ) -> Result<Transition, WorkflowRejection> {
        run { () throws(WorkflowRejection) in
            try checkEntitlement(draft, policy: policy, requester: requester)
            let ticketNumber = try validatedTicketNumber(draft.ticketNumber, policy: policy)
            let reason = normalized(draft.reason)
            if policy.reasonRequired && reason == nil {
                throw .missingField(.reason, policyName: policy.name)
            }
            let duration = try validatedDuration(draft.durationSeconds, policy: policy)
            try checkStart(draft.requestedStart, now: now)
            if draft.isEmergency && !policy.emergencyAccessAllowed {
                throw .emergencyNotAllowed(policyName: policy.name)
            }
            try checkAwaitingReview(draft, policy: policy, requester: requester, context: context)

            var request = AccessRequest(
                id: draft.id, requesterID: requester.id, accountID: draft.accountID, assetID: draft.assetID,
                policyID: policy.id, requestedAt: now, requestedStart: draft.requestedStart,
                windowStart: draft.requestedStart, durationSeconds: duration, ticketNumber: ticketNumber,
                reason: reason, isEmergency: draft.isEmergency, resubmittedFrom: draft.resubmittedFrom, updatedAt: now
            )
            if policy.autoApprove || draft.isEmergency {
                grant(&request, now: now)
            }
            try checkExclusivity(request, policy: policy, context: context, now: now)
            return submissionTransition(request, policy: policy, now: now)
        }
    }

    private static func checkEntitlement(_ draft: RequestDraft, policy: Policy, requester: User) throws(WorkflowRejection) {
        if requester.isDisabled {
            throw .userDisabled(userName: requester.name)
        }
        if policy.isDisabled {
            throw .policyDisabled(policyName: policy.name)
        }
        if case let .failure(rejection) = PolicyValidation.validate(policy) {
            throw rejection
        }
        guard policy.requesterIDs.contains(requester.id) else {
            throw .notRequester(requesterName: requester.name, policyName: policy.name)
        }
        guard policy.covers(account: draft.accountID, assetID: draft.assetID) else {
            throw .outOfScope(policyName: policy.name, accountID: draft.accountID)
        }
    }

    private static func validatedTicketNumber(_ text: String?, policy: Policy) throws(WorkflowRejection) -> String? {
        guard let ticketNumber = normalized(text) else {
            if policy.ticketRequired {
                throw .missingField(.ticketNumber, policyName: policy.name)
            }
            return nil
        }
        // checkEntitlement validated the policy, so the pattern compiles here.
        if let pattern = policy.ticketPattern, let regex = try? Regex(pattern), ticketNumber.wholeMatch(of: regex) == nil {
            throw .ticketMismatch(ticketNumber: ticketNumber, pattern: pattern, policyName: policy.name)
        }
        return ticketNumber
    }

    private static func validatedDuration(_ seconds: Int?, policy: Policy) throws(WorkflowRejection) -> Int {
        guard let seconds else { return policy.defaultDurationSeconds }
        if seconds <= 0 {
            throw .durationNotPositive(seconds: seconds)
        }
        // A fixed-duration policy is checked first: telling such a requester about the maximum
        // would suggest a duration the policy refuses anyway.
        if !policy.customDurationAllowed && seconds != policy.defaultDurationSeconds {
            throw .customDurationNotAllowed(seconds: seconds, defaultSeconds: policy.defaultDurationSeconds, policyName: policy.name)
        }
        if seconds > policy.maximumDurationSeconds {
            throw .durationOverMaximum(seconds: seconds, maximumSeconds: policy.maximumDurationSeconds, policyName: policy.name)
        }
        return seconds
    }

    private static func checkStart(_ start: Date?, now: Date) throws(WorkflowRejection) {
        guard let start else { return }
        if start < now.addingTimeInterval(-TimeInterval(startGraceSeconds)) {
            throw .startInPast(start: start, now: now)
        }
        let latest = now.addingTimeInterval(TimeInterval(startHorizonSeconds))
        if start >= latest {
            throw .startTooLate(start: start, latest: latest)
        }
    }

    private static func checkAwaitingReview(
        _ draft: RequestDraft, policy: Policy, requester: User, context: SubmissionContext
    ) throws(WorkflowRejection) {
        guard !policy.newRequestsWhileAwaitingReview else { return }
        let pending = context.requestsAwaitingReview.first { other in
            other.requesterID == requester.id && other.accountID == draft.accountID
                && other.state == .pendingReview && other.id != draft.id
        }
        if let pending {
            throw .awaitingReview(pending: pending.id)
        }
    }

    private static func submissionTransition(_ request: AccessRequest, policy: Policy, now: Date) -> Transition {
        var effects: [WorkflowEffect] = []
        if request.state == .pendingApproval {
            effects += notify(.pendingApproval, policy.allApproverIDs, except: request.requesterID)
        }
        if request.isEmergency {
            effects += notify(.emergencyAccess, policy.allApproverIDs, except: request.requesterID)
        }
        let entry = HistoryEntry(at: now, actorID: request.requesterID, action: .request, oldState: nil, newState: request.state)
        return Transition(request: request, history: [entry], effects: effects)
    }
}
