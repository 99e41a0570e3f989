#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Synchronization
import Testing

/// An in-memory system that keeps one client secret per account, standing in for a connector's
/// target. It applies, rejects or fails each `change` as its script says, records every candidate
/// it was sent, and answers `check` from what it keeps, as a well-behaved connector does.
final class FakeKeyTarget: KeyChangeTarget {
    enum Behavior: Sendable {
        /// Accept the candidate and report it applied.
        case apply
        /// Refuse the candidate, as a password policy would.
        case reject
        /// Change nothing and report a failure: the outcome looks unknown.
        case failWithoutApplying
        /// Accept the candidate but report a failure, as when the reply is lost.
        case applyAndFail
    }

    private struct State {
        var accepted: [String: String]
        var missingAccounts: Set<String> = []
        var script: [Behavior] = []
        var checksAnswerUnknown = false
        var candidates: [String] = []
        var checks = 0
    }

    private let state: Mutex<State>

    /// A target whose accounts accept the given client secrets.
    init(accepting accepted: [String: String]) {
        state = Mutex(State(accepted: accepted))
    }

    /// The client secret that `account` accepts now.
    func accepted(_ account: String) -> String? {
        state.withLock { $0.accepted[account] }
    }

    /// Every candidate sent to `change`, in order.
    var candidates: [String] {
        state.withLock { $0.candidates }
    }

    var checks: Int {
        state.withLock { $0.checks }
    }

    /// Queues how the next `change` calls behave; after the script runs out, changes apply.
    func script(_ behaviors: Behavior...) {
        state.withLock { $0.script += behaviors }
    }

    func removeAccount(_ account: String) {
        state.withLock { _ = $0.missingAccounts.insert(account) }
    }

    func setChecksAnswerUnknown(_ unknown: Bool) {
        state.withLock { $0.checksAnswerUnknown = unknown }
    }

    func change(_ change: KeyChange) -> KeyChangeOutcome {
        let account = change.account.name
        let candidate = BrokerFixture.text(change.candidate.clientSecret)
        return state.withLock { state in
            state.candidates.append(candidate)
            if state.missingAccounts.contains(account) { return .accountMissing("no user \(account)") }
            let behavior = state.script.isEmpty ? .apply : state.script.removeFirst()
            switch behavior {
            case .apply:
                state.accepted[account] = candidate
                return .applied(minted: nil)
            case .reject:
                return .rejected("the password policy refused the new value")
            case .failWithoutApplying:
                return .failed("connection reset")
            case .applyAndFail:
                state.accepted[account] = candidate
                return .failed("connection reset after the change")
            }
        }
    }

    func check(_ change: KeyChange) -> KeyCheckOutcome {
        let account = change.account.name
        let candidate = BrokerFixture.text(change.candidate.clientSecret)
        let current = BrokerFixture.text(change.current.clientSecret)
        return state.withLock { state in
            state.checks += 1
            if state.missingAccounts.contains(account) { return .accountMissing("no user \(account)") }
            if state.checksAnswerUnknown { return .unknown("target unreachable") }
            switch state.accepted[account] {
            case candidate: return .acceptsCandidate
            case current: return .acceptsCurrent
            default: return .unknown("the target accepts neither value")
            }
        }
    }
}

/// A broker log that keeps every line, so that tests can read what was logged.
final class CapturedBrokerLog: BrokerLog {
    private let lines = Mutex<[String]>([])

    func info(_ message: StaticString, _ metadata: [String: String]) {
        append("info", message, metadata)
    }

    func error(_ message: StaticString, _ metadata: [String: String]) {
        append("error", message, metadata)
    }

    /// Every line as one text: level, message and sorted metadata.
    var text: String {
        lines.withLock { $0.joined(separator: "\n") }
    }

    func count(of message: String) -> Int {
        lines.withLock { $0.filter { $0.contains(" \(message) [") }.count }
    }

    private func append(_ level: String, _ message: StaticString, _ metadata: [String: String]) {
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.withLock { $0.append("\(level) \(message) [\(fields)]") }
    }
}

/// Notices that the broker delivered, in order.
final class DeliveredNotices: Sendable {
    private let notices = Mutex<[Notice]>([])

    var sink: NotificationSink {
        NotificationSink { [self] notice in notices.withLock { $0.append(notice) } }
    }

    func of(_ kind: NotificationKind) -> [Notice] {
        notices.withLock { $0.filter { $0.kind == kind } }
    }
}

/// A `BrokerFixture` plus a broker of its own that logs to memory, delivers notices to memory and
/// uses `target` for `exec` assets. `restart()` stands for a crash and a new service process: it
/// closes the vault and opens a new broker on the same files.
final class RotationFixture {
    let base: BrokerFixture
    let target: (any KeyChangeTarget)?
    let options: BrokerOptions
    let log = CapturedBrokerLog()
    let notices = DeliveredNotices()
    private(set) var vault: OpenedVault
    private(set) var broker: Broker

    var clock: ManualTimeSource { base.clock }
    var admin: Caller { base.admin }

    init(target: (any KeyChangeTarget)?, options: BrokerOptions = BrokerOptions(rotationRetryLimit: 3, rotationRetryDelay: 30)) throws {
        base = try BrokerFixture(options: options)
        self.target = target
        self.options = options
        vault = base.vault
        broker = Broker(
            vault: base.vault, clock: base.clock, random: base.random, options: options, log: log,
            targets: RotationTargets(exec: target), notifications: notices.sink
        )
    }

