#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdStore

/// The disk floor in the same run as the other figures: one-row durable commits per second with
/// the vault's connection settings. The lifecycle and check-out figures are read against it,
/// because this machine's disk latency changes with load from one run to the next.
struct FloorBench {
    let options: BenchOptions

    func run() throws -> [Figure] {
        let directory = try BenchSupport.makeTemporaryDirectory("floor")
        defer { BenchSupport.removeTree(directory) }

        let count = options.isQuick ? 500 : 3000
        var rates: [Double] = []
        for run in 1...options.runs {
            let rate = try CommitFloor.commitsPerSecond(path: directory + "/floor-\(run).db", count: count)
            rates.append(rate)
            BenchSupport.progress("disk floor run \(run): \(Figure.format(rate)) commits/s")
        }
        return [Figure("disk floor: one-row durable commits (WAL, synchronous=FULL)", unit: "commits/s", samples: rates)]
    }
}
