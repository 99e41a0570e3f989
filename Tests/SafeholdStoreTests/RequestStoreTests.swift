#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

@Suite struct RequestStoreTests {
    @Test func requestRoundTrip() throws {
        let vault = try TestVault()
        var flags = RequestFlags()
        flags.wasRevoked = true
        flags.wasCheckedOut = true
        let full = AccessRequest(
            id: RequestID("r00000000001"), requesterID: UserID("u00000000001"), accountID: AccountID("c00000000001"),
            assetID: AssetID("a00000000001"), policyID: PolicyID("p00000000001"), state: .pendingAcknowledgment,
            requestedAt: date(1000), requestedStart: date(2000), windowStart: date(2500), durationSeconds: 5400,
            ticketNumber: "INC-42", reason: "fix the 🔥 in prod", isEmergency: true, flags: flags, isAcknowledged: true,
            isRemoved: true,
            approvals: [
                Approval(userID: UserID("u00000000002"), setIndex: 0, at: date(1100), comment: "ok"),
                Approval(userID: UserID("u00000000003"), setIndex: 1, at: date(1200)),
            ],
            reviews: [Review(userID: UserID("u00000000004"), at: date(9000), comment: "fine")],
            revealedVersions: [ApiKeyID("k00000000001"): 3, ApiKeyID("k00000000002"): 1],
            resubmittedFrom: RequestID("r00000000000"), closeComment: "closed by admin", updatedAt: date(9500)
        )
        let minimal = Fixture.request("r00000000002")

        try vault.store.write { writer throws in
            try writer.insert(full, deadline: nil)
            try writer.insert(minimal, deadline: date(5000))
        }

        try vault.store.read { reader throws in
            #expect(try reader.request(id: full.id) == full)
            #expect(try reader.request(id: minimal.id) == minimal)
            #expect(try reader.request(id: RequestID("r00000000009")) == nil)
        }
    }

    @Test func requestUpdateAndErrors() throws {
        let vault = try TestVault()
        var request = Fixture.request("r00000000001")
        try vault.store.write { try $0.insert(request, deadline: nil) }

        request.state = .approved
        request.approvals = [Approval(userID: UserID("u00000000002"), setIndex: 0, at: date(3000))]
        try vault.store.write { try $0.update(request, deadline: date(4000)) }
        let duplicate = storeError { try vault.store.write { try $0.insert(request, deadline: nil) } }
        let missing = storeError { try vault.store.write { try $0.update(Fixture.request("r00000000009"), deadline: nil) } }

        #expect(try vault.store.read { try $0.request(id: request.id) } == request)
        #expect(duplicate == .duplicate(kind: "request", name: "r00000000001"))
        #expect(missing == .notFound(kind: "request", id: "r00000000009"))
    }

    @Test func updateKeepsSubmittedFields() throws {
        let vault = try TestVault()
        let submitted = Fixture.request("r00000000001")
        try vault.store.write { try $0.insert(submitted, deadline: nil) }

        var changed = submitted
        changed.reason = "rewritten"
        changed.durationSeconds = 60
        changed.state = .approved
        try vault.store.write { try $0.update(changed, deadline: nil) }
        let stored = try vault.store.read { try $0.request(id: submitted.id) }

        #expect(stored?.state == .approved)
        #expect(stored?.reason == submitted.reason)
        #expect(stored?.durationSeconds == submitted.durationSeconds)
    }

    @Test func historyInOrder() throws {
        let vault = try TestVault()
        let requestID = RequestID("r00000000001")
        let entries = [
            HistoryEntry(at: date(1000), actorID: UserID("u00000000001"), action: .request, oldState: nil, newState: .pendingApproval),
            HistoryEntry(at: date(1000), actorID: UserID("u00000000002"), action: .approve, oldState: .pendingApproval, newState: .approved, comment: "ok ✓"),
            HistoryEntry(at: date(3000), actorID: nil, action: .windowStarted, oldState: .approved, newState: .requestAvailable),
        ]
        try vault.store.write { writer throws in
            try writer.insert(Fixture.request("r00000000001"), deadline: nil)
            for entry in entries {
                try writer.appendHistory(entry, requestID: requestID)
            }
        }

        let orphan = storeError { try vault.store.write { try $0.appendHistory(entries[0], requestID: RequestID("r00000000009")) } }

        #expect(try vault.store.read { try $0.history(requestID: requestID) } == entries)
        #expect(try vault.store.read { try $0.history(requestID: RequestID("r00000000009")) } == [])
        #expect(orphan == .notFound(kind: "request", id: "r00000000009"))
    }

