#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The fragments that a `RequestQuery` joins into one SELECT. The SQL text is built only from these
/// constants and `?` placeholders; every value is a bound parameter. Each combination of filters
/// gives its own text, which the connection prepares once and caches.
private enum RequestQuerySQL {
    static let select = "SELECT \(RequestSQL.columns) FROM requests"
    static let requester = "requester_id = ?"
    static let account = "account_id = ?"
    static let notRemoved = "is_removed = 0"
    /// Approvals and Reviews find the user's policies through `policy_members_by_user`, then the
    /// policies' requests through `requests_by_policy`.
    static let approver = "policy_id IN (SELECT policy_id FROM policy_members WHERE user_id = ? AND role = 'approver')"
    static let reviewer = "policy_id IN (SELECT policy_id FROM policy_members WHERE user_id = ? AND role = 'reviewer')"
    static let state = "state IN "
    static let newestFirst = " ORDER BY requested_at DESC, id DESC"
    static let limit = " LIMIT ?"
}

extension RequestQuery {
    /// Builds the SELECT for this query and its arguments in placeholder order. Returns nil when no
    /// request can match, which is the case for an empty set of states.
    func statement() -> (sql: String, arguments: [any DatabaseValueConvertible])? {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []

        if let requesterID {
            conditions.append(RequestQuerySQL.requester)
            arguments.append(requesterID)
        }
        if let accountID {
            conditions.append(RequestQuerySQL.account)
            arguments.append(accountID)
        }
        if let states {
            guard !states.isEmpty else { return nil }
            let placeholders = Array(repeating: "?", count: states.count).joined(separator: ", ")
            conditions.append(RequestQuerySQL.state + "(" + placeholders + ")")
            let rawValues: [String] = states.map(\.rawValue).sorted()
            arguments.append(contentsOf: rawValues)
            if !states.contains(where: \.isFinal) {
                conditions.append(RequestSQL.isOpen)
            }
        }
        if !includeRemoved {
            conditions.append(RequestQuerySQL.notRemoved)
        }
        if let approverID {
            conditions.append(RequestQuerySQL.approver)
            arguments.append(approverID)
        }
        if let reviewerID {
            conditions.append(RequestQuerySQL.reviewer)
            arguments.append(reviewerID)
        }

        var sql = RequestQuerySQL.select
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        sql += RequestQuerySQL.newestFirst
        if let limit {
            sql += RequestQuerySQL.limit
            arguments.append(limit)
        }
        return (sql, arguments)
    }
}

extension SQLiteVaultStore.Transaction {
    /// Requests matching every filter of `query`, newest first (by `requestedAt`, then id).
    func requests(_ query: RequestQuery) throws -> [AccessRequest] {
        guard let (sql, arguments) = query.statement() else { return [] }
        return try fetchAll(sql, arguments, AccessRequest.init(row:))
    }
}
