#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdProtocol

/// The requesters', approvers' and reviewers' pages and actions: My Requests, Approvals, Reviews,
/// details, and every action on a request.
enum RequestCommands {
    static func request(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let start = try command.time("at", now: context.now, timeZone: context.timeZone)
        let input = RequestInput(
            accountPath: command.argument("ASSET/ACCOUNT") ?? "", start: start == nil || start == context.now ? nil : start,
            durationSeconds: try command.duration("for"), ticketNumber: command.string("ticket"),
            reason: command.string("reason"), isEmergency: command.flag("emergency")
        )
        let summary = try context.call(.create, input, as: RequestSummary.self)
        try context.emit(summary) {
            """
            Request \(summary.request.id) for \(summary.accountPath): \(summary.label).
            Requested for \(context.window(summary)). Follow it with `safehold details \(summary.request.id)`.
            """
        }
        return .success
    }

    static func myRequests(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let all = command.flag("all")
        var rows = try context.call(
            .myRequests, MyRequestsParams(search: command.string("search"), includeRemoved: all), as: [RequestSummary].self
        )
        if !all { rows = rows.filter { !$0.request.state.isFinal } }
        if let state = command.string("state")?.lowercased() {
            rows = rows.filter { $0.label.lowercased().hasPrefix(state) || $0.request.state.rawValue.lowercased().hasPrefix(state) }
        }
        let text = try render(
            rows.map { requestRow($0, context) }, columns: ListingColumns.requests, context: context,
            empty: "No requests. Ask for access with `safehold request ASSET/ACCOUNT`."
        )
        try context.emit(rows) { text }
        return .success
    }

    static func approvals(_ context: CommandContext) throws -> ExitCode {
        let rows = try context.call(.actionableApprovals, SearchParams(search: context.command.string("search")), as: [RequestSummary].self)
        let text = try render(rows.map { summary in
            [summary.request.id.rawValue, "\(summary.requesterName) / \(summary.label)", "\(summary.assetName) / API key",
             summary.accountName, summary.request.ticketNumber ?? "", context.window(summary)]
        }, columns: ListingColumns.approvals, context: context, empty: "No requests wait for your approval.")
        try context.emit(rows) { text }
        return .success
    }

    static func reviews(_ context: CommandContext) throws -> ExitCode {
        let rows = try context.call(.actionableReviews, SearchParams(search: context.command.string("search")), as: [RequestSummary].self)
        let text = try render(rows.map { summary in
            [summary.request.id.rawValue, summary.requesterName, "API key", summary.accountPath,
             summary.request.ticketNumber ?? "", context.window(summary)]
        }, columns: ListingColumns.reviews, context: context, empty: "No requests wait for your review.")
        try context.emit(rows) { text }
        return .success
    }

    static func details(_ context: CommandContext) throws -> ExitCode {
        let details = try context.call(.details, RequestIDParams(id: context.command.argument("ID") ?? ""), as: RequestDetails.self)
        try context.emit(details) { RequestDetailsText.render(details, context: context) }
        return .success
    }

    /// Applies one action to every listed id. Each id succeeds or fails on its own; the exit code
    /// is that of the first failure.
    static func act(_ context: CommandContext, _ operation: Operation, _ verb: String) throws -> ExitCode {
        let ids = context.command.arguments("ID")
        // checkin, cancel and remove take no comment, and asking for an undeclared option asserts.
        let takesComment = context.command.command?.options.contains { $0.name == "comment" } ?? false
        let comment = takesComment ? context.command.string("comment") : nil
        let result = try context.call(operation, RequestActionParams(ids: ids, comment: comment), as: RequestActionResult.self)
        if context.wantsJSON {
            try context.printJSON(result)
        } else {
            for summary in result.succeeded {
                context.print("\(verb) request \(summary.request.id) for \(summary.accountPath): now \(summary.label).")
            }
            for failure in result.failed {
                _ = StandardStream.error.write(ErrorRenderer.render(
                    CommandFailure(failure.message, hint: failure.hint, exitCode: ExitCode(rawValue: failure.code.exitCode) ?? .failure),
                    colour: context.terminal.allowsColourOnStandardError
                ))
            }
        }
        guard let first = result.failed.first else { return .success }
        return ExitCode(rawValue: first.code.exitCode) ?? .failure
    }

    static func resubmit(_ context: CommandContext) throws -> ExitCode {
        let summary = try context.call(.resubmit, RequestIDParams(id: context.command.argument("ID") ?? ""), as: RequestSummary.self)
        try context.emit(summary) { "Resubmitted as request \(summary.request.id) for \(summary.accountPath): \(summary.label)." }
        return .success
    }

    static func requestRow(_ summary: RequestSummary, _ context: CommandContext) -> [String] {
        [summary.request.id.rawValue, summary.label, summary.assetName, summary.accountName, summary.request.ticketNumber ?? "",
         context.window(summary), remaining(summary, context)]
    }

    static func remaining(_ summary: RequestSummary, _ context: CommandContext) -> String {
        let request = summary.request
        guard request.state.isLive else { return "-" }
        if let start = request.windowStart, let end = request.windowEnd {
            return TimeFormatting.remaining(start: start, end: end, now: context.now)
        }
        return TimeFormatting.duration(seconds: request.durationSeconds) + " once available"
    }

    /// Renders the listing with the columns that `--columns` chose; an unknown column name is a
    /// usage error even when the listing is empty.
    static func render(_ rows: [[String]], columns: [TableColumn], context: CommandContext, empty: String) throws -> String {
        let table = Table(columns: columns, rows: rows)
        let declaresColumns = context.command.command?.options.contains { $0.name == "columns" } ?? false
        let chosen = try table.selectingColumns(declaresColumns ? context.command.string("columns") : nil, command: context.command.path)
        guard !rows.isEmpty else { return empty }
        return chosen.rendered(titleStyle: context.terminal.allowsColourOnStandardOutput ? .bold : nil)
    }
}
