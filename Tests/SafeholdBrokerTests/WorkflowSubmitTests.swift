#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

struct WorkflowSubmitTests {
    func submit(
        _ draft: RequestDraft, policy: Policy = Fixture.policy(), now: Date = Fixture.t0,
        context: SubmissionContext = SubmissionContext()
    ) -> Result<Transition, WorkflowRejection> {
        RequestWorkflow.submit(draft, policy: policy, requester: Fixture.requester, now: now, context: context)
    }

    @Test func submitPendingNotifiesApprovers() {
        let transition = submit(Fixture.draft()).success
        #expect(transition?.request.state == .pendingApproval)
        #expect(transition?.request.durationSeconds == 2 * 3600)
        #expect(transition?.request.requestedAt == Fixture.t0)
        #expect(transition?.effects == [.notify(.pendingApproval, recipients: [Fixture.approver.id, Fixture.secondApprover.id])])
        #expect(transition?.history == [HistoryEntry(at: Fixture.t0, actorID: Fixture.requester.id, action: .request, oldState: nil, newState: .pendingApproval)])
    }

    @Test func submitAutoApproveNowIsAvailable() {
        let policy = Fixture.policy { $0.autoApprove = true }
        let request = submit(Fixture.draft(), policy: policy).success?.request
        #expect(request?.state == .requestAvailable)
        #expect(request?.windowStart == Fixture.t0)
    }

    @Test func submitAutoApproveLaterIsApproved() {
        let policy = Fixture.policy { $0.autoApprove = true }
        let transition = submit(Fixture.draft(start: Fixture.at(minutes: 90)), policy: policy).success
        #expect(transition?.request.state == .approved)
        #expect(transition?.request.windowStart == Fixture.at(minutes: 90))
        #expect(transition?.effects == [])
    }

    @Test func submitEmergencyNotifiesApprovers() {
        let policy = Fixture.policy { $0.emergencyAccessAllowed = true }
        let transition = submit(Fixture.draft(emergency: true), policy: policy).success
        #expect(transition?.request.state == .requestAvailable)
        #expect(transition?.request.isEmergency == true)
        #expect(transition?.effects == [.notify(.emergencyAccess, recipients: [Fixture.approver.id, Fixture.secondApprover.id])])
    }

    @Test func submitEmergencyNotAllowed() {
        #expect(submit(Fixture.draft(emergency: true)).failure == .emergencyNotAllowed(policyName: "ops"))
    }

    @Test func startBeforeNowRejected() {
        let start = Fixture.t0.addingTimeInterval(-61)
        let rejection = submit(Fixture.draft(start: start)).failure
        #expect(rejection == .startInPast(start: start, now: Fixture.t0))
        #expect(rejection?.kind == .invalidInput)

        let withinGrace = submit(Fixture.draft(start: Fixture.t0.addingTimeInterval(-59))).success?.request
        #expect(withinGrace?.windowStart == Fixture.t0.addingTimeInterval(-59))
    }

    @Test func startAfterLimitRejected() {
        let latest = Fixture.t0.addingTimeInterval(31 * 86_400)
        #expect(submit(Fixture.draft(start: latest)).failure == .startTooLate(start: latest, latest: latest))
        #expect(submit(Fixture.draft(start: latest.addingTimeInterval(-1))).success?.request.state == .pendingApproval)
    }

    @Test func durationOverMaximumRejected() {
        let rejection = submit(Fixture.draft(hours: 7 * 24 + 1)).failure
        #expect(rejection == .durationOverMaximum(seconds: (7 * 24 + 1) * 3600, maximumSeconds: 7 * 86_400, policyName: "ops"))
        #expect(submit(Fixture.draft(hours: 7 * 24)).success?.request.durationSeconds == 7 * 86_400)
    }

    @Test func durationNotDefaultRejected() {
        let policy = Fixture.policy { $0.customDurationAllowed = false }
        let rejection = submit(Fixture.draft(hours: 3), policy: policy).failure
        #expect(rejection == .customDurationNotAllowed(seconds: 3 * 3600, defaultSeconds: 2 * 3600, policyName: "ops"))
        #expect(submit(Fixture.draft(hours: 2), policy: policy).success != nil)
        #expect(submit(Fixture.draft(), policy: policy).success?.request.durationSeconds == 2 * 3600)
    }

    @Test func durationZeroRejected() {
        #expect(submit(Fixture.draft(hours: 0)).failure == .durationNotPositive(seconds: 0))
    }

    @Test func ticketRequiredAndMatched() {
        let policy = Fixture.policy { policy in
            policy.ticketRequired = true
            policy.ticketPattern = "INC-[0-9]+"
        }
        #expect(submit(Fixture.draft(ticket: "  "), policy: policy).failure == .missingField(.ticketNumber, policyName: "ops"))
        #expect(submit(Fixture.draft(ticket: "INC-12x"), policy: policy).failure == .ticketMismatch(ticketNumber: "INC-12x", pattern: "INC-[0-9]+", policyName: "ops"))
        #expect(submit(Fixture.draft(ticket: "xINC-12"), policy: policy).failure?.kind == .invalidInput)
        #expect(submit(Fixture.draft(ticket: " INC-12 "), policy: policy).success?.request.ticketNumber == "INC-12")
    }

    @Test func reasonRequired() {
        let policy = Fixture.policy { $0.reasonRequired = true }
        #expect(submit(Fixture.draft(), policy: policy).failure == .missingField(.reason, policyName: "ops"))
        #expect(submit(Fixture.draft(reason: "deploy"), policy: policy).success?.request.reason == "deploy")
    }

