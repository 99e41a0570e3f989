#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import Testing
@testable import SafeholdBroker

struct WorkflowMessageTests {
    static let id = RequestID("4f2c00000001")
    static let window = DateInterval(start: Fixture.t0, duration: 7200)

    /// One value of every rejection case, with its expected kind.
    static let rejections: [(WorkflowRejection, WorkflowRejection.Kind)] = [
        (.invalidPolicy(policyName: "ops", problems: [.noRequesters]), .invalidInput),
        (.noPolicy(requesterName: "alice", target: "db/root"), .permissionDenied),
        (.notRequester(requesterName: "alice", policyName: "ops"), .permissionDenied),
        (.outOfScope(policyName: "ops", accountID: Fixture.accountID), .permissionDenied),
        (.policyDisabled(policyName: "ops"), .permissionDenied),
        (.userDisabled(userName: "alice"), .permissionDenied),
        (.missingField(.ticketNumber, policyName: "ops"), .invalidInput),
        (.ticketMismatch(ticketNumber: "x", pattern: "INC-[0-9]+", policyName: "ops"), .invalidInput),
        (.durationNotPositive(seconds: 0), .invalidInput),
        (.durationOverMaximum(seconds: 691_200, maximumSeconds: 604_800, policyName: "ops"), .invalidInput),
        (.customDurationNotAllowed(seconds: 5400, defaultSeconds: 7200, policyName: "ops"), .invalidInput),
        (.startInPast(start: Fixture.t0, now: Fixture.at(minutes: 5)), .invalidInput),
        (.startTooLate(start: Fixture.t0, latest: Fixture.t0), .invalidInput),
        (.emergencyNotAllowed(policyName: "ops"), .permissionDenied),
        (.windowConflict(conflicting: id, conflictingWindow: window, requestedWindow: window, limit: 1), .conflict),
        (.awaitingReview(pending: id), .conflict),
        (.notPermitted(request: id, state: .pendingApproval, action: .approve, actorName: "bob", rule: .requesterOnly), .permissionDenied),
        (.invalidState(request: id, state: .complete, action: .checkIn), .conflict),
        (.windowNotStarted(request: id, state: .approved, start: Fixture.t0), .conflict),
        (.expired(request: id, state: .requestAvailable, action: .checkOut, deadline: Fixture.t0), .expired),
        (.alreadyApproved(request: id, approverName: "bob"), .conflict),
        (.alreadyReviewed(request: id, reviewerName: "dave"), .conflict),
        (.noReviewOwed(request: id, state: .complete), .conflict),
        (.commentRequired(request: id, action: .close), .invalidInput),
        (.notResubmittable(request: id), .conflict),
        (.rotating(request: id), .rotating),
    ]

    @Test func everyRejectionHasSentenceAndKind() {
        for (rejection, kind) in Self.rejections {
            #expect(rejection.kind == kind, "\(rejection)")
            #expect(rejection.description != "request rejected", "\(rejection)")
            #expect(!rejection.description.isEmpty)
        }
    }

    @Test func requestMessagesNameRequest() {
        for (rejection, _) in Self.rejections {
            switch rejection {
            case .notPermitted, .invalidState, .windowNotStarted, .expired, .alreadyApproved, .alreadyReviewed,
                 .noReviewOwed, .commentRequired, .notResubmittable, .rotating, .awaitingReview, .windowConflict:
                #expect(rejection.description.contains("4f2c00000001"), "\(rejection)")
            default:
                continue
            }
        }
    }

    @Test func messagesSayWhatToDo() {
        let expectations: [(WorkflowRejection, String)] = [
            (.invalidState(request: Self.id, state: .apiKeyCheckedOut, action: .cancel),
             "request 4f2c00000001 is ApiKeyCheckedOut: its keys were revealed, so it cannot be cancelled; check it in instead with `safehold checkin 4f2c00000001`"),
            (.invalidState(request: Self.id, state: .requestAvailable, action: .revoke),
             "request 4f2c00000001 is RequestAvailable, not checked out: nothing to revoke; deny it instead with `safehold deny 4f2c00000001`"),
            (.invalidState(request: Self.id, state: .pendingKeyReset, action: .checkOut),
             "request 4f2c00000001 is PendingKeyReset, so it cannot be checked out (only from RequestAvailable or ApiKeyCheckedOut); run `safehold details 4f2c00000001`"),
            (.expired(request: Self.id, state: .pendingApproval, action: .approve, deadline: Fixture.t0),
             "request 4f2c00000001 is PendingApproval, but approval did not come before 2026-01-01T12:00:00Z, so it cannot be approved; the broker ends it as expired; run `safehold details 4f2c00000001`"),
            (.durationOverMaximum(seconds: 691_200, maximumSeconds: 604_800, policyName: "ops"),
             "duration 8d is longer than the maximum of 7d that policy \"ops\" allows; ask for 7d or less"),
            (.customDurationNotAllowed(seconds: 5400, defaultSeconds: 7200, policyName: "ops"),
             "policy \"ops\" allows only its default duration of 2h, not 1h30m; omit --for"),
            (.notPermitted(request: Self.id, state: .pendingApproval, action: .approve, actorName: "alice", rule: .notOwnRequest),
             "user alice cannot approve request 4f2c00000001 (PendingApproval) because it is their own request; another approver must approve it"),
        ]
        for (rejection, message) in expectations {
            #expect(rejection.description == message)
        }
    }

    @Test func labelsFollowStates() {
        let policy = Fixture.policy(approvals: 2)
        let expectations: [(RequestState, String)] = [
            (.pendingApproval, "Pending (2 approvals)"),
            (.approved, "Approved"),
            (.requestAvailable, "Available"),
            (.apiKeyCheckedOut, "Available (checked out)"),
            (.pendingKeyReset, "Checked in (rotating)"),
            (.pendingReview, "Pending review"),
            (.pendingAcknowledgment, "Revoked"),
            (.complete, "Complete"),
            (.closed, "Closed"),
        ]
        for (state, label) in expectations {
            #expect(RequestWorkflow.label(for: Fixture.request(state, policy: policy), policy: policy) == label)
        }
    }
}
