#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

// safehold-bench: measures Safehold against its performance targets on data it builds itself in
// a temporary directory, and prints one Markdown table. Build it in release mode:
// `swift build -c release --product safehold-bench`.

let options: BenchOptions
switch BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case let .success(parsed):
    options = parsed
case let .failure(error):
    if let message = error.message {
        BenchSupport.progress(message)
        print(BenchOptions.usage)
        exit(64)
    }
    print(BenchOptions.usage)
    exit(0)
}

var figures: [Figure] = []
var failed = false
for part in options.parts {
    BenchSupport.progress("running \(part.rawValue)\(options.isQuick ? " (quick)" : "")")
    do {
        switch part {
        case .floor: figures += try FloorBench(options: options).run()
        case .lifecycle: figures += try LifecycleBench(options: options).run()
        case .service: figures += try ServiceBench(options: options).run()
        case .scale: figures += try ScaleBench(options: options).run()
        case .unlock: figures += try UnlockBench(options: options).run()
        }
    } catch {
        BenchSupport.progress("\(part.rawValue) failed: \(error)")
        failed = true
    }
}

print(ResultTable.render(figures))
exit(failed ? 1 : 0)
