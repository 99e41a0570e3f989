#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// Listings, vault open, storage size and audit verification on the large data set.
struct ScaleBench {
    let options: BenchOptions

    func run() throws -> [Figure] {
        let fixture = try ScaleFixture(keyCount: options.scaleKeys)
        defer { fixture.bench.remove() }
        BenchSupport.progress("building the data set: \(options.scaleKeys) keys")
        let buildSeconds = try BenchSupport.seconds { try fixture.build() }
        BenchSupport.progress("data set built in \(Figure.format(buildSeconds)) s")

        let label = "\(Figure.format(Double(options.scaleKeys))) keys, \(Figure.format(Double(fixture.requestCount))) open requests"
        var figures = try listings(fixture, label: label)
        figures.append(try vaultOpen(fixture, label: label))
        figures += try storage(fixture)
        figures += try auditVerification(fixture)
        figures.append(Figure("scale data set build (import, users, requests)", unit: "s", samples: [buildSeconds]))
        return figures
    }

    /// Mean latency of My Requests, Approvals and Reviews per run, each run cycling through
    /// different users so that every call reads another part of the tables.
    private func listings(_ fixture: ScaleFixture, label: String) throws -> [Figure] {
        let broker = fixture.bench.broker
        let callsPerRun = options.isQuick ? 50 : 200
        let cases: [(String, [Caller], (Caller) throws -> [RequestSummary])] = [
            ("My Requests", fixture.requesters, { try broker.myRequests(by: $0) }),
            ("Approvals", fixture.approvers, { try broker.approvals(by: $0) }),
            ("Reviews", fixture.reviewers, { try broker.reviews(by: $0) }),
        ]

        var figures: [Figure] = []
        for (name, users, list) in cases {
            let expected = try list(users[0]).count
            guard expected > 0 else { throw BenchError("\(name) of \(users[0].user.name) is empty") }
            var latencies: [Double] = []
            for run in 0..<options.runs {
                let seconds = try BenchSupport.seconds {
                    for call in 0..<callsPerRun {
                        _ = try list(users[(run * callsPerRun + call * 7) % users.count])
                    }
                }
                latencies.append(seconds / Double(callsPerRun) * 1000)
            }
            BenchSupport.progress("\(name): \(expected) rows, \(Figure.format(latencies.sorted()[latencies.count / 2])) ms")
            figures.append(Figure("\(name) (\(expected) rows; \(label))", unit: "ms", samples: latencies, target: .atMost(5)))
        }
        return figures
    }

    /// Opening the vault with its key file: permission checks, unwrapping the master key, opening
    /// the database and loading the service keys.
    private func vaultOpen(_ fixture: ScaleFixture, label: String) throws -> Figure {
        let bench = fixture.bench
        var times: [Double] = []
        for _ in 0..<options.runs {
            var opened: OpenedVault?
            let seconds = try BenchSupport.seconds {
                opened = try Vault.open(layout: bench.layout, unlock: .keyFile(path: bench.keyFile))
            }
            opened?.close()
            times.append(seconds * 1000)
        }
        return Figure("vault open with key file (\(label))", unit: "ms", samples: times, target: .atMost(100))
    }

    /// Database bytes per stored key version: the whole vault (keys, requests, audit trail)
    /// divided by the number of versions, and the growth caused by the key import alone.
    private func storage(_ fixture: ScaleFixture) throws -> [Figure] {
        let total = try fixture.databaseSize()
        let versions = Double(fixture.keyCount)
        BenchSupport.progress("database size \(total) bytes for \(fixture.keyCount) key versions")
        return [
            Figure(
                "whole vault size per key version (keys, requests, audit trail)", unit: "bytes",
                samples: [Double(total) / versions], target: .atMost(1024)
            ),
            Figure(
                "key import growth per key (account share, key, version, audit event)", unit: "bytes",
                samples: [Double(fixture.sizeAfterKeys - fixture.sizeBeforeKeys) / versions]
            ),
        ]
    }

    /// `Broker.verifyAuditTrail` (stream every event from the store, check hashes, links and
    /// checkpoint signatures on both cores), and `AuditVerifier.verify` on events already decoded
    /// into memory, which runs on one thread.
    private func auditVerification(_ fixture: ScaleFixture) throws -> [Figure] {
        let broker = fixture.bench.broker
        let admin = fixture.bench.admin
        var endToEnd: [Double] = []
        var eventCount = 0
        for _ in 0..<options.runs {
            var result: AuditVerification?
            let seconds = try BenchSupport.seconds { result = try broker.verifyAuditTrail(by: admin) }
            guard let result, result.isValid else { throw BenchError("the audit trail failed to verify: \(result?.problem ?? "no result")") }
            eventCount = result.eventCount
            endToEnd.append(Double(result.eventCount) / seconds)
        }

        let (events, checkpoints) = try fixture.bench.vault.store.read { reader in
            (try reader.auditEvents(AuditQuery()), try reader.auditCheckpoints())
        }
        var inMemory: [Double] = []
        for _ in 0..<options.runs {
            let seconds = BenchSupport.seconds {
                _ = AuditVerifier.verify(events: events, checkpoints: checkpoints, publicKey: broker.auditPublicKey)
            }
            inMemory.append(Double(events.count) / seconds)
        }
        let count = Figure.format(Double(eventCount))
        return [
            Figure("audit verification, read and verify (\(count) events)", unit: "events/s", samples: endToEnd, target: .atLeast(1_000_000)),
            Figure("audit verification, decoded events in memory, one thread (\(count) events)", unit: "events/s", samples: inMemory),
        ]
    }
}
