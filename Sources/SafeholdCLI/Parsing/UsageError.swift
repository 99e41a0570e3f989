#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A command line that does not match the catalog. Each case carries the command path (`[]`
/// before a command was recognised) and the offending words. `UsageError+Message.swift` is the
/// one place that turns them into sentences. Options are spelled with their dashes.
public enum UsageError: Error, Hashable, Sendable {
    /// No command word, or a group word such as `user` without its subcommand.
    case missingCommand(path: [String])
    /// `word` is not a command under `path`, and `suggestion` is the closest subcommand word
    /// under `path`, if any is close.
    case unknownCommand(path: [String], word: String, suggestion: String?)
    case unknownOption(command: [String], option: String, suggestion: String?)
    case missingValue(command: [String], option: String)
    /// A value given to a flag, as in `--json=yes`.
    case unexpectedValue(command: [String], option: String, value: String)
    case repeatedOption(command: [String], option: String)
    case unexpectedArgument(command: [String], argument: String)
    case missingArgument(command: [String], argument: String)
    /// A required option that is absent. `requiredBy` names the option that needs it, if any.
    case missingOption(command: [String], option: String, requiredBy: String?)
    /// `name` is an option or argument. `problem` describes what is wrong with `value` when that
    /// is known, and `expected` describes the accepted forms.
    case invalidValue(command: [String], name: String, value: String, problem: String?, expected: String)
    case conflictingOptions(command: [String], first: String, second: String)
    /// None of the members of a `.oneRequired` constraint was given.
    case missingChoice(command: [String], names: [String])
    /// An option of a pair given before its leader, or twice for one leader.
    case misplacedOption(command: [String], option: String, leader: String)

    /// Command path the error belongs to, whose usage line is printed with the error.
    public var path: [String] {
        switch self {
        case .missingCommand(let path), .unknownCommand(let path, _, _):
            path
        case .unknownOption(let command, _, _), .missingValue(let command, _),
             .unexpectedValue(let command, _, _), .repeatedOption(let command, _),
             .unexpectedArgument(let command, _), .missingArgument(let command, _),
             .missingOption(let command, _, _), .invalidValue(let command, _, _, _, _),
             .conflictingOptions(let command, _, _), .missingChoice(let command, _),
             .misplacedOption(let command, _, _):
            command
        }
    }
}
