#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// A message to one person about one request or key, handed to the configured notify command. It
/// contains names, ids, times and one sentence of text, never a secret.
public struct Notification: Hashable, Sendable {
    /// The event, which also decides the recipients: the requester for the request's own events,
    /// approvers for `approvalNeeded` and `emergencyAccess`, reviewers for `reviewNeeded` and
    /// administrators for `rotationFailed`.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case requestApproved
        case requestDenied
        case requestAvailable
        case requestRevoked
        case requestExpiringSoon
        case requestExpired
        case requestClosed
        case approvalNeeded
        case emergencyAccess
        case reviewNeeded
        case rotationFailed
    }

    public var kind: Kind
    public var recipientID: UserID
    public var recipientName: String
    /// Nil when the user has no e-mail address; mail notifiers skip such recipients.
    public var recipientEmail: String?
    /// Nil for events without a request, such as a failed scheduled rotation.
    public var requestID: RequestID?
    public var asset: String
    public var account: String
    public var windowStart: Date?
    public var windowEnd: Date?
    /// One sentence for people, such as "Your request for cache/app was approved."
    public var text: String

    public init(
        kind: Kind, recipientID: UserID, recipientName: String, recipientEmail: String?, requestID: RequestID?,
        asset: String, account: String, windowStart: Date? = nil, windowEnd: Date? = nil, text: String
    ) {
        self.kind = kind
        self.recipientID = recipientID
        self.recipientName = recipientName
        self.recipientEmail = recipientEmail
        self.requestID = requestID
        self.asset = asset
        self.account = account
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.text = text
    }
}
