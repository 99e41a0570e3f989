#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// SIGTERM and SIGINT as an event that the service waits for.
///
/// From `init` on, both signals are delivered here instead of ending the process. A signal that
/// arrives while the service starts (recovering the rotation journal, binding the socket) is
/// kept, so the service stops cleanly as soon as it is up.
final class TerminationSignal: @unchecked Sendable {
    private let received = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "safehold.signals")
    /// Immutable after `init`; the sources must stay referenced to keep delivering.
    private var sources: [any DispatchSourceSignal] = []

    init() {
        // The default action would end the process before Dispatch receives the signal.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [received] in received.signal() }
            source.resume()
            return source
        }
    }

    /// Blocks the calling thread until SIGTERM or SIGINT arrived, at any time since `init`.
    func wait() {
        received.wait()
        for source in sources {
            source.cancel()
        }
    }
}
