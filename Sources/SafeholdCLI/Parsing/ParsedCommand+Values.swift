#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Typed access to the values of a parsed command. Names are long option names without dashes
/// (`clear-after`) or argument names (`ASSET/ACCOUNT`). Asking for a name that the command does
/// not declare is a programming error and stops debug builds.
///
/// The parser has already checked every value, so the throwing accessors throw only for a
/// `ParsedCommand` built by hand with a bad value.
extension ParsedCommand {
    /// The catalog entry of this command.
    public var command: CommandSpec? { CommandCatalog.command(path) }

    /// Whether `--json` was given.
    public var wantsJSON: Bool { flags.contains("json") }

    /// Returns the value of the option, the last one when it was repeated, or nil when absent.
    public func string(_ name: String) -> String? {
        strings(name).last
    }

    /// Returns every value of a repeatable option, in order.
    public func strings(_ name: String) -> [String] {
        assert(declaresOption(name), "\(self.path) has no option --\(name)")
        return occurrences.filter { $0.name == name }.compactMap(\.value)
    }

    /// Returns whether the flag was given.
    public func flag(_ name: String) -> Bool {
        assert(declaresOption(name), "\(self.path) has no option --\(name)")
        return flags.contains(name)
    }

    /// Returns the items of a comma-separated list option, every occurrence joined, with spaces
    /// around items removed.
    public func list(_ name: String) -> [String] {
        strings(name).flatMap { ValueKind.listItems($0) }
    }

    /// Returns the option's whole number, or nil when absent.
    public func int(_ name: String) throws(UsageError) -> Int? {
        guard let value = string(name) else {
            return nil
        }
        guard let number = Int(value) else {
            throw invalid(name, value, problem: nil, expected: "a whole number")
        }
        return number
    }

    /// Returns the option's duration in seconds, or nil when absent.
    public func duration(_ name: String) throws(UsageError) -> Int? {
        guard let value = string(name) else {
            return nil
        }
        do {
            return try DurationParser.parse(value)
        } catch {
            throw invalid(name, value, problem: error.problem, expected: DurationParser.expectedForms)
        }
    }

    /// Returns the instant the option names, reading local times in `timeZone` and "today" from
    /// `now`, or nil when absent.
    public func time(_ name: String, now: Date, timeZone: LocalTimeZone) throws(UsageError) -> Date? {
        guard let value = string(name) else {
            return nil
        }
        do {
            return try TimeParser.parse(value, now: now, timeZone: timeZone)
        } catch {
            throw invalid(name, value, problem: error.problem, expected: TimeParser.expectedForms)
        }
    }

    /// Returns the option's `ASSET/ACCOUNT` value, or nil when absent.
    public func accountPath(_ name: String) throws(UsageError) -> AccountPath? {
        guard let value = string(name) else {
            return nil
        }
        guard let path = AccountPath(value) else {
            throw invalid(name, value, problem: nil, expected: AccountPath.expectedForm)
        }
        return path
    }

    /// Returns the approver sets of `policy add` or `policy update`, one per `--approvers`,
    /// each with the `--approvals` that follows it (1 when none does).
    public func approverSets() -> [ApproverSetOption] {
        var sets: [ApproverSetOption] = []
        for occurrence in occurrences {
            guard let value = occurrence.value else {
                continue
            }
            if occurrence.name == "approvers" {
                sets.append(ApproverSetOption(approvers: ValueKind.listItems(value)))
            } else if occurrence.name == "approvals", let last = sets.last, let count = Int(value) {
                sets[sets.count - 1] = ApproverSetOption(approvers: last.approvers, approvals: count)
            }
        }
        return sets
    }

    // MARK: Arguments

    /// Returns the positional argument called `name` in the catalog, or nil when it was left out.
    /// For a variadic argument, returns its first word.
    public func argument(_ name: String) -> String? {
        arguments(name).first
    }

    /// Returns every word of the argument called `name`: all remaining words for a variadic one.
    public func arguments(_ name: String) -> [String] {
        guard let specs = command?.arguments, let position = specs.firstIndex(where: { $0.name == name }) else {
            assertionFailure("\(path) has no argument \(name)")
            return []
        }
        guard position < positionals.count else {
            return []
        }
        if specs[position].isVariadic {
            return Array(positionals[position...])
        }
        return [positionals[position]]
    }

    /// Returns the `ASSET/ACCOUNT` argument called `name`, or nil when it was left out.
    public func accountPathArgument(_ name: String = "ASSET/ACCOUNT") throws(UsageError) -> AccountPath? {
        guard let value = argument(name) else {
            return nil
        }
        guard let path = AccountPath(value) else {
            throw UsageError.invalidValue(command: self.path, name: name, value: value, problem: nil, expected: AccountPath.expectedForm)
        }
        return path
    }

    // MARK: Helpers

    /// Returns whether the command or the global options declare `--name`.
    func declaresOption(_ name: String) -> Bool {
        command?.option(named: name) != nil || CommandCatalog.globalOption(named: name) != nil
    }

    private func invalid(_ name: String, _ value: String, problem: String?, expected: String) -> UsageError {
        .invalidValue(command: path, name: "--" + name, value: value, problem: problem, expected: expected)
    }
}
