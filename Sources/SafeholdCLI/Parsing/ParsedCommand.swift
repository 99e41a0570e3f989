#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One option as it appeared on the command line, in order.
public struct OptionOccurrence: Hashable, Sendable {
    /// Long name without dashes, such as `approvers`.
    public let name: String
    /// The value, or nil for a flag.
    public let value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// A command line that passed every check of the catalog: the command, its positional arguments
/// and its options, global options included. Option names are long names without dashes.
public struct ParsedCommand: Hashable, Sendable {
    /// Subcommand words, such as `["user", "add"]`.
    public let path: [String]
    public let positionals: [String]
    /// Every option with its value, in command-line order. Keeping the order is what lets
    /// `approverSets()` pair each `--approvals` with the `--approvers` before it.
    public let occurrences: [OptionOccurrence]

    public init(path: [String], positionals: [String] = [], occurrences: [OptionOccurrence] = []) {
        self.path = path
        self.positionals = positionals
        self.occurrences = occurrences
    }

    /// Values of each option that takes one, in command-line order.
    public var options: [String: [String]] {
        var values: [String: [String]] = [:]
        for occurrence in occurrences {
            if let value = occurrence.value {
                values[occurrence.name, default: []].append(value)
            }
        }
        return values
    }

    /// Names of the flags that were given.
    public var flags: Set<String> {
        Set(occurrences.filter { $0.value == nil }.map(\.name))
    }
}
