#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one place that turns a `UsageError` into words. `ErrorRenderer` prints them as
/// `safehold: error: <message>`, `usage: <usageLine>` and `hint: <hint>`.
extension UsageError: ReportableError {
    public var exitCode: ExitCode { .usage }

    /// Usage line of the command the error belongs to.
    public var usageLine: String { CommandCatalog.usageLine(for: path) }

    public var message: String {
        switch self {
        case .missingCommand(let path):
            return path.isEmpty ? "missing command" : "missing subcommand after \(quoted(path))"
        case .unknownCommand(let path, let word, _):
            return "unknown command \(quoted(path + [word]))"
        case .unknownOption(_, let option, _):
            return "unknown option \(quoted(option))"
        case .missingValue(_, let option):
            return "missing value for option \(option)"
        case .unexpectedValue(_, let option, let value):
            return "unexpected value \(quoted(value)) for flag \(option)"
        case .repeatedOption(_, let option):
            return "option \(option) given more than once"
        case .unexpectedArgument(_, let argument):
            return "unexpected argument \(quoted(argument))"
        case .missingArgument(_, let argument):
            return "missing argument \(argument)"
        case .missingOption(_, let option, let requiredBy):
            if let requiredBy {
                return "option \(requiredBy) requires \(option)"
            }
            return "missing option \(option)"
        case .invalidValue(_, let name, let value, let problem, _):
            let sentence = "invalid value \(quoted(value)) for \(name)"
            return problem.map { sentence + ": " + $0 } ?? sentence
        case .conflictingOptions(_, let first, let second):
            return "\(first) and \(second) cannot be used together"
        case .missingChoice(_, let names):
            return "missing " + Self.alternatives(names)
        case .misplacedOption(_, let option, let leader):
            return "option \(option) must follow its own \(leader)"
        }
    }

    public var hint: String? {
        switch self {
        case .missingCommand(let path):
            return Self.listingHint(path)
        case .unknownCommand(let path, _, let suggestion):
            guard let suggestion else {
                return Self.listingHint(path)
            }
            return "did you mean \(quoted(path + [suggestion]))?"
        case .unknownOption(let command, _, let suggestion):
            if let suggestion {
                return "did you mean \(suggestion)?"
            }
            return command.isEmpty
                ? "run 'safehold --help' to list the commands and global options"
                : "run 'safehold \(command.joined(separator: " ")) --help' to list its options"
        case .missingValue(let command, let option):
            let valueName = Self.option(option, of: command)?.valueName ?? "VALUE"
            return "write \(option) \(valueName), or \(option)=\(valueName) for a value that starts with a dash"
        case .unexpectedValue(_, let option, _):
            return "write \(option) without a value"
        case .repeatedOption(let command, _):
            return "only options marked (repeatable) in 'safehold \(command.joined(separator: " ")) --help' can be given more than once"
        case .unexpectedArgument(let command, _):
            if let spec = CommandCatalog.command(command), spec.arguments.isEmpty {
                return "safehold \(spec.name) takes no arguments"
            }
            return nil
        case .missingArgument:
            return nil
        case .missingOption(let command, let option, _):
            return Self.option(option, of: command).map { "\($0.synopsis): \($0.help)" }
        case .invalidValue(_, _, _, _, let expected):
            return "expected " + expected
        case .conflictingOptions(_, let first, let second):
            return "give either \(first) or \(second)"
        case .missingChoice:
            return nil
        case .misplacedOption(let command, let option, let leader):
            let leaderSynopsis = Self.option(leader, of: command)?.synopsis ?? leader
            let optionSynopsis = Self.option(option, of: command)?.synopsis ?? option
            return "write each pair as \(leaderSynopsis) \(optionSynopsis)"
        }
    }

    // MARK: Helpers

    private func quoted(_ words: [String]) -> String {
        ErrorRenderer.quoted(words.joined(separator: " "))
    }

    private func quoted(_ text: String) -> String {
        ErrorRenderer.quoted(text)
    }

    private static func listingHint(_ path: [String]) -> String {
        if path.isEmpty {
            return "run 'safehold --help' to list the commands"
        }
        return "run 'safehold \(path.joined(separator: " ")) --help' to list its subcommands"
    }

    /// Returns the option spelled `spelling` (with dashes) of the command or the global options.
    private static func option(_ spelling: String, of command: [String]) -> OptionSpec? {
        let name = String(spelling.dropFirst(2))
        return CommandCatalog.command(command)?.option(named: name) ?? CommandCatalog.globalOption(named: name)
    }

    /// Joins names as "A or B", or "one of A, B or C".
    private static func alternatives(_ names: [String]) -> String {
        guard names.count > 2, let last = names.last else {
            return names.joined(separator: " or ")
        }
        return "one of " + names.dropLast().joined(separator: ", ") + " or " + last
    }
}