    @Test func requesterFilterHidesRemoved() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.request("r00000000001", requester: "u00000000001", requestedAt: date(1000)), deadline: nil)
            try writer.insert(Fixture.request("r00000000002", requester: "u00000000001", requestedAt: date(3000)), deadline: nil)
            try writer.insert(Fixture.request("r00000000003", requester: "u00000000001", requestedAt: date(2000), isRemoved: true), deadline: nil)
            try writer.insert(Fixture.request("r00000000004", requester: "u00000000009", requestedAt: date(4000)), deadline: nil)
        }

        let all = try ids(vault, RequestQuery(requesterID: UserID("u00000000001")))
        let myRequests = try ids(vault, RequestQuery(requesterID: UserID("u00000000001"), includeRemoved: false))
        let newest = try ids(vault, RequestQuery(requesterID: UserID("u00000000001"), limit: 1))
        let everyone = try ids(vault, RequestQuery())

        #expect(all == ["r00000000002", "r00000000003", "r00000000001"])
        #expect(myRequests == ["r00000000002", "r00000000001"])
        #expect(newest == ["r00000000002"])
        #expect(everyone == ["r00000000004", "r00000000002", "r00000000003", "r00000000001"])
    }

    @Test func stateAndAccountFilters() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.request("r00000000001", account: "c00000000001", state: .pendingApproval), deadline: nil)
            try writer.insert(Fixture.request("r00000000002", account: "c00000000001", state: .complete), deadline: nil)
            try writer.insert(Fixture.request("r00000000003", account: "c00000000002", state: .apiKeyCheckedOut), deadline: nil)
        }

        let live = try ids(vault, RequestQuery(states: [.pendingApproval, .approved, .apiKeyCheckedOut]))
        let liveOnAccount = try ids(vault, RequestQuery(accountID: AccountID("c00000000001"), states: [.pendingApproval, .apiKeyCheckedOut]))
        let noStates = try ids(vault, RequestQuery(states: []))

        #expect(live == ["r00000000003", "r00000000001"])
        #expect(liveOnAccount == ["r00000000001"])
        #expect(noStates == [])
    }

    /// Approvals: the approver's policies through `policy_members`, in the approvable states.
    @Test func approverFilter() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.policy("p00000000001", approvers: ["u00000000002"], reviewers: ["u00000000003"]))
            try writer.insert(Fixture.policy("p00000000002", approvers: ["u00000000009"], reviewers: ["u00000000002"]))
            try writer.insert(Fixture.request("r00000000001", policy: "p00000000001", state: .pendingApproval), deadline: nil)
            try writer.insert(Fixture.request("r00000000002", policy: "p00000000001", state: .complete), deadline: nil)
            try writer.insert(Fixture.request("r00000000003", policy: "p00000000002", state: .pendingApproval), deadline: nil)
            try writer.insert(Fixture.request("r00000000004", policy: "p00000000001", state: .apiKeyCheckedOut), deadline: nil)
        }
        let approvable: Set<RequestState> = [.pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut]

        let approvals = try ids(vault, RequestQuery(states: approvable, approverID: UserID("u00000000002")))
        let otherApprover = try ids(vault, RequestQuery(states: approvable, approverID: UserID("u00000000009")))
        let notAnApprover = try ids(vault, RequestQuery(states: approvable, approverID: UserID("u00000000003")))

        #expect(Set(approvals) == ["r00000000001", "r00000000004"])
        #expect(otherApprover == ["r00000000003"])
        #expect(notAnApprover == [])
    }

    /// Reviews: the reviewer's policies through `policy_members`, in the reviewable states.
    @Test func reviewerFilter() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try writer.insert(Fixture.policy("p00000000001", approvers: ["u00000000002"], reviewers: ["u00000000003"]))
            try writer.insert(Fixture.policy("p00000000002", reviewers: ["u00000000004"]))
            try writer.insert(Fixture.request("r00000000001", policy: "p00000000001", state: .pendingReview), deadline: nil)
            try writer.insert(Fixture.request("r00000000002", policy: "p00000000001", state: .pendingAcknowledgment), deadline: nil)
            try writer.insert(Fixture.request("r00000000003", policy: "p00000000001", state: .complete), deadline: nil)
            try writer.insert(Fixture.request("r00000000004", policy: "p00000000002", state: .pendingReview), deadline: nil)
        }
        let reviewable: Set<RequestState> = [.pendingReview, .pendingAcknowledgment]

        let reviews = try ids(vault, RequestQuery(states: reviewable, reviewerID: UserID("u00000000003")))
        let approverIsNoReviewer = try ids(vault, RequestQuery(states: reviewable, reviewerID: UserID("u00000000002")))

        #expect(Set(reviews) == ["r00000000001", "r00000000002"])
        #expect(approverIsNoReviewer == [])
    }

    @Test func deadlines() throws {
        let vault = try TestVault()
        #expect(try vault.store.read { try $0.earliestRequestDeadline() } == nil)
        try vault.store.write { writer throws in
            try writer.insert(Fixture.request("r00000000001"), deadline: date(5000))
            try writer.insert(Fixture.request("r00000000002"), deadline: date(3000))
            try writer.insert(Fixture.request("r00000000003"), deadline: nil)
            try writer.insert(Fixture.request("r00000000004"), deadline: date(9000))
        }

        try vault.store.read { reader throws in
            #expect(try reader.earliestRequestDeadline() == date(3000))
            #expect(try reader.requestsDue(by: date(2999)).map(\.id.rawValue) == [])
            #expect(try reader.requestsDue(by: date(5000)).map(\.id.rawValue) == ["r00000000002", "r00000000001"])
        }

        try vault.store.write { try $0.update(Fixture.request("r00000000002"), deadline: nil) }
        #expect(try vault.store.read { try $0.earliestRequestDeadline() } == date(5000))
    }

    @Test func datesRoundToMilliseconds() throws {
        let vault = try TestVault()
        var request = Fixture.request("r00000000001")
        request.requestedAt = Date(timeIntervalSince1970: 1000.0004)
        request.updatedAt = Date(timeIntervalSince1970: 1000.0006)
        try vault.store.write { try $0.insert(request, deadline: nil) }

        let stored = try #require(try vault.store.read { try $0.request(id: request.id) })

        #expect(stored.requestedAt == date(1_000_000))
        #expect(stored.updatedAt == date(1_000_001))
    }

    @Test func prefixLookup() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            for id in ["abc000000001", "abc000000002", "abd000000000", "abbfffffffff", "ffffffffffff"] {
                try writer.insert(Fixture.request(id), deadline: nil)
            }
        }

        try vault.store.read { reader throws in
            #expect(try reader.requestIDs(withPrefix: "abc", limit: 10).map(\.rawValue) == ["abc000000001", "abc000000002"])
            #expect(try reader.requestIDs(withPrefix: "abc", limit: 1).map(\.rawValue) == ["abc000000001"])
            #expect(try reader.requestIDs(withPrefix: "abc000000002", limit: 10).map(\.rawValue) == ["abc000000002"])
            #expect(try reader.requestIDs(withPrefix: "ffff", limit: 10).map(\.rawValue) == ["ffffffffffff"])
            #expect(try reader.requestIDs(withPrefix: "abe", limit: 10) == [])
            #expect(try reader.requestIDs(withPrefix: "", limit: 10).count == 5)
        }
    }

    @Test func prefixSuccessor() {
        typealias Transaction = SQLiteVaultStore.Transaction

        #expect(Transaction.successor(ofPrefix: "abc") == "abd")
        #expect(Transaction.successor(ofPrefix: "ab9") == "ab:")
        #expect(Transaction.successor(ofPrefix: "a\u{10FFFF}") == "b")
        #expect(Transaction.successor(ofPrefix: "a\u{D7FF}") == "a\u{E000}")
        #expect(Transaction.successor(ofPrefix: "\u{10FFFF}") == nil)
        #expect(Transaction.successor(ofPrefix: "") == nil)
    }

    private func ids(_ vault: TestVault, _ query: RequestQuery) throws -> [String] {
        try vault.store.read { try $0.requests(query).map(\.id.rawValue) }
    }
}
