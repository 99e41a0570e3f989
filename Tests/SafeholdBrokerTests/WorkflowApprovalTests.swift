#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

struct WorkflowApprovalTests {
    @Test func approvalByRequesterIsIgnored() {
        let policy = Fixture.policy(approvers: [Fixture.requester, Fixture.approver])
        let request = Fixture.request(.pendingApproval, policy: policy)
        var adminRequester = Fixture.requester
        adminRequester.isAdministrator = true

        for actor in [Fixture.requester, adminRequester] {
            let rejection = act(.approve, on: request, by: actor, policy: policy).failure
            #expect(rejection == .notPermitted(request: request.id, state: .pendingApproval, action: .approve, actorName: "alice", rule: .notOwnRequest))
            #expect(rejection?.kind == .permissionDenied)
        }
        #expect(RequestWorkflow.label(for: request, policy: policy) == "Pending (1 approval)")
    }

    @Test func sameApproverTwiceCountsOnce() {
        let policy = Fixture.policy(approvals: 2)
        let request = Fixture.request(.pendingApproval, policy: policy)

        let first = act(.approve, on: request, by: Fixture.approver, policy: policy).success
        #expect(first?.request.state == .pendingApproval)
        #expect(first?.request.approvals.count == 1)
        guard let pending = first?.request else { return }

        let second = act(.approve, on: pending, by: Fixture.approver, policy: policy)
        #expect(second.failure == .alreadyApproved(request: request.id, approverName: "bob"))
        #expect(RequestWorkflow.label(for: pending, policy: policy) == "Pending (1 approval)")

        let third = act(.approve, on: pending, by: Fixture.secondApprover, policy: policy).success
        #expect(third?.request.state == .requestAvailable)
    }

    @Test func approverInTwoSetsCountsOnce() {
        let policy = Fixture.policy { policy in
            policy.approverSets = [
                ApproverSet(approverIDs: [Fixture.approver.id, Fixture.secondApprover.id]),
                ApproverSet(approverIDs: [Fixture.approver.id, Fixture.foreignApprover.id]),
            ]
        }
        let request = Fixture.request(.pendingApproval, policy: policy)
        #expect(RequestWorkflow.label(for: request, policy: policy) == "Pending (2 approvals)")

        let first = act(.approve, on: request, by: Fixture.approver, policy: policy).success
        #expect(first?.request.state == .pendingApproval)
        #expect(first?.request.approvals.map(\.setIndex) == [0])
        guard let pending = first?.request else { return }
        #expect(RequestWorkflow.label(for: pending, policy: policy) == "Pending (1 approval)")
        #expect(act(.approve, on: pending, by: Fixture.approver, policy: policy).failure?.kind == .conflict)

        let second = act(.approve, on: pending, by: Fixture.foreignApprover, policy: policy).success
        #expect(second?.request.state == .requestAvailable)
        #expect(second?.request.approvals.map(\.setIndex) == [0, 1])
    }

    @Test func approvalInSatisfiedSetRejected() {
        let policy = Fixture.policy { policy in
            policy.approverSets = [
                ApproverSet(approverIDs: [Fixture.approver.id, Fixture.secondApprover.id]),
                ApproverSet(approverIDs: [Fixture.foreignApprover.id]),
            ]
        }
        let request = Fixture.request(.pendingApproval, policy: policy)
        guard let pending = act(.approve, on: request, by: Fixture.secondApprover, policy: policy).success?.request else {
            Issue.record("first approval rejected")
            return
        }

        let rejection = act(.approve, on: pending, by: Fixture.approver, policy: policy).failure
        #expect(rejection == .notPermitted(request: request.id, state: .pendingApproval, action: .approve, actorName: "bob", rule: .approverSetSatisfied))
    }

