#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

@Suite struct PolicyStoreTests {
    @Test func policyRoundTrip() throws {
        let vault = try TestVault()
        let full = Policy(
            id: PolicyID("p00000000001"), name: "production — 本番", priority: 5,
            scopeAssetIDs: [AssetID("a00000000001")], scopeAccountIDs: [AccountID("c00000000001")],
            requesterIDs: [UserID("u00000000001")],
            approverSets: [
                ApproverSet(approverIDs: [UserID("u00000000002"), UserID("u00000000003")], requiredApprovals: 2),
                ApproverSet(approverIDs: [UserID("u00000000004")]),
            ],
            autoApprove: true, emergencyAccessAllowed: true, reviewerIDs: [UserID("u00000000005")], requiredReviews: 1,
            reviewCommentRequired: true, ticketRequired: true, ticketPattern: "^INC[0-9]+$", reasonRequired: true,
            defaultDurationSeconds: 600, maximumDurationSeconds: 86400, customDurationAllowed: true,
            simultaneousReleases: 3, rotateAfterCheckIn: false, showAgainAfterChange: true,
            newRequestsWhileAwaitingReview: true, approvalTimeoutSeconds: 3600, isDisabled: true, createdAt: Fixture.now
        )
        let empty = Policy(id: PolicyID("p00000000002"), name: "empty", priority: 1, createdAt: date(0))

        try vault.store.write { writer throws in
            try writer.insert(full)
            try writer.insert(empty)
        }

        try vault.store.read { reader throws in
            #expect(try reader.policy(id: full.id) == full)
            #expect(try reader.policy(named: "production — 本番") == full)
            #expect(try reader.policy(id: empty.id) == empty)
            #expect(try reader.policies() == [empty, full])
            #expect(try reader.policy(named: "missing") == nil)
        }
    }

    @Test func policyNameIsUnique() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.insert(Fixture.policy("p00000000001", name: "prod")) }

        let error = storeError { try vault.store.write { try $0.insert(Fixture.policy("p00000000002", name: "prod")) } }

        #expect(error == .duplicate(kind: "policy", name: "prod"))
    }

    @Test func membersFollowUpdates() throws {
        let vault = try TestVault()
        var policy = Fixture.policy(
            "p00000000001", requesters: ["u00000000001"], approvers: ["u00000000002", "u00000000002"], reviewers: ["u00000000003"]
        )
        policy.approverSets.append(ApproverSet(approverIDs: [UserID("u00000000002")]))
        try vault.store.write { try $0.insert(policy) }
        #expect(try members(vault) == [
            "approver u00000000002", "requester u00000000001", "reviewer u00000000003",
        ])

        policy.approverSets = [ApproverSet(approverIDs: [UserID("u00000000004")])]
        policy.reviewerIDs = []
        try vault.store.write { try $0.update(policy) }
        #expect(try members(vault) == ["approver u00000000004", "requester u00000000001"])

        try vault.store.write { try $0.deletePolicy(id: policy.id) }
        #expect(try members(vault) == [])
    }

    @Test func missingPolicyIsNotFound() throws {
        let vault = try TestVault()

        let updated = storeError { try vault.store.write { try $0.update(Fixture.policy("p00000000009")) } }
        let deleted = storeError { try vault.store.write { try $0.deletePolicy(id: PolicyID("p00000000009")) } }

        #expect(updated == .notFound(kind: "policy", id: "p00000000009"))
        #expect(deleted == .notFound(kind: "policy", id: "p00000000009"))
    }

    /// Returns the rows of `policy_members` as "role user", sorted.
    private func members(_ vault: TestVault) throws -> [String] {
        let database = try Database(path: vault.path, access: .readOnly)
        return try database.fetchAll("SELECT role, user_id FROM policy_members ORDER BY role, user_id") { row throws(DatabaseError) in
            try row.text(0) + " " + row.text(1)
        }
    }
}
