#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import SafeholdModel
import Synchronization
import Testing

/// A time source that moves only when a test advances it.
final class NotifierTestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var now: @Sendable () -> Date {
        { self.current.withLock { $0 } }
    }

    func advance(seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// Log lines captured in memory.
final class NotifierLogCapture: Sendable {
    struct Entry: Sendable {
        var message: String
        var metadata: [String: String]
    }

    private let stored = Mutex<[Entry]>([])

    var log: NotificationDispatcher.Log {
        { message, metadata in self.stored.withLock { $0.append(Entry(message: message, metadata: metadata)) } }
    }

    var entries: [Entry] {
        stored.withLock { $0 }
    }

    func entries(_ message: String) -> [Entry] {
        entries.filter { $0.message == message }
    }
}

func sampleNotification(
    _ kind: Notification.Kind = .requestApproved, email: String? = "ann@example.com", requestID: String = "a1b2c3d4e5f6"
) -> Notification {
    Notification(
        kind: kind, recipientID: UserID("0a1b2c3d4e5f"), recipientName: "Ann Example", recipientEmail: email,
        requestID: RequestID(requestID), asset: "cache", account: "app",
        windowStart: Date(timeIntervalSince1970: 1_774_000_560), windowEnd: Date(timeIntervalSince1970: 1_774_007_760),
        text: "Your request for cache/app was approved."
    )
}

/// Polls `condition` every 5 ms and returns whether it became true within `timeout`.
func waitUntil(_ timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}