    deinit {
        vault.close()
    }

    /// Closes the vault as a dead process would leave it, and opens a new broker on its files.
    func restart() throws {
        vault.close()
        vault = try Vault.open(layout: base.layout, unlock: .keyFile(path: base.keyFile), random: base.random)
        broker = Broker(
            vault: vault, clock: base.clock, random: base.random, options: options, log: log,
            targets: RotationTargets(exec: target), notifications: notices.sink
        )
    }

    /// Returns another broker on the same vault and target with its own clock, as a second thread
    /// of the same service would see it.
    func makeBroker(clock: any TimeSource) -> Broker {
        Broker(
            vault: vault, clock: clock, random: base.random, options: options, log: log,
            targets: RotationTargets(exec: target), notifications: notices.sink
        )
    }

    /// Makes every rotation attempt of the current broker fail at `point` with `error`.
    func inject(_ error: any Error & Sendable, at point: RotationFaults.Point) {
        broker.rotationFaults.withLock {
            $0 = RotationFaults { reached in
                if reached == point { throw error }
            }
        }
    }

    func clearFaults() {
        broker.rotationFaults.withLock { $0 = nil }
    }

    /// Adds `asset/account` on the `exec` platform with one key `api` holding `secret`.
    @discardableResult
    func execAccount(_ path: String, secret: String, connector: String = "/bin/true") throws -> ApiKey {
        try base.account(path, secret: secret, platform: .exec, connector: connector)
    }

    /// Adds a requester `alice`, an approver `bob` and a policy over `scope`.
    func people(
        scope: [String], reviewers: Int = 0, configure: (inout PolicySpec) -> Void = { _ in }
    ) throws -> (requester: Caller, approver: Caller) {
        let alice = try base.user("alice")
        let bob = try base.user("bob")
        var reviewerCallers: [Caller] = []
        if reviewers > 0 { reviewerCallers.append(try base.user("dave")) }
        try base.policy(
            scope: scope, requesters: [alice], approverSets: [([bob], 1)], reviewers: reviewerCallers, reviews: reviewers,
            configure: configure
        )
        return (alice, bob)
    }

    /// Requests `path`, approves it and checks it out. Returns the request id and the client
    /// secret shown.
    func checkOut(_ path: String, requester: Caller, approver: Caller, duration: Int? = nil) throws -> (id: String, shown: String) {
        let id = try broker.submitRequest(RequestInput(accountPath: path, durationSeconds: duration), by: requester).request.id.rawValue
        _ = try broker.act(.approve, on: id, by: approver)
        let result = try broker.checkOut(id, by: requester)
        let shown = try #require(result.keys.first { $0.name == "api" })
        return (id, BrokerFixture.text(shown.values.clientSecret))
    }

    func key(_ path: String) throws -> ApiKey {
        try #require(try broker.apiKeys(path: path, by: admin).first { $0.key.name == "api" }?.key)
    }

    func versions(_ key: ApiKey) throws -> [KeyVersion] {
        try broker.read { reader in try reader.keyVersions(keyID: key.id) }
    }

    func journal(_ key: ApiKey) throws -> [RotationJournalEntry] {
        try broker.read { reader in try reader.journalEntries(keyID: key.id) }
    }

    /// Opens the current version of `path`'s key and returns its client secret.
    func currentSecret(_ path: String) throws -> String {
        let key = try key(path)
        let version = try #require(try versions(key).first { $0.version == key.currentVersion })
        return BrokerFixture.text(try ApiKeySealing.open(version, masterKey: vault.masterKey).clientSecret)
    }

    func requestState(_ id: String) throws -> RequestState {
        try broker.details(id, by: admin).summary.request.state
    }

    func auditEvents(_ action: String, key: ApiKey? = nil) throws -> [AuditEvent] {
        try broker.read { reader in try reader.auditEvents(AuditQuery(action: action)) }
            .filter { key == nil || $0.targets["key"] == key?.id.rawValue }
    }

    /// Every readable field of every audit event as one text, for searching for secrets.
    func auditText() throws -> String {
        try broker.read { reader in try reader.auditEvents(AuditQuery()) }.map { event in
            let targets = event.targets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return [event.action, targets, event.oldState ?? "", event.newState ?? "", event.comment ?? ""].joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Checks that the rotation of `path`'s key settled: one current version (the second) which
    /// the target accepts, no journal entry, no pending version, the key active, and one
    /// `keyRotated` event.
    func expectSettled(_ path: String, targetAccepts: String?, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let key = try key(path)
        let versions = try versions(key)
        let current = versions.filter { $0.state == .current }
        #expect(current.map(\.version) == [2], sourceLocation: sourceLocation)
        #expect(key.currentVersion == 2, sourceLocation: sourceLocation)
        #expect(versions.filter { $0.state == .pending }.isEmpty, sourceLocation: sourceLocation)
        #expect(try journal(key).isEmpty, sourceLocation: sourceLocation)
        #expect(key.status == .active, sourceLocation: sourceLocation)
        #expect(key.rotationError == nil, sourceLocation: sourceLocation)
        #expect(try currentSecret(path) == targetAccepts, sourceLocation: sourceLocation)
        #expect(try auditEvents("keyRotated", key: key).count == 1, sourceLocation: sourceLocation)
    }
}

/// Failures that tests inject into rotations.
enum InjectedFault: Error {
    /// The finishing transaction could not commit, as on a full disk.
    case commitFailed
}
