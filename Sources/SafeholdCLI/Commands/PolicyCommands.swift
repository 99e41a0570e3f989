#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdProtocol

/// `policy add|update|list|show|delete`.
enum PolicyCommands {
    static func add(_ context: CommandContext) throws -> ExitCode {
        var spec = PolicySpec(name: context.command.argument("NAME") ?? "")
        try apply(context.command, to: &spec)
        let view = try context.call(.policyAdd, spec, as: PolicyView.self)
        try context.emit(view) { "Added policy \(view.policy.name).\n" + describe(view.spec) }
        return .success
    }

    /// Starts from the stored policy and changes only what the options name.
    static func update(_ context: CommandContext) throws -> ExitCode {
        let name = context.command.argument("NAME") ?? ""
        var spec = try context.call(.policyGet, NameParams(name: name), as: PolicyView.self).spec
        try apply(context.command, to: &spec)
        let view = try context.call(.policyUpdate, spec, as: PolicyView.self)
        try context.emit(view) { "Updated policy \(view.policy.name).\n" + describe(view.spec) }
        return .success
    }

    static func list(_ context: CommandContext) throws -> ExitCode {
        let views = try context.call(.policyList, EmptyPayload(), as: [PolicyView].self)
        try context.emit(views) {
            DirectoryCommands.table(["Name", "Priority", "Scope", "Requesters", "Approvals", "Reviews", "State"], views.map { view in
                [view.spec.name, String(view.spec.priority), view.spec.scope.joined(separator: ","),
                 view.spec.requesters.joined(separator: ","),
                 view.spec.approverSets.map { "\($0.requiredApprovals) of \($0.approvers.joined(separator: ","))" }.joined(separator: "; "),
                 view.spec.requiredReviews == 0 ? "-" : "\(view.spec.requiredReviews) of \(view.spec.reviewers.joined(separator: ","))",
                 view.spec.isDisabled ? "disabled" : "enabled"]
            })
        }
        return .success
    }

    static func show(_ context: CommandContext) throws -> ExitCode {
        let view = try context.call(.policyGet, NameParams(name: context.command.argument("NAME") ?? ""), as: PolicyView.self)
        try context.emit(view) { describe(view.spec) }
        return .success
    }

    static func delete(_ context: CommandContext) throws -> ExitCode {
        let name = context.command.argument("NAME") ?? ""
        _ = try context.call(.policyDelete, NameParams(name: name), as: EmptyPayload.self)
        try context.emit(["deleted": name]) { "Deleted policy \(name)." }
        return .success
    }

    /// Applies every policy option that was given to `spec`.
    static func apply(_ command: ParsedCommand, to spec: inout PolicySpec) throws {
        if let priority = try command.int("priority") { spec.priority = priority }
        if !command.list("scope").isEmpty { spec.scope = command.list("scope") }
        if !command.list("requesters").isEmpty { spec.requesters = command.list("requesters") }
        let sets = command.approverSets()
        if !sets.isEmpty { spec.approverSets = sets.map { .init(approvers: $0.approvers, requiredApprovals: $0.approvals) } }
        if !command.list("reviewers").isEmpty { spec.reviewers = command.list("reviewers") }
        if let reviews = try command.int("reviews") { spec.requiredReviews = reviews }
        if let pattern = command.string("ticket-pattern") { spec.ticketPattern = pattern }
        if let seconds = try command.duration("default-duration") { spec.defaultDurationSeconds = seconds }
        if let seconds = try command.duration("max-duration") { spec.maximumDurationSeconds = seconds }
        if let count = try command.int("simultaneous") { spec.simultaneousReleases = count }
        if let seconds = try command.duration("approval-timeout") { spec.approvalTimeoutSeconds = seconds }

        let switches: [(String, WritableKeyPath<PolicySpec, Bool>, Bool)] = [
            ("review-comment-required", \.reviewCommentRequired, true), ("no-review-comment-required", \.reviewCommentRequired, false),
            ("auto-approve", \.autoApprove, true), ("no-auto-approve", \.autoApprove, false),
            ("emergency-access", \.emergencyAccessAllowed, true), ("no-emergency-access", \.emergencyAccessAllowed, false),
            ("ticket-required", \.ticketRequired, true), ("no-ticket-required", \.ticketRequired, false),
            ("reason-required", \.reasonRequired, true), ("no-reason-required", \.reasonRequired, false),
            ("custom-duration", \.customDurationAllowed, true), ("no-custom-duration", \.customDurationAllowed, false),
            ("no-rotate-after-checkin", \.rotateAfterCheckIn, false), ("rotate-after-checkin", \.rotateAfterCheckIn, true),
            ("show-again", \.showAgainAfterChange, true), ("no-show-again", \.showAgainAfterChange, false),
            ("allow-requests-during-review", \.newRequestsWhileAwaitingReview, true),
            ("no-allow-requests-during-review", \.newRequestsWhileAwaitingReview, false),
            ("disable", \.isDisabled, true), ("enable", \.isDisabled, false),
        ]
        for (flag, keyPath, value) in switches where command.occurrences.contains(where: { $0.name == flag }) {
            spec[keyPath: keyPath] = value
        }
        if command.occurrences.contains(where: { $0.name == "no-ticket-pattern" }) { spec.ticketPattern = nil }
    }

    static func describe(_ spec: PolicySpec) -> String {
        let sets = spec.approverSets.enumerated().map { index, set in
            "  approver set \(index + 1): \(set.requiredApprovals) of \(set.approvers.joined(separator: ", "))"
        }
        var lines = [
            "policy \(spec.name) (priority \(spec.priority))\(spec.isDisabled ? ", disabled" : "")",
            "  scope: \(spec.scope.joined(separator: ", "))",
            "  requesters: \(spec.requesters.joined(separator: ", "))",
        ] + sets
        lines.append("  reviews: \(spec.requiredReviews)\(spec.reviewers.isEmpty ? "" : " of \(spec.reviewers.joined(separator: ", "))")")
        lines.append("  default duration: \(TimeFormatting.duration(seconds: spec.defaultDurationSeconds)); maximum: \(TimeFormatting.duration(seconds: spec.maximumDurationSeconds))")
        var settings: [String] = []
        if spec.autoApprove { settings.append("auto-approve") }
        if spec.emergencyAccessAllowed { settings.append("emergency access") }
        if spec.ticketRequired { settings.append("ticket required\(spec.ticketPattern.map { " matching \($0)" } ?? "")") }
        if spec.reasonRequired { settings.append("reason required") }
        if spec.customDurationAllowed { settings.append("custom durations") }
        if spec.simultaneousReleases > 1 { settings.append("\(spec.simultaneousReleases) simultaneous releases") }
        if !spec.rotateAfterCheckIn { settings.append("no rotation after check-in") }
        if spec.showAgainAfterChange { settings.append("show again after change") }
        if spec.newRequestsWhileAwaitingReview { settings.append("new requests while awaiting review") }
        if spec.reviewCommentRequired { settings.append("review comment required") }
        lines.append("  approval timeout: \(TimeFormatting.duration(seconds: spec.approvalTimeoutSeconds))")
        if !settings.isEmpty { lines.append("  settings: \(settings.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
