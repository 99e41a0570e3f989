#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdModel

/// Turns the broker's notices into the dispatcher's notifications.
enum NoticeForwarder {
    static func notification(for notice: Notice) -> Notification {
        let parts = notice.accountPath?.split(separator: "/", maxSplits: 1).map(String.init) ?? []
        return Notification(
            kind: kind(notice.kind), recipientID: notice.recipient.id, recipientName: notice.recipient.name,
            recipientEmail: notice.recipient.email, requestID: notice.requestID,
            asset: parts.first ?? "", account: parts.count > 1 ? parts[1] : "",
            windowStart: notice.windowStart, windowEnd: notice.windowEnd, text: notice.text
        )
    }

    static func kind(_ kind: NotificationKind) -> Notification.Kind {
        switch kind {
        case .pendingApproval: .approvalNeeded
        case .emergencyAccess: .emergencyAccess
        case .approved: .requestApproved
        case .available: .requestAvailable
        case .denied: .requestDenied
        case .revoked: .requestRevoked
        case .expiringSoon: .requestExpiringSoon
        case .expired: .requestExpired
        case .closed: .requestClosed
        case .pendingReview: .reviewNeeded
        case .rotationFailed: .rotationFailed
        }
    }
}
