#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The outcome of one accepted workflow step: the request to store, the history entries to append,
/// and the effects to carry out once both are durably stored.
public struct Transition: Hashable, Sendable {
    /// The request after the step, with `updatedAt` set to the step's time.
    public var request: AccessRequest
    /// One entry per state change or recorded action, oldest first. Usually one; a check-out that
    /// finds its window already started records the broker's `windowStarted` step first.
    public var history: [HistoryEntry]
    /// Effects in the order to carry them out: a rotation before the notifications about it.
    public var effects: [WorkflowEffect]
    /// For `resubmit` only: the new request to pass to `RequestWorkflow.submit`.
    public var resubmission: RequestDraft?

    /// Creates a transition; the workflow's functions build these, callers only read them.
    public init(request: AccessRequest, history: [HistoryEntry], effects: [WorkflowEffect] = [], resubmission: RequestDraft? = nil) {
        self.request = request
        self.history = history
        self.effects = effects
        self.resubmission = resubmission
    }
}
