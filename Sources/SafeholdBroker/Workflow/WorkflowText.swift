#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Words and formats shared by the workflow's messages and labels. Times are ISO 8601 in UTC,
/// because the command line formats times for people itself.
enum WorkflowText {
    static func time(_ date: Date) -> String {
        date.ISO8601Format()
    }

    static func window(_ interval: DateInterval) -> String {
        "\(time(interval.start)) to \(time(interval.end))"
    }

    /// Formats seconds the way the command line reads durations: `90m`, `2h`, `1d12h`, `45s`.
    static func duration(_ seconds: Int) -> String {
        guard seconds > 0 else { return "\(seconds)s" }
        let parts: [(Int, String)] = [
            (seconds / 86_400, "d"),
            (seconds % 86_400 / 3_600, "h"),
            (seconds % 3_600 / 60, "m"),
            (seconds % 60, "s"),
        ]
        return parts.filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined()
    }

    /// Returns the action's verb in its base form, such as "check in".
    static func verb(_ action: RequestAction) -> String {
        switch action {
        case .request: "request"
        case .approve: "approve"
        case .deny: "deny"
        case .revoke: "revoke"
        case .cancel: "cancel"
        case .checkOut: "check out"
        case .checkIn: "check in"
        case .remove: "remove"
        case .resubmit: "resubmit"
        case .review: "review"
        case .close: "close"
        case .windowStarted: "start"
        case .expire: "expire"
        case .rotationFinished: "finish rotating"
        }
    }

    /// Returns the action's past participle, such as "checked in".
    static func pastParticiple(_ action: RequestAction) -> String {
        switch action {
        case .request: "requested"
        case .approve: "approved"
        case .deny: "denied"
        case .revoke: "revoked"
        case .cancel: "cancelled"
        case .checkOut: "checked out"
        case .checkIn: "checked in"
        case .remove: "removed"
        case .resubmit: "resubmitted"
        case .review: "reviewed"
        case .close: "closed"
        case .windowStarted: "started"
        case .expire: "expired"
        case .rotationFinished: "rotated"
        }
    }

    /// States joined for a sentence: "A, B or C".
    static func states(_ states: [RequestState]) -> String {
        let names = states.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "no state" }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    static func details(_ id: RequestID) -> String {
        "run `safehold details \(id)`"
    }
}