    @Test func entitlementChecked() {
        let notListed = Fixture.policy { $0.requesterIDs = [Fixture.outsider.id] }
        #expect(submit(Fixture.draft(), policy: notListed).failure == .notRequester(requesterName: "alice", policyName: "ops"))

        let otherScope = Fixture.policy { $0.scopeAssetIDs = [AssetID("a55e70000002")] }
        #expect(submit(Fixture.draft(), policy: otherScope).failure == .outOfScope(policyName: "ops", accountID: Fixture.accountID))

        let disabled = Fixture.policy { $0.isDisabled = true }
        #expect(submit(Fixture.draft(), policy: disabled).failure == .policyDisabled(policyName: "ops"))

        let broken = Fixture.policy { $0.approverSets = [] }
        #expect(submit(Fixture.draft(), policy: broken).failure == .invalidPolicy(policyName: "ops", problems: [.noApproverSet]))
    }

    @Test func overlapNamesConflictingRequest() {
        let holder = Fixture.request(.requestAvailable, id: "77aa00000001")
        let context = SubmissionContext(accountRequests: [holder])
        let start = Fixture.at(minutes: 60)

        let rejection = submit(Fixture.draft(start: start), context: context).failure
        let holderWindow = DateInterval(start: Fixture.t0, duration: 2 * Fixture.hour)
        let requested = DateInterval(start: start, duration: 2 * Fixture.hour)
        #expect(rejection == .windowConflict(conflicting: holder.id, conflictingWindow: holderWindow, requestedWindow: requested, limit: 1))
        #expect(rejection?.description.contains("request 77aa00000001 (2026-01-01T12:00:00Z to 2026-01-01T14:00:00Z)") == true)

        let afterEnd = submit(Fixture.draft(start: Fixture.at(minutes: 120)), context: context)
        #expect(afterEnd.success?.request.state == .pendingApproval)
    }

    @Test func pendingNowRequestHoldsPotentialWindow() {
        var waiting = Fixture.request(.pendingApproval, id: "77aa00000002")
        waiting.requestedAt = Fixture.t0
        waiting.requestedStart = nil
        waiting.windowStart = nil
        let context = SubmissionContext(accountRequests: [waiting])

        // Approval may come up to 24 h later, and then the window runs 2 h.
        let inside = submit(Fixture.draft(start: Fixture.at(minutes: 25 * 60)), context: context).failure
        #expect(inside?.kind == .conflict)
        let after = submit(Fixture.draft(start: Fixture.at(minutes: 26 * 60)), context: context)
        #expect(after.success != nil)
    }

    @Test func pendingNowDraftHoldsPotentialWindow() {
        let later = Fixture.request(.approved, id: "77aa00000003")
        let rejection = submit(Fixture.draft(), context: SubmissionContext(accountRequests: [later])).failure
        #expect(rejection?.kind == .conflict)
    }

    @Test func simultaneousReleasesAllowOverlap() {
        let policy = Fixture.policy { $0.simultaneousReleases = 2 }
        let first = Fixture.request(.requestAvailable, id: "77aa00000001")
        var second = Fixture.request(.approved, id: "77aa00000002")
        second.windowStart = Fixture.at(minutes: 120)
        second.requestedStart = second.windowStart
        let start = Fixture.at(minutes: 60)

        // The two holders follow each other, so at most one of them overlaps any moment.
        let sequential = SubmissionContext(accountRequests: [first, second])
        #expect(submit(Fixture.draft(start: start, hours: 3), policy: policy, context: sequential).success != nil)

        second.windowStart = Fixture.at(minutes: 90)
        second.requestedStart = second.windowStart
        let overlapping = SubmissionContext(accountRequests: [first, second])
        let rejection = submit(Fixture.draft(start: start, hours: 3), policy: policy, context: overlapping).failure
        #expect(rejection?.kind == .conflict)
        if case let .windowConflict(conflicting, _, _, limit) = rejection {
            #expect(conflicting == first.id)
            #expect(limit == 2)
        } else {
            Issue.record("expected a window conflict, got \(String(describing: rejection))")
        }
    }

    @Test func overlapIgnoresUnrelatedRequests() {
        var otherAccount = Fixture.request(.requestAvailable, id: "77aa00000001")
        otherAccount.accountID = Fixture.otherAccountID
        let ended = Fixture.request(.complete, id: "77aa00000002")
        var pastDeadline = Fixture.request(.requestAvailable, id: "77aa00000003")
        pastDeadline.windowStart = Fixture.t0.addingTimeInterval(-2 * Fixture.hour + 30)
        let context = SubmissionContext(accountRequests: [otherAccount, ended, pastDeadline])

        #expect(submit(Fixture.draft(start: Fixture.t0), now: Fixture.at(minutes: 1), context: context).success != nil)
    }

    @Test func pendingReviewBlocksNewRequest() {
        let awaiting = Fixture.request(.pendingReview, id: "77aa00000009")
        let context = SubmissionContext(requestsAwaitingReview: [awaiting])
        #expect(submit(Fixture.draft(), context: context).failure == .awaitingReview(pending: awaiting.id))

        let lenient = Fixture.policy { $0.newRequestsWhileAwaitingReview = true }
        #expect(submit(Fixture.draft(), policy: lenient, context: context).success != nil)

        var otherAccount = awaiting
        otherAccount.accountID = Fixture.otherAccountID
        #expect(submit(Fixture.draft(), context: SubmissionContext(requestsAwaitingReview: [otherAccount])).success != nil)
    }

    @Test func disabledRequesterRejected() {
        var requester = Fixture.requester
        requester.isDisabled = true
        let result = RequestWorkflow.submit(Fixture.draft(), policy: Fixture.policy(), requester: requester, now: Fixture.t0)
        #expect(result.failure == .userDisabled(userName: "alice"))
    }
}
