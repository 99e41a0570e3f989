#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

/// The listings that must stay fast with 100,000 open requests read them through an index,
/// never by scanning the whole `requests` table.
@Suite struct QueryPlanTests {
    private let user = UserID("u00000000001")

    @Test func myRequestsUseRequesterIndex() throws {
        let plan = try queryPlan(RequestQuery(requesterID: user, includeRemoved: false, limit: 50))

        #expect(!plan.contains { $0.hasPrefix("SCAN requests") })
        #expect(plan.contains { $0.hasPrefix("SEARCH requests USING INDEX requests_by_requester") })
    }

    @Test func approvalsUsePolicyIndex() throws {
        let states: Set<RequestState> = [.pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut]

        let plan = try queryPlan(RequestQuery(states: states, approverID: user))

        #expect(!plan.contains { $0.hasPrefix("SCAN requests") })
        #expect(plan.contains { $0.hasPrefix("SEARCH requests USING INDEX requests_by_policy") })
        #expect(plan.contains { $0.hasPrefix("SEARCH policy_members USING COVERING INDEX policy_members_by_user") })
    }

    @Test func reviewsUsePolicyIndex() throws {
        let plan = try queryPlan(RequestQuery(states: [.pendingReview, .pendingAcknowledgment], reviewerID: user))

        #expect(!plan.contains { $0.hasPrefix("SCAN requests") })
        #expect(plan.contains { $0.hasPrefix("SEARCH requests USING INDEX requests_by_policy") })
    }

    @Test func exclusivityUsesAccountIndex() throws {
        let live = Set(RequestState.allCases.filter(\.isLive))

        let plan = try queryPlan(RequestQuery(accountID: AccountID("c00000000001"), states: live))

        #expect(plan.contains { $0.hasPrefix("SEARCH requests USING INDEX requests_by_account") })
    }

    @Test func finalStatesSkipOpenIndexes() throws {
        let plan = try queryPlan(RequestQuery(accountID: AccountID("c00000000001"), states: [.complete, .requestAvailable]))

        #expect(!plan.contains { $0.contains("requests_by_account") || $0.contains("requests_by_policy") })
    }

    /// The partial indexes' condition must hold for exactly the states that are not final.
    @Test func openConditionMatchesFinalStates() throws {
        let vault = try TestVault()
        let database = try Database(path: vault.path, access: .readOnly)

        for state in RequestState.allCases {
            let isOpen = try database.fetchOne("SELECT ?1 AS state WHERE \(RequestSQL.isOpen)", [state.rawValue]) { _ throws(DatabaseError) in true }
            #expect((isOpen ?? false) == !state.isFinal, "\(state)")
        }
    }

    @Test func dueRequestsUseDeadlineIndex() throws {
        let vault = try TestVault()
        let database = try Database(path: vault.path, access: .readOnly)

        let plan = try explain(database, RequestSQL.selectDue, [Date()])

        #expect(plan.contains { $0.hasPrefix("SEARCH requests USING INDEX requests_by_deadline") })
    }

    private func queryPlan(_ query: RequestQuery) throws -> [String] {
        let vault = try TestVault()
        let database = try Database(path: vault.path, access: .readOnly)
        let statement = try #require(query.statement())
        return try explain(database, statement.sql, statement.arguments)
    }

    /// Returns the `detail` column of EXPLAIN QUERY PLAN, one line per step.
    private func explain(_ database: Database, _ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> [String] {
        try database.fetchAll("EXPLAIN QUERY PLAN " + sql, arguments) { row throws(DatabaseError) in try row.text(3) }
    }
}
