#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The requester's input for a new request, before `RequestWorkflow.submit` validates it against a policy.
public struct RequestDraft: Hashable, Sendable {
    /// Id of the request to create, drawn by the caller from the broker's random source.
    public var id: RequestID
    /// The account to release.
    public var accountID: AccountID
    /// The asset that holds `accountID`; a policy may cover the account through its asset.
    public var assetID: AssetID
    /// Explicit start of a fixed window; nil means "now", so the window starts when the request
    /// becomes available.
    public var requestedStart: Date?
    /// Requested duration in seconds; nil means the policy's default duration.
    public var durationSeconds: Int?
    /// Ticket number, trimmed and matched against the policy's pattern by `submit`.
    public var ticketNumber: String?
    /// The requester's reason, trimmed by `submit`.
    public var reason: String?
    /// Emergency access skips approval and notifies the approvers; the policy must allow it.
    public var isEmergency: Bool
    /// The denied or revoked request that this one resubmits.
    public var resubmittedFrom: RequestID?

    /// Creates a draft; a nil start means "now" and a nil duration the policy's default.
    public init(
        id: RequestID, accountID: AccountID, assetID: AssetID, requestedStart: Date? = nil,
        durationSeconds: Int? = nil, ticketNumber: String? = nil, reason: String? = nil,
        isEmergency: Bool = false, resubmittedFrom: RequestID? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.assetID = assetID
        self.requestedStart = requestedStart
        self.durationSeconds = durationSeconds
        self.ticketNumber = ticketNumber
        self.reason = reason
        self.isEmergency = isEmergency
        self.resubmittedFrom = resubmittedFrom
    }
}
