#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

struct WorkflowTimeTests {
    let policy = Fixture.policy()

    func nowRequest() -> AccessRequest {
        var request = Fixture.request(.pendingApproval)
        request.requestedAt = Fixture.t0
        request.requestedStart = nil
        request.windowStart = nil
        return request
    }

    @Test func nextDeadlineOfLiveStates() {
        let end = Fixture.at(minutes: 120)
        #expect(RequestWorkflow.nextDeadline(of: Fixture.request(.pendingApproval), policy: policy) == end)
        #expect(RequestWorkflow.nextDeadline(of: nowRequest(), policy: policy) == Fixture.at(minutes: 24 * 60))
        #expect(RequestWorkflow.nextDeadline(of: Fixture.request(.approved), policy: policy) == Fixture.at(minutes: 60))
        #expect(RequestWorkflow.nextDeadline(of: Fixture.request(.requestAvailable), policy: policy) == end)
        #expect(RequestWorkflow.nextDeadline(of: Fixture.request(.apiKeyCheckedOut), policy: policy) == end)
    }

    @Test(arguments: [RequestState.pendingKeyReset, .pendingReview, .pendingAcknowledgment, .complete, .closed])
    func nextDeadlineOfEndedStates(state: RequestState) {
        #expect(RequestWorkflow.nextDeadline(of: Fixture.request(state), policy: policy) == nil)
        #expect(RequestWorkflow.advance(Fixture.request(state), policy: policy, now: Fixture.at(minutes: 100_000)) == nil)
    }

    @Test func advanceWaitsForDeadline() {
        for state in [RequestState.pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut] {
            let request = Fixture.request(state)
            guard let deadline = RequestWorkflow.nextDeadline(of: request, policy: policy) else {
                Issue.record("no deadline for \(state)")
                continue
            }
            #expect(RequestWorkflow.advance(request, policy: policy, now: deadline.addingTimeInterval(-0.001)) == nil, "\(state)")
            #expect(RequestWorkflow.advance(request, policy: policy, now: deadline) != nil, "\(state)")
        }
    }

    @Test func advanceStartsApprovedWindow() {
        let transition = RequestWorkflow.advance(Fixture.request(.approved), policy: policy, now: Fixture.at(minutes: 60))
        #expect(transition?.request.state == .requestAvailable)
        #expect(transition?.request.windowStart == Fixture.at(minutes: 60))
        #expect(transition?.effects == [.notify(.available, recipients: [Fixture.requester.id])])
        #expect(transition?.history.map(\.action) == [.windowStarted])
    }

    @Test func advanceExpiresUnapprovedNowRequest() {
        let deadline = Fixture.at(minutes: 24 * 60)
        let transition = RequestWorkflow.advance(nowRequest(), policy: policy, now: deadline)
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.request.flags.wasExpired == true)
        #expect(transition?.request.updatedAt == deadline)
    }

    @Test func advanceExpiresPendingFixedWindow() {
        let transition = RequestWorkflow.advance(Fixture.request(.pendingApproval), policy: policy, now: Fixture.at(minutes: 120))
        #expect(transition?.request.state == .pendingAcknowledgment)
        #expect(transition?.effects == [.notify(.expired, recipients: [Fixture.requester.id])])
    }

    @Test func remainingNeverNegative() {
        let available = Fixture.request(.requestAvailable)
        #expect(RequestWorkflow.remaining(available, now: Fixture.at(minutes: 30)) == 90 * 60)
        #expect(RequestWorkflow.remaining(available, now: Fixture.at(minutes: 120)) == 0)
        #expect(RequestWorkflow.remaining(available, now: Fixture.at(minutes: 600)) == 0)
        #expect(RequestWorkflow.remaining(Fixture.request(.approved), now: Fixture.t0) == 2 * Fixture.hour)
        #expect(RequestWorkflow.remaining(nowRequest(), now: Fixture.at(minutes: 30 * 60)) == 2 * Fixture.hour)
        #expect(RequestWorkflow.remaining(Fixture.request(.pendingReview), now: Fixture.t0) == 0)
    }

    @Test func expiryNoticeBeforeEnd() {
        #expect(RequestWorkflow.expiryNoticeTime(of: Fixture.request(.apiKeyCheckedOut)) == Fixture.at(minutes: 105))
        #expect(RequestWorkflow.expiryNoticeTime(of: Fixture.request(.approved)) == Fixture.at(minutes: 165))
        #expect(RequestWorkflow.expiryNoticeTime(of: nowRequest()) == nil)
        #expect(RequestWorkflow.expiryNoticeTime(of: Fixture.request(.complete)) == nil)
        #expect(RequestWorkflow.expiryNotice(for: nowRequest()) == .notify(.expiringSoon, recipients: [Fixture.requester.id]))

        var short = Fixture.request(.requestAvailable)
        short.durationSeconds = 600
        #expect(RequestWorkflow.expiryNoticeTime(of: short) == Fixture.t0)
    }
}
