#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import SafeholdBroker
import SafeholdProtocol
import Synchronization

/// Runs the broker's time-driven work on its own thread: request deadlines, rotation retries and
/// audit checkpoints. It sleeps until the earliest deadline stored in the database (an indexed
/// query, not a scan of requests), waking at least every `maximumSleep` so that deadlines added
/// by other calls are picked up promptly.
final class Scheduler: Sendable {
    private let broker: Broker
    private let logger: Logger
    /// The broker's time source, so that sleeps and checkpoints follow the same time as deadlines.
    private let clock: any TimeSource
    private let maximumSleep: TimeInterval
    private let checkpointInterval: TimeInterval
    private let wake = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(
        broker: Broker, logger: Logger, clock: any TimeSource, maximumSleep: TimeInterval = 1, checkpointInterval: TimeInterval = 60
    ) {
        self.broker = broker
        self.logger = logger
        self.clock = clock
        self.maximumSleep = maximumSleep
        self.checkpointInterval = checkpointInterval
    }

    func start() throws {
        try DetachedThread.start { [self] in
            loop()
            finished.signal()
        }
    }

    /// Asks the scheduler to run now, for example after a change that may have added an earlier
    /// deadline.
    func poke() {
        wake.signal()
    }

    /// Stops the loop and waits for the current pass to finish.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
        finished.wait()
    }

    private func loop() {
        while !stopping.load(ordering: .sequentiallyConsistent) {
            runOnce()
            let now = clock.now()
            let next = broker.nextWakeUp() ?? now.addingTimeInterval(maximumSleep)
            let sleep = min(max(next.timeIntervalSince(now), 0.01), maximumSleep)
            _ = wake.wait(timeout: .now() + sleep)
        }
    }

    /// Runs everything due now. A service that was down runs what became due meanwhile here,
    /// once, on its first pass.
    func runOnce() {
        let steps = broker.advance()
        let rotations = broker.runDueRotations()
        if steps > 0 || !rotations.isEmpty {
            logger.info("scheduled work ran", ["transitions": String(steps), "rotations": String(rotations.count)])
        }
        // The recorder signs every N-th event itself; this pass covers the quiet times, so
        // that no event stays unsigned much longer than `checkpointInterval`.
        broker.signCheckpointIfDue(maximumDelay: checkpointInterval)
    }
}
