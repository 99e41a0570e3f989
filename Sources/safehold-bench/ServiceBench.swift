#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Glibc
import SafeholdBroker
import SafeholdClient
import SafeholdModel
import SafeholdProtocol
import SafeholdService
import Synchronization

/// Audited check-outs through the real service: `BrokerService` in this process on a socket in a
/// temporary directory, and clients that call `CheckOutApiKeys` with `ServiceClient`, each on its
/// own thread and connection. Every check-out commits its audit events durably before it
/// returns, so concurrent clients measure group commit.
struct ServiceBench {
    let options: BenchOptions
    static let clientCounts = [1, 4, 16]

    func run() throws -> [Figure] {
        let bench = try BenchVault(label: "service")
        defer { bench.remove() }
        let maximumClients = Self.clientCounts.max() ?? 1

        // One account and one Available request per client, because an account has at most one
        // live release. The policy approves automatically, and the requester is the
        // administrator, whom the service finds by this process's OS login.
        for index in 0..<maximumClients {
            try bench.addAccount(asset: "service", account: "account-\(index)")
        }
        var spec = PolicySpec(name: "service")
        spec.scope = ["service"]
        spec.requesters = [bench.admin.user.name]
        spec.autoApprove = true
        _ = try bench.broker.addPolicy(spec, by: bench.admin)
        let requestIDs = try (0..<maximumClients).map { index in
            try bench.broker.submitRequest(RequestInput(accountPath: "service/account-\(index)"), by: bench.admin).request.id.rawValue
        }

        let socketPath = bench.directory + "/safehold.sock"
        let service = try BrokerService(
            vault: bench.vault, configuration: ServiceConfiguration(socketPath: socketPath), logger: Logger(label: "bench") { _ in }
        )
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue(label: "safehold-bench.service").async {
            do {
                try service.run()
            } catch {
                BenchSupport.progress("the service failed: \(error)")
            }
            stopped.signal()
        }
        defer {
            // BrokerService stops on SIGTERM, which it handles itself once it listens.
            kill(getpid(), SIGTERM)
            stopped.wait()
        }
        try waitUntilListening(socketPath, requestID: requestIDs[0])

        var figures: [Figure] = []
        for clients in Self.clientCounts {
            var rates: [Double] = []
            for run in 1...options.runs {
                let rate = try measure(clients: clients, socketPath: socketPath, requestIDs: requestIDs)
                rates.append(rate)
                BenchSupport.progress("service check-outs, \(clients) clients, run \(run): \(Figure.format(rate))/s")
            }
            let target: Figure.Target? = clients == 16 ? .atLeast(10_000) : nil
            figures.append(Figure("audited check-outs via service, \(clients) client(s)", unit: "check-outs/s", samples: rates, target: target))
        }
        return figures
    }

    /// Retries a check-out until the service responds, for at most five seconds.
    private func waitUntilListening(_ socketPath: String, requestID: String) throws {
        let client = ServiceClient(socketPath: socketPath, timeout: .seconds(1))
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                _ = try client.call(.checkOutApiKeys, RequestIDParams(id: requestID), as: SafeholdProtocol.CheckOutResult.self)
                return
            } catch {
                guard ContinuousClock.now < deadline else { throw BenchError("the service did not respond on \(socketPath) within 5 s: \(error)") }
                usleep(10_000)
            }
        }
    }

    /// Runs `clients` threads that each check out their own request. Returns check-outs per
    /// second, over the time from the common start to the end of the last thread.
    private func measure(clients: Int, socketPath: String, requestIDs: [String]) throws -> Double {
        let callsPerClient = (options.isQuick ? 1200 : 8000) / clients
        let ready = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let failures = Mutex<[String]>([])
        let finished = Mutex<ContinuousClock.Instant?>(nil)
        let began = Mutex<ContinuousClock.Instant?>(nil)

        let ids = requestIDs
        let runner = DispatchQueue(label: "safehold-bench.clients")
        let group = DispatchGroup()
        runner.async(group: group) {
            do {
                try BenchThreads.run(count: clients) { index in
                    let client = ServiceClient(socketPath: socketPath)
                    let params = RequestIDParams(id: ids[index])
                    do {
                        // One untimed call opens the connection.
                        _ = try client.call(.checkOutApiKeys, params, as: SafeholdProtocol.CheckOutResult.self)
                        ready.signal()
                        start.wait()
                        for _ in 0..<callsPerClient {
                            _ = try client.call(.checkOutApiKeys, params, as: SafeholdProtocol.CheckOutResult.self)
                        }
                    } catch {
                        ready.signal()
                        failures.withLock { $0.append("\(error)") }
                    }
                    let now = ContinuousClock.now
                    finished.withLock { last in last = max(last ?? now, now) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }

        for _ in 0..<clients { ready.wait() }
        began.withLock { $0 = ContinuousClock.now }
        for _ in 0..<clients { start.signal() }
        group.wait()

        if let failure = failures.withLock({ $0.first }) {
            throw BenchError("a client failed: \(failure)")
        }
        guard let first = began.withLock({ $0 }), let last = finished.withLock({ $0 }) else {
            throw BenchError("the clients did not run")
        }
        return Double(callsPerClient * clients) / (last - first).seconds
    }
}
