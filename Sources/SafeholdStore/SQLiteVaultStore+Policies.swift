#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `policies` and `policy_members`. A policy is stored whole as JSON; its name and
/// priority are copied to columns for uniqueness and order, and its requesters, approvers and
/// reviewers to `policy_members` for the Approvals and Reviews queries. Every value is a parameter.
private enum PolicySQL {
    static let selectByID = "SELECT policy FROM policies WHERE id = ?1"
    static let selectByName = "SELECT policy FROM policies WHERE name = ?1"
    static let selectAll = "SELECT policy FROM policies ORDER BY priority, name"
    static let insert = "INSERT INTO policies (id, name, priority, policy) VALUES (?1, ?2, ?3, ?4)"
    static let update = "UPDATE policies SET name = ?2, priority = ?3, policy = ?4 WHERE id = ?1"
    static let delete = "DELETE FROM policies WHERE id = ?1"
    static let deleteMembers = "DELETE FROM policy_members WHERE policy_id = ?1"
    /// OR IGNORE: a user listed in two approver sets is one approver row.
    static let insertMember = "INSERT OR IGNORE INTO policy_members (policy_id, role, user_id) VALUES (?1, ?2, ?3)"
}

/// The roles recorded in `policy_members`.
enum PolicyRole: String {
    case requester
    case approver
    case reviewer
}

extension SQLiteVaultStore.Transaction {
    func policy(id: PolicyID) throws -> Policy? {
        try fetchOne(PolicySQL.selectByID, [id], decodePolicy)
    }

    func policy(named name: String) throws -> Policy? {
        try fetchOne(PolicySQL.selectByName, [name], decodePolicy)
    }

    /// Returns every policy, lowest priority number first, then by name.
    func policies() throws -> [Policy] {
        try fetchAll(PolicySQL.selectAll, [], decodePolicy)
    }

    /// Reads the `policy` column through the connection's cache of decoded policies.
    private func decodePolicy(_ row: Row) throws(DatabaseError) -> Policy {
        try database.decodedPolicies.value(decoding: try row.text(0), column: "policy", sql: row.statement.sql)
    }

    func insert(_ policy: Policy) throws {
        try execute(PolicySQL.insert, try arguments(of: policy), unique: policy.uniqueNames)
        try insertMembers(of: policy)
    }

    func update(_ policy: Policy) throws {
        try change(PolicySQL.update, try arguments(of: policy), kind: "policy", id: policy.id.rawValue, unique: policy.uniqueNames)
        try execute(PolicySQL.deleteMembers, [policy.id])
        try insertMembers(of: policy)
    }

    /// Deletes the policy and its member rows (ON DELETE CASCADE). Requests keep its id.
    func deletePolicy(id: PolicyID) throws {
        try change(PolicySQL.delete, [id], kind: "policy", id: id.rawValue)
    }

    private func arguments(of policy: Policy) throws(StoreError) -> [any DatabaseValueConvertible] {
        [policy.id, policy.name, policy.priority, try json(policy)]
    }

    private func insertMembers(of policy: Policy) throws(StoreError) {
        let approverIDs = policy.approverSets.flatMap(\.approverIDs)
        let members: [(PolicyRole, [UserID])] = [
            (.requester, policy.requesterIDs), (.approver, approverIDs), (.reviewer, policy.reviewerIDs),
        ]
        for (role, userIDs) in members {
            for userID in userIDs {
                try execute(PolicySQL.insertMember, [policy.id, role.rawValue, userID])
            }
        }
    }
}

private extension Policy {
    var uniqueNames: [String: SQLiteVaultStore.Transaction.ObjectName] {
        ["policies.id": ("policy", id.rawValue), "policies.name": ("policy", name)]
    }
}
