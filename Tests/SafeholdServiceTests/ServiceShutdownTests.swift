#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdClient
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol
import SafeholdSystem
import SafeholdTestSupport
import Synchronization
import Testing

/// SIGTERM while clients work: the service stops cleanly, the vault stays consistent, and after a
/// restart the interrupted requests can be finished.
@Suite struct ServiceShutdownTests {
    @Test func sigtermDuringLoadStopsCleanly() throws {
        let accounts = 4
        let fixture = try ServiceFixture(accounts: accounts)
        let load = CheckOutLoad(fixture: fixture)
        let workers = (0..<accounts).map { index in SocketTestThread { load.loop(account: index) } }

        let loaded = eventually(timeout: .seconds(20)) { load.cycles.load(ordering: .relaxed) >= 4 * accounts }
        #expect(loaded)
        load.terminating.store(true, ordering: .sequentiallyConsistent)
        let started = ContinuousClock.now
        let exitCode = fixture.service.terminate(timeout: .seconds(20))
        let stopTime = ContinuousClock.now - started
        for worker in workers {
            worker.join()
        }

        #expect(exitCode == 0)
        #expect(stopTime < .seconds(5))
        #expect(load.failuresBeforeTermination.withLock { $0 } == [])
        #expect(fixture.service.log().contains("service stopped"))

        let check = try BuiltBinary.run(["check", "--vault", fixture.service.vault])
        #expect(check.status == 0)
        #expect(check.standardOutput.contains("is consistent"))
        #expect(!check.standardOutput.contains("problem"))

        try fixture.service.start()
        try load.finishLiveRequests()
        for index in 0..<accounts {
            try load.cycle(account: index, alice: try fixture.client(as: "alice"), bob: try fixture.client(as: "bob"))
        }
        let requests = try fixture.client(as: "alice").call(.myRequests, MyRequestsParams(), as: [RequestSummary].self)
        #expect(requests.allSatisfy { $0.request.state == .complete }, "a request was left open after the restart")
        let verified = try fixture.service.run(as: "erin", ["audit", "verify"])
        #expect(verified.status == 0)
        fixture.expectLogHasNoSecrets()
    }

    /// SIGTERM as soon as the socket exists, before the first call: the service has already taken
    /// over the signal and stops cleanly, removing its socket.
    @Test func sigtermRightAfterStartStopsCleanly() throws {
        let service = try ServiceProcess(start: false)
        try service.start(waitUntilServing: false)
        let bound = eventually(timeout: .seconds(10)) {
            FilePermissions.status(of: service.socket)?.isSocket == true
        }
        #expect(bound)

        #expect(service.terminate(timeout: .seconds(10)) == 0)
        #expect(service.log().contains("service stopped"))
        #expect(FilePermissions.status(of: service.socket) == nil)
    }

    /// Idle and half-sent connections do not hold up a stop, although the read timeout is 30 s.
    @Test func sigtermWithOpenConnectionsStopsPromptly() throws {
        let service = try ServiceProcess()
        let idle = try SocketRawClient(path: service.socket)
        let halfSent = try SocketRawClient(path: service.socket)
        try halfSent.send(Data([0x00, 0x00, 0x01, 0x00]) + Data(#"{"v":1"#.utf8))
        #expect(try service.admin(["whoami"]).status == 0)

        let started = ContinuousClock.now
        #expect(service.terminate(timeout: .seconds(20)) == 0)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(idle.waitForClose())
        #expect(halfSent.waitForClose())
    }
}

/// Clients that loop request, approve, show and check in on their own account until the service
/// goes away.
private final class CheckOutLoad: Sendable {
    let fixture: ServiceFixture
    let cycles = Atomic<Int>(0)
    let terminating = Atomic<Bool>(false)
    let failuresBeforeTermination = Mutex<[String]>([])

    init(fixture: ServiceFixture) {
        self.fixture = fixture
    }

    /// Runs cycles on `svc/acctN` until a call fails. A failure counts only when it came before
    /// the test sent SIGTERM.
    func loop(account: Int) {
        do {
            let alice = try fixture.client(as: "alice")
            let bob = try fixture.client(as: "bob")
            while true {
                try cycle(account: account, alice: alice, bob: bob)
                cycles.add(1, ordering: .relaxed)
            }
        } catch {
            if !terminating.load(ordering: .sequentiallyConsistent) {
                failuresBeforeTermination.withLock { $0.append("account \(account): \(error)") }
            }
        }
    }

    func cycle(account: Int, alice: ServiceClient, bob: ServiceClient) throws {
        let id = try alice.call(.create, RequestInput(accountPath: "svc/acct\(account)"), as: RequestSummary.self).request.id.rawValue
        try act(.approve, on: id, by: bob)
        try checkOut(id, by: alice)
        try act(.checkIn, on: id, by: alice)
    }

    /// Brings every request that the shutdown left open to its end, as its users would.
    func finishLiveRequests() throws {
        let alice = try fixture.client(as: "alice")
        let bob = try fixture.client(as: "bob")
        for summary in try alice.call(.myRequests, MyRequestsParams(), as: [RequestSummary].self) {
            let id = summary.request.id.rawValue
            switch summary.request.state {
            case .pendingApproval:
                try act(.approve, on: id, by: bob)
                try checkOut(id, by: alice)
                try act(.checkIn, on: id, by: alice)
            case .requestAvailable:
                try checkOut(id, by: alice)
                try act(.checkIn, on: id, by: alice)
            case .apiKeyCheckedOut:
                try act(.checkIn, on: id, by: alice)
            default:
                break
            }
        }
    }

    private func act(_ operation: SafeholdProtocol.Operation, on id: String, by client: ServiceClient) throws {
        let result = try client.call(operation, RequestActionParams(ids: [id]), as: RequestActionResult.self)
        if let failure = result.failed.first {
            throw TestSupportError("\(operation.rawValue) of \(id) failed: \(failure.message)")
        }
    }

    private func checkOut(_ id: String, by client: ServiceClient) throws {
        let result = try client.call(.checkOutApiKeys, RequestIDParams(id: id), as: CheckOutResult.self)
        for key in result.keys {
            fixture.remember(key.values.clientSecret.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
        }
    }
}
