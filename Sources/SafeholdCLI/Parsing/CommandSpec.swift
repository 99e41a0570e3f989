#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One command of the catalog: the words that select it, its usage line and help, and what it
/// accepts.
public struct CommandSpec: Hashable, Sendable {
    /// Subcommand words, such as `["user", "add"]`.
    public let path: [String]
    /// Usage line as printed after `usage: `, starting with `safehold`.
    public let usage: String
    /// One-line summary for the help overview, in the imperative.
    public let summary: String
    public let group: RoleGroup
    public let arguments: [ArgumentSpec]
    /// Options of this command. The global options are accepted as well and not repeated here.
    public let options: [OptionSpec]
    public let constraints: [CommandConstraint]

    public init(
        path: [String], usage: String, summary: String, group: RoleGroup,
        arguments: [ArgumentSpec] = [], options: [OptionSpec] = [], constraints: [CommandConstraint] = []
    ) {
        self.path = path
        self.usage = usage
        self.summary = summary
        self.group = group
        self.arguments = arguments
        self.options = options
        self.constraints = constraints
    }

    /// The subcommand words joined by spaces, such as `user add`.
    public var name: String { path.joined(separator: " ") }

    /// Returns the option of this command named `name` (without dashes), or nil.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}
