#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A test hook that fails a journaled rotation at a named point, so that tests can show that a
/// crash or a failed commit at any step is recovered. The service never sets one.
struct RotationFaults: Sendable {
    /// The steps of one attempt, in order.
    enum Point: Sendable, Hashable, CaseIterable {
        /// The journal entry and its pending version are committed; no attempt has started.
        case beforeAttempt
        /// The attempt is counted in the journal; the connector has not run.
        case beforeConnector
        /// The connector applied the candidate; the finishing transaction has not started.
        case afterConnector
        /// Inside the finishing transaction, so that a fault rolls it back like a failed commit.
        case duringFinish
    }

    /// Thrown by `inject` to stop the attempt where it is, as if the process died there: the
    /// broker records nothing more about it.
    struct Crash: Error {}

    var inject: @Sendable (Point) throws -> Void
}
