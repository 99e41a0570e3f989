#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// Runs a body on several POSIX threads at once and waits for all of them. Each client of the
/// service benchmark blocks in socket calls, so each gets a thread of its own instead of a place
/// in Dispatch's pool, which is sized for the two cores.
enum BenchThreads {
    private final class Work: @unchecked Sendable {
        let index: Int
        let body: @Sendable (Int) -> Void

        init(index: Int, body: @escaping @Sendable (Int) -> Void) {
            self.index = index
            self.body = body
        }
    }

    /// Calls `body(index)` for index 0..<count, each on its own thread, and returns when all
    /// have returned.
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) throws {
        var threads: [pthread_t] = []
        for index in 0..<count {
            let context = Unmanaged.passRetained(Work(index: index, body: body)).toOpaque()
            var thread = pthread_t()
            let result = pthread_create(&thread, nil, { context in
                let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
                work.body(work.index)
                return nil
            }, context)
            guard result == 0 else {
                Unmanaged<Work>.fromOpaque(context).release()
                for started in threads { pthread_join(started, nil) }
                throw BenchError("pthread_create failed with error \(result)")
            }
            threads.append(thread)
        }
        for thread in threads {
            pthread_join(thread, nil)
        }
    }
}
