#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The text of `safehold details`: the request, its policy's rules, approvals, reviews and the
/// workflow history, with times in the local time zone.
enum RequestDetailsText {
    static func render(_ details: RequestDetails, context: CommandContext) -> String {
        let summary = details.summary
        let request = summary.request
        let time = { (date: Date) in TimeFormatting.dateTime(date, timeZone: context.timeZone) }

        var lines = [
            "Request \(request.id): \(summary.label)",
            "  account: \(summary.accountPath)",
            "  requester: \(summary.requesterName)",
            "  requested: \(time(request.requestedAt))",
            "  requested for: \(context.window(summary))\(request.requestedStart == nil ? " (starts when available)" : "")",
        ]
        if request.state.isLive { lines.append("  remaining: \(RequestCommands.remaining(summary, context))") }
        if let ticket = request.ticketNumber { lines.append("  ticket: \(ticket)") }
        if let reason = request.reason { lines.append("  reason: \(reason)") }
        if request.isEmergency { lines.append("  emergency access") }
        let flags = [("denied", request.flags.wasDenied), ("revoked", request.flags.wasRevoked), ("cancelled", request.flags.wasCancelled),
                     ("expired", request.flags.wasExpired), ("checked out", request.flags.wasCheckedOut)].filter(\.1).map(\.0)
        if !flags.isEmpty { lines.append("  flags: \(flags.joined(separator: ", "))") }
        if let comment = request.closeComment { lines.append("  closed: \(comment)") }

        lines.append("")
        lines.append("Policy \(details.policy.name)")
        for (index, set) in details.policy.approverSets.enumerated() {
            lines.append("  approver set \(index + 1): \(set.requiredApprovals) approval(s) needed")
        }
        lines.append("  approvals still needed: \(summary.approvalsNeeded); reviews still needed: \(summary.reviewsNeeded)")

        if !details.approvals.isEmpty {
            lines.append("")
            lines.append("Approvals")
            lines += details.approvals.map { "  \(time($0.at))  \($0.userName)\($0.comment.map { ": \($0)" } ?? "")" }
        }
        if !details.reviews.isEmpty {
            lines.append("")
            lines.append("Reviews")
            lines += details.reviews.map { "  \(time($0.at))  \($0.userName)\($0.comment.map { ": \($0)" } ?? "")" }
        }

        lines.append("")
        lines.append("History")
        let rows = details.history.map { step in
            [time(step.entry.at), step.actorName ?? "safehold", step.entry.action.rawValue,
             "\(step.entry.oldState?.rawValue ?? "-") → \(step.entry.newState.rawValue)", step.entry.comment ?? ""]
        }
        let columns = ["Time", "Actor", "Action", "State", "Comment"].map { TableColumn(name: $0.lowercased(), title: $0) }
        lines.append(Table(columns: columns, rows: rows).rendered())
        return lines.joined(separator: "\n")
    }
}
