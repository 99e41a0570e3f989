#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdClient
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol
import SafeholdTestSupport
import Synchronization
import Testing

/// Many protocol clients on their own threads against one real service.
@Suite struct ServiceConcurrencyTests {
    @Test func twoHundredClientsComplete() throws {
        let fixture = try ServiceFixture()
        _ = try fixture.request()
        let failures = Mutex<[String]>([])
        let answered = Atomic<Int>(0)

        SocketTestThread.runConcurrently(200) { index in
            do {
                let user = index.isMultiple(of: 2) ? "alice" : "bob"
                let client = try fixture.client(as: user)
                if index.isMultiple(of: 4) {
                    let me = try client.call(.me, EmptyPayload(), as: MeResult.self)
                    guard me.user.name == user else { throw TestSupportError("whoami of \(user) returned \(me.user.name)") }
                } else {
                    let requests = try client.call(.myRequests, MyRequestsParams(), as: [RequestSummary].self)
                    guard requests.count == (user == "alice" ? 1 : 0) else {
                        throw TestSupportError("\(user) sees \(requests.count) requests")
                    }
                }
                answered.add(1, ordering: .relaxed)
            } catch {
                failures.withLock { $0.append("client \(index): \(error)") }
            }
        }

        #expect(failures.withLock { $0 } == [])
        #expect(answered.load(ordering: .relaxed) == 200)
        #expect(try fixture.service.admin(["whoami"]).status == 0)
        fixture.expectLogHasNoSecrets()
    }

    @Test func sixteenCheckOutsAreAudited() throws {
        let count = 16
        let fixture = try ServiceFixture(accounts: count)
        let alice = try fixture.client(as: "alice")
        let ids = try (0..<count).map { index in
            try alice.call(.create, RequestInput(accountPath: "svc/acct\(index)"), as: RequestSummary.self).request.id.rawValue
        }
        let approved = try fixture.client(as: "bob").call(.approve, RequestActionParams(ids: ids), as: RequestActionResult.self)
        #expect(approved.failed.isEmpty)
        #expect(approved.succeeded.count == count)

        let shown = Mutex<[Int: String]>([:])
        let failures = Mutex<[String]>([])
        SocketTestThread.runConcurrently(count) { index in
            do {
                let result = try fixture.client(as: "alice").call(
                    .checkOutApiKeys, RequestIDParams(id: ids[index]), as: CheckOutResult.self
                )
                let secret = try #require(result.keys.first).values.clientSecret.bytes.withUnsafeBytes {
                    String(decoding: $0, as: UTF8.self)
                }
                shown.withLock { $0[index] = secret }
            } catch {
                failures.withLock { $0.append("check-out \(index): \(error)") }
            }
        }

        #expect(failures.withLock { $0 } == [])
        let secrets = shown.withLock { $0 }
        for index in 0..<count {
            #expect(secrets[index] == fixture.clientSecrets[index])
        }
        let checkOuts = try fixture.auditEvents("checkedOut")
        #expect(checkOuts.count == count)
        #expect(Set(checkOuts.compactMap { $0.targets?["request"] }) == Set(ids))
        fixture.expectLogHasNoSecrets()
    }
}
