#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdModel
import SafeholdStore
import SafeholdSystem

/// A vault with a request in each common state, each on its own account so that exclusivity
/// never gets in the way. `safehold check` tests break one rule with raw SQL on the file and
/// expect the finding that names it.
final class VaultCheckFixture: @unchecked Sendable {
    let base: BrokerFixture
    let alice: Caller
    let bob: Caller
    let dave: Caller
    /// PendingApproval.
    let pending: RequestID
    /// RequestAvailable, approved by bob.
    let available: RequestID
    /// ApiKeyCheckedOut.
    let checkedOut: RequestID
    /// Complete: checked out, checked in (the key rotated) and reviewed by dave.
    let complete: RequestID
    /// Closed by the administrator with a comment.
    let closed: RequestID
    /// The key of the account that `complete` used: version 1 retired, version 2 current.
    let rotatedKey: ApiKey

    init() throws {
        base = try BrokerFixture()
        alice = try base.user("alice")
        bob = try base.user("bob")
        dave = try base.user("dave")
        rotatedKey = try base.account("stripe/billing")
        for path in ["stripe/payouts", "stripe/refunds", "stripe/disputes", "stripe/reports"] {
            try base.account(path)
        }
        try base.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob], 1)], reviewers: [dave], reviews: 1)

        // The clock moves a minute before each step, so that every step has its own time.
        let broker = base.broker
        let clock = base.clock
        complete = try broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id
        clock.advance(by: 60)
        _ = try broker.act(.approve, on: complete.rawValue, by: bob)
        clock.advance(by: 60)
        _ = try broker.checkOut(complete.rawValue, by: alice)
        clock.advance(by: 60)
        _ = try broker.act(.checkIn, on: complete.rawValue, by: alice)
        clock.advance(by: 60)
        _ = try broker.act(.review, on: complete.rawValue, comment: "fine", by: dave)

        pending = try broker.submitRequest(RequestInput(accountPath: "stripe/payouts"), by: alice).request.id

        available = try broker.submitRequest(RequestInput(accountPath: "stripe/refunds"), by: alice).request.id
        clock.advance(by: 60)
        _ = try broker.act(.approve, on: available.rawValue, by: bob)

        checkedOut = try broker.submitRequest(RequestInput(accountPath: "stripe/disputes"), by: alice).request.id
        clock.advance(by: 60)
        _ = try broker.act(.approve, on: checkedOut.rawValue, by: bob)
        clock.advance(by: 60)
        _ = try broker.checkOut(checkedOut.rawValue, by: alice)

        closed = try broker.submitRequest(RequestInput(accountPath: "stripe/reports"), by: alice).request.id
        clock.advance(by: 60)
        _ = try broker.act(.close, on: closed.rawValue, comment: "not needed", by: base.admin)
        clock.advance(by: 60)
    }

    var layout: VaultLayout { base.layout }

    /// Runs `safehold check` on the vault at the fixture's clock time.
    func check() throws -> VaultCheckReport {
        try VaultCheck.run(layout: base.layout, now: base.clock.now())
    }

    /// Runs `sql` on the database file with the `sqlite3` program, as a person editing the file
    /// by hand would. Foreign keys are off there, so orphans can be made.
    func corrupt(_ sql: String) throws {
        guard let program = Self.sqlite3 else {
            throw BrokerError.internalError(detail: "the sqlite3 program is not installed: run scripts/setup with SAFEHOLD_SETUP_TEST_TOOLS=1")
        }
        let process = Subprocess(executable: program, arguments: ["-bail", base.layout.database, sql], timeout: .seconds(30))
        let result = try process.run()
        guard result.succeeded else {
            throw BrokerError.internalError(detail: "sqlite3 failed on \(sql): \(String(decoding: result.standardError, as: UTF8.self))")
        }
    }

    static let sqlite3: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

extension VaultCheckReport {
    /// Findings that name `id` among their ids.
    func findings(naming id: String) -> [VaultCheckFinding] {
        findings.filter { $0.ids.contains(id) }
    }

    /// Returns whether a finding names `id` and its message contains `phrase`.
    func reports(_ id: String, _ phrase: String) -> Bool {
        findings(naming: id).contains { $0.message.contains(phrase) }
    }
}