    @Test func usersMatchedByID() {
        let impostor = Fixture.user("bob", id: "b0b000000002")
        let request = Fixture.request(.pendingApproval)

        let rejection = act(.approve, on: request, by: impostor).failure
        #expect(rejection?.kind == .permissionDenied)
        #expect(act(.approve, on: request, by: Fixture.approver).success?.request.approvals.first?.userID == Fixture.approver.id)
    }

    @Test func approvalAfterWindowEndRejected() {
        let request = Fixture.request(.pendingApproval)
        let end = Fixture.t0.addingTimeInterval(2 * Fixture.hour)

        let late = act(.approve, on: request, by: Fixture.approver, at: end.addingTimeInterval(0.001)).failure
        #expect(late == .expired(request: request.id, state: .pendingApproval, action: .approve, deadline: end))
        #expect(late?.kind == .expired)

        let inTime = act(.approve, on: request, by: Fixture.approver, at: end.addingTimeInterval(-0.001))
        #expect(inTime.success?.request.state == .requestAvailable)
    }

    @Test func approvalAfterTimeoutRejected() {
        var request = Fixture.request(.pendingApproval)
        request.requestedAt = Fixture.t0
        request.requestedStart = nil
        request.windowStart = nil
        let deadline = Fixture.t0.addingTimeInterval(24 * Fixture.hour)

        let late = act(.approve, on: request, by: Fixture.approver, at: deadline.addingTimeInterval(0.001)).failure
        #expect(late == .expired(request: request.id, state: .pendingApproval, action: .approve, deadline: deadline))
    }

    @Test func nowWindowStartsAtApproval() {
        let policy = Fixture.policy()
        let submitted = RequestWorkflow.submit(Fixture.draft(hours: 3), policy: policy, requester: Fixture.requester, now: Fixture.t0)
        guard let pending = submitted.success?.request else {
            Issue.record("submit rejected: \(String(describing: submitted.failure))")
            return
        }
        #expect(pending.windowStart == nil)

        let approved = act(.approve, on: pending, by: Fixture.approver, at: Fixture.at(minutes: 30), policy: policy).success?.request
        #expect(approved?.state == .requestAvailable)
        #expect(approved?.windowStart == Fixture.at(minutes: 30))
        #expect(approved?.windowEnd == Fixture.at(minutes: 210))
    }

    @Test func fixedWindowKeepsStart() {
        let policy = Fixture.policy()
        let draft = Fixture.draft(start: Fixture.t0, hours: 3)
        guard let pending = RequestWorkflow.submit(draft, policy: policy, requester: Fixture.requester, now: Fixture.t0).success?.request else {
            Issue.record("submit rejected")
            return
        }

        let approved = act(.approve, on: pending, by: Fixture.approver, at: Fixture.at(minutes: 30), policy: policy).success?.request
        #expect(approved?.windowStart == Fixture.t0)
        #expect(approved?.windowEnd == Fixture.at(minutes: 180))
    }

    @Test func approvalBeforeStartIsApproved() {
        var request = Fixture.request(.pendingApproval)
        request.requestedStart = Fixture.at(minutes: 60)
        request.windowStart = request.requestedStart

        let transition = act(.approve, on: request, by: Fixture.approver).success
        #expect(transition?.request.state == .approved)
        #expect(transition?.effects == [.notify(.approved, recipients: [Fixture.requester.id])])
        #expect(transition?.history.map(\.action) == [.approve])
    }

    @Test func approvalRecordsComment() {
        let transition = act(.approve, on: Fixture.request(.pendingApproval), by: Fixture.approver, comment: "  ok for INC-7 \n").success
        #expect(transition?.request.approvals.first?.comment == "ok for INC-7")
        #expect(transition?.history.first?.comment == "ok for INC-7")
        #expect(transition?.effects == [.notify(.available, recipients: [Fixture.requester.id])])
    }

    @Test func disabledApproverRejected() {
        var approver = Fixture.approver
        approver.isDisabled = true

        let rejection = act(.approve, on: Fixture.request(.pendingApproval), by: approver).failure
        #expect(rejection?.kind == .permissionDenied)
    }
}
