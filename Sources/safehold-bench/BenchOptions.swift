#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Command-line options of `safehold-bench`.
struct BenchOptions: Sendable {
    /// The benchmarks, in the order they run.
    enum Part: String, CaseIterable, Sendable {
        case floor, lifecycle, service, scale, unlock
    }

    /// A small version of every benchmark that finishes in under a minute, for CI smoke runs.
    var isQuick = false
    /// Runs per figure; the table shows their median, minimum and maximum.
    var runs = 5
    var parts = Part.allCases
    /// Keys in the scale data set (the full run builds 1,000,000).
    var scaleKeys = 1_000_000

    static let usage = """
        usage: safehold-bench [--quick] [--runs N] [--only PART,...] [--keys N]

        Measures Safehold on data it builds in a temporary directory and prints a Markdown table.
          --quick        small data and few runs, under a minute (a smoke test, not a measurement)
          --runs N       runs per figure (default 5, 3 with --quick)
          --only PARTS   comma-separated subset of: floor, lifecycle, service, scale, unlock
          --keys N       keys in the scale data set (default 1000000, 10000 with --quick)
        """

    static func parse(_ arguments: [String]) -> Result<BenchOptions, BenchUsageError> {
        var options = BenchOptions()
        var runs: Int?
        var keys: Int?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--quick":
                options.isQuick = true
            case "--runs":
                guard let text = iterator.next(), let value = Int(text), value > 0 else { return .failure(.init("--runs needs a positive number")) }
                runs = value
            case "--keys":
                guard let text = iterator.next(), let value = Int(text), value >= 1000 else { return .failure(.init("--keys needs a number of at least 1000")) }
                keys = value
            case "--only":
                guard let text = iterator.next() else { return .failure(.init("--only needs a list of parts")) }
                var parts: [Part] = []
                for name in text.split(separator: ",") {
                    guard let part = Part(rawValue: String(name)) else { return .failure(.init("unknown part '\(name)'")) }
                    parts.append(part)
                }
                options.parts = Part.allCases.filter(parts.contains)
            case "--help", "-h":
                return .failure(.init(nil))
            default:
                return .failure(.init("unknown option '\(argument)'"))
            }
        }
        options.runs = runs ?? (options.isQuick ? 3 : 5)
        options.scaleKeys = keys ?? (options.isQuick ? 10_000 : 1_000_000)
        return .success(options)
    }
}

/// A bad command line; `message` is nil for `--help`.
struct BenchUsageError: Error {
    let message: String?

    init(_ message: String?) {
        self.message = message
    }
}
