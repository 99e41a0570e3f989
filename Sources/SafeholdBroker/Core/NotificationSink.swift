#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// One notice for one user, built after the change it reports has committed. It never contains a secret.
public struct Notice: Sendable, Hashable {
    public var kind: NotificationKind
    public var recipient: User
    public var requestID: RequestID?
    /// `ASSET/ACCOUNT` the notice is about.
    public var accountPath: String?
    public var windowStart: Date?
    public var windowEnd: Date?
    public var text: String

    public init(
        kind: NotificationKind, recipient: User, requestID: RequestID? = nil, accountPath: String? = nil,
        windowStart: Date? = nil, windowEnd: Date? = nil, text: String
    ) {
        self.kind = kind
        self.recipient = recipient
        self.requestID = requestID
        self.accountPath = accountPath
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.text = text
    }
}

/// The destination of notices. The service connects it to the notification dispatcher, which runs the
/// configured command in the background; `deliver` must return at once and never throw, so that
/// a failing notifier never blocks or fails the workflow.
public struct NotificationSink: Sendable {
    public var deliver: @Sendable (Notice) -> Void
    /// False for the sink that drops every notice, so that the broker skips reading recipients.
    public let isEnabled: Bool

    /// Creates a sink that drops every notice.
    public init() {
        self.deliver = { _ in }
        self.isEnabled = false
    }

    public init(deliver: @escaping @Sendable (Notice) -> Void) {
        self.deliver = deliver
        self.isEnabled = true
    }
}
