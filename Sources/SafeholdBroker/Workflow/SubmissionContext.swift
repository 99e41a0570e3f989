#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Stored requests that `RequestWorkflow.submit` needs to decide exclusivity and the review rule.
public struct SubmissionContext: Hashable, Sendable {
    /// Live requests of the draft's account, by any requester. Requests in other states and the
    /// draft's own id are ignored, so passing more is harmless.
    public var accountRequests: [AccessRequest]
    /// Policies of `accountRequests`, by id. A request whose policy is missing is measured with
    /// the submitting policy's approval timeout.
    public var policies: [PolicyID: Policy]
    /// The requester's requests of the draft's account in PendingReview. Others are ignored.
    public var requestsAwaitingReview: [AccessRequest]

    /// Creates a context; an empty context suits an account without other requests.
    public init(accountRequests: [AccessRequest] = [], policies: [PolicyID: Policy] = [:], requestsAwaitingReview: [AccessRequest] = []) {
        self.accountRequests = accountRequests
        self.policies = policies
        self.requestsAwaitingReview = requestsAwaitingReview
    }
}
