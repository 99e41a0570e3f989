#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

struct WorkflowReleaseTests {
    let policy = Fixture.policy()
    let requesterID = Fixture.requester.id
    let reviewers = [Fixture.reviewer.id, Fixture.secondReviewer.id]

    @Test func denyBeforeApproval() {
        let transition = act(.deny, on: Fixture.request(.pendingApproval), by: Fixture.approver, comment: "no ticket").success
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.request.flags.wasDenied == true)
        #expect(transition?.request.flags.wasRevoked == false)
        #expect(transition?.effects == [.notify(.denied, recipients: [requesterID])])
        #expect(transition?.history.first?.comment == "no ticket")
        #expect(transition.map { RequestWorkflow.label(for: $0.request, policy: policy) } == "Denied")
    }

    @Test func denyAfterApprovalRevokesWithoutRotation() {
        let transition = act(.deny, on: Fixture.request(.requestAvailable), by: Fixture.approver).success
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.request.flags.wasRevoked == true)
        #expect(transition?.request.flags.wasDenied == false)
        #expect(transition?.effects == [.notify(.revoked, recipients: [requesterID])])
        #expect(transition.map { RequestWorkflow.label(for: $0.request, policy: policy) } == "Revoked")
    }

    @Test func denyAfterCheckOutRotates() {
        let transition = act(.deny, on: Fixture.request(.apiKeyCheckedOut), by: Fixture.approver).success
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.request.flags.wasRevoked == true)
        #expect(transition?.effects == [
            .rotateRevealedKeys(trigger: .revocation),
            .notify(.revoked, recipients: [requesterID]),
            .notify(.pendingReview, recipients: reviewers),
        ])
    }

    @Test func revokeMatchesDenyAfterCheckOut() {
        let request = Fixture.request(.apiKeyCheckedOut)
        let revoked = act(.revoke, on: request, by: Fixture.secondApprover).success
        let denied = act(.deny, on: request, by: Fixture.secondApprover).success
        #expect(revoked?.request == denied?.request)
        #expect(revoked?.effects == denied?.effects)
        #expect(revoked?.history.first?.action == .revoke)
    }

    @Test func denyByRequesterRejected() {
        let policy = Fixture.policy(approvers: [Fixture.requester, Fixture.approver])
        let rejection = act(.deny, on: Fixture.request(.pendingApproval), by: Fixture.requester, policy: policy).failure
        #expect(rejection?.kind == .permissionDenied)
    }

    @Test func expiryBeforeCheckOutDoesNotRotate() {
        let request = Fixture.request(.approved)
        let end = Fixture.at(minutes: 180)

        let transition = RequestWorkflow.advance(request, policy: policy, now: end)
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.request.flags.wasExpired == true)
        #expect(transition?.effects == [.notify(.expired, recipients: [requesterID])])
        #expect(transition?.history == [HistoryEntry(at: end, actorID: nil, action: .expire, oldState: .approved, newState: .pendingAcknowledgment)])
        #expect(transition.map { RequestWorkflow.label(for: $0.request, policy: policy) } == "Expired")
    }

    @Test func expiryAfterCheckOutRotates() {
        let transition = RequestWorkflow.advance(Fixture.request(.apiKeyCheckedOut), policy: policy, now: Fixture.at(minutes: 120))
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.effects.first == .rotateRevealedKeys(trigger: .expiry))
    }

    @Test func checkOutMarksRequest() {
        let transition = act(.checkOut, on: Fixture.request(.requestAvailable), by: Fixture.requester).success
        #expect(transition?.request.state == .apiKeyCheckedOut)
        #expect(transition?.request.flags.wasCheckedOut == true)
        #expect(transition?.effects == [])
    }

    @Test func checkOutBeforeWindowRejected() {
        let request = Fixture.request(.approved)
        let rejection = act(.checkOut, on: request, by: Fixture.requester).failure
        #expect(rejection == .windowNotStarted(request: request.id, state: .approved, start: Fixture.at(minutes: 60)))
        #expect(rejection?.description == "request 4f2c00000001 is Approved, not Available: its window starts at 2026-01-01T13:00:00Z; run `safehold details 4f2c00000001`")
    }

    @Test func checkOutCatchesUpWindowStart() {
        let transition = act(.checkOut, on: Fixture.request(.approved), by: Fixture.requester, at: Fixture.at(minutes: 61)).success
        #expect(transition?.request.state == .apiKeyCheckedOut)
        #expect(transition?.history.map(\.action) == [.windowStarted, .checkOut])
        #expect(transition?.history.map(\.oldState) == [.approved, .requestAvailable])
        #expect(transition?.effects == [])
    }

    @Test func checkOutAfterWindowRejected() {
        let rejection = act(.checkOut, on: Fixture.request(.requestAvailable), by: Fixture.requester, at: Fixture.at(minutes: 120)).failure
        #expect(rejection?.kind == .expired)
    }

    @Test func checkInRotatesThenFinishes() {
        let checkedIn = act(.checkIn, on: Fixture.request(.apiKeyCheckedOut), by: Fixture.requester).success
        #expect(checkedIn?.request.state == .pendingKeyReset)
        #expect(checkedIn?.effects == [.rotateRevealedKeys(trigger: .checkIn)])
        guard let rotating = checkedIn?.request else { return }
        #expect(RequestWorkflow.label(for: rotating, policy: policy) == "Checked in (rotating)")

        let finished = RequestWorkflow.finishRotation(rotating, policy: policy, now: Fixture.at(minutes: 31)).success
        #expect(finished?.request.state == .pendingReview)
        #expect(finished?.effects == [.notify(.pendingReview, recipients: reviewers)])
        #expect(finished?.history.first?.actorID == nil)
        guard let awaiting = finished?.request else { return }

        let reviewed = act(.review, on: awaiting, by: Fixture.reviewer, at: Fixture.at(minutes: 40)).success?.request
        #expect(reviewed?.state == .complete)
        #expect(reviewed.map { RequestWorkflow.label(for: $0, policy: policy) } == "Reviewed")
    }

    @Test func checkInWithoutRotation() {
        let policy = Fixture.policy { $0.rotateAfterCheckIn = false }
        let transition = act(.checkIn, on: Fixture.request(.apiKeyCheckedOut), by: Fixture.requester, policy: policy).success
        #expect(transition?.request.state == .pendingReview)
        #expect(transition?.effects == [.notify(.pendingReview, recipients: reviewers)])

        let noReviews = Fixture.policy(reviews: 0) { $0.rotateAfterCheckIn = false }
        let complete = act(.checkIn, on: Fixture.request(.apiKeyCheckedOut), by: Fixture.requester, policy: noReviews).success
        #expect(complete?.request.state == .complete)
        #expect(complete?.effects == [])
    }

    @Test func checkInFromAvailableSaysCancel() {
        let rejection = act(.checkIn, on: Fixture.request(.requestAvailable), by: Fixture.requester).failure
        #expect(rejection?.description == "request 4f2c00000001 is RequestAvailable, not checked out: nothing to check in; cancel it instead with `safehold cancel 4f2c00000001`")
    }

    @Test func finishRotationOnlyWhileRotating() {
        let rejection = RequestWorkflow.finishRotation(Fixture.request(.pendingReview), policy: policy, now: Fixture.t0).failure
        #expect(rejection?.kind == .conflict)
    }

    @Test func cancelCompletesRequest() {
        let request = act(.cancel, on: Fixture.request(.approved), by: Fixture.requester).success?.request
        #expect(request?.state == .complete)
        #expect(request?.flags.wasCancelled == true)
        #expect(request.map { RequestWorkflow.label(for: $0, policy: policy) } == "Complete")
    }

    @Test func removeAcknowledges() {
        let request = act(.remove, on: Fixture.request(.pendingAcknowledgment), by: Fixture.requester).success?.request
        #expect(request?.state == .pendingReview)
        #expect(request?.isRemoved == true)
        #expect(request?.isAcknowledged == true)
    }

    @Test func resubmitDraftsNewRequest() {
        var denied = Fixture.request(.pendingAcknowledgment) { flags in
            flags = RequestFlags()
            flags.wasDenied = true
        }
        denied.ticketNumber = "INC-7"
        denied.reason = "deploy"
        denied.durationSeconds = 3 * 3600
        let newID = RequestID("4f2c00000002")

        let transition = act(.resubmit(newID: newID), on: denied, by: Fixture.requester).success
        #expect(transition?.request.state == .complete)
        #expect(transition?.request.isAcknowledged == true)
        let draft = RequestDraft(
            id: newID, accountID: Fixture.accountID, assetID: Fixture.assetID, durationSeconds: 3 * 3600,
            ticketNumber: "INC-7", reason: "deploy", resubmittedFrom: denied.id
        )
        #expect(transition?.resubmission == draft)

        let resubmitted = RequestWorkflow.submit(draft, policy: policy, requester: Fixture.requester, now: Fixture.at(minutes: 30)).success?.request
        #expect(resubmitted?.resubmittedFrom == denied.id)
        #expect(resubmitted?.state == .pendingApproval)
    }

    @Test func resubmitExpiredRejected() {
        let expired = Fixture.request(.pendingAcknowledgment) { flags in
            flags = RequestFlags()
            flags.wasExpired = true
        }
        let rejection = act(.resubmit(newID: RequestID("4f2c00000002")), on: expired, by: Fixture.requester).failure
        #expect(rejection == .notResubmittable(request: expired.id))
    }

    @Test func noReviewAfterDenialBeforeCheckOut() {
        guard let denied = act(.deny, on: Fixture.request(.pendingApproval), by: Fixture.approver).success?.request else {
            Issue.record("deny rejected")
            return
        }
        #expect(act(.review, on: denied, by: Fixture.reviewer).failure == .noReviewOwed(request: denied.id, state: .pendingAcknowledgment))
        #expect(act(.remove, on: denied, by: Fixture.requester).success?.request.state == .complete)
    }

    @Test func reviewDuringAcknowledgment() {
        let revoked = Fixture.request(.pendingAcknowledgment)
        let reviewed = act(.review, on: revoked, by: Fixture.reviewer).success?.request
        #expect(reviewed?.state == .pendingAcknowledgment)
        guard let reviewed else { return }
        #expect(act(.remove, on: reviewed, by: Fixture.requester).success?.request.state == .complete)
    }

    @Test func reviewsCountDistinctReviewers() {
        let policy = Fixture.policy(reviews: 2)
        let request = Fixture.request(.pendingReview, policy: policy)
        guard let once = act(.review, on: request, by: Fixture.reviewer, policy: policy).success?.request else {
            Issue.record("review rejected")
            return
        }
        #expect(once.state == .pendingReview)
        #expect(act(.review, on: once, by: Fixture.reviewer, policy: policy).failure == .alreadyReviewed(request: request.id, reviewerName: "dave"))
        #expect(act(.review, on: once, by: Fixture.secondReviewer, policy: policy).success?.request.state == .complete)
    }

    @Test func reviewByRequesterRejected() {
        let policy = Fixture.policy { $0.reviewerIDs.append(Fixture.requester.id) }
        let rejection = act(.review, on: Fixture.request(.pendingReview), by: Fixture.requester, policy: policy).failure
        #expect(rejection == .notPermitted(request: RequestID("4f2c00000001"), state: .pendingReview, action: .review, actorName: "alice", rule: .notOwnRequest))
    }

    @Test func reviewCommentRequired() {
        let policy = Fixture.policy { $0.reviewCommentRequired = true }
        let request = Fixture.request(.pendingReview)
        #expect(act(.review, on: request, by: Fixture.reviewer, comment: " ", policy: policy).failure == .commentRequired(request: request.id, action: .review))
        #expect(act(.review, on: request, by: Fixture.reviewer, comment: "fine", policy: policy).success?.request.reviews.first?.comment == "fine")
    }

    @Test func closeNeedsComment() {
        let request = Fixture.request(.pendingReview)
        #expect(act(.close, on: request, by: Fixture.administrator).failure == .commentRequired(request: request.id, action: .close))
        let closed = act(.close, on: request, by: Fixture.administrator, comment: "stuck").success?.request
        #expect(closed?.state == .closed)
        #expect(closed?.closeComment == "stuck")
    }

    @Test func closeCheckedOutRotates() {
        let transition = act(.close, on: Fixture.request(.apiKeyCheckedOut), by: Fixture.administrator, comment: "left the company").success
        #expect(transition?.effects == [.rotateRevealedKeys(trigger: .close), .notify(.closed, recipients: [requesterID])])
    }
}
