#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns the words of a command line into an `Invocation`, checked against `CommandCatalog`.
///
/// Rules:
/// - The first words name the command (`user add`), and the words after it are its arguments.
/// - Options take their value as `--opt value` or `--opt=value`. A following word that starts
///   with `-` is never taken as a value, so such a value must be written `--opt=-x`.
/// - `--` ends the options: every word after it is an argument.
/// - Global options (`--vault`, `--json`, ...) may appear anywhere before `--`.
/// - `--help` or `-h` anywhere before `--` requests help on the words before it, unless a
///   command word was unknown.
/// - Every value is checked against its kind, then the arguments, required options and the
///   command's constraints, so a command only runs on a complete and well-formed line.
public enum CommandLineParser {
    /// Parses `arguments`, the command line without the program name
    /// (`CommandLine.arguments.dropFirst()`).
    public static func parse<Arguments: Collection<String>>(_ arguments: Arguments) -> Result<Invocation, UsageError> {
        var run = ParserRun(arguments: Array(arguments))
        do {
            try run.scanWords()
        } catch {
            if run.helpRequestedLater(), !isUnknownCommand(error) {
                return .success(.help(path: run.path))
            }
            return .failure(error)
        }

        if run.helpRequested {
            return .success(.help(path: run.path))
        }
        if run.versionRequested {
            return .success(.version)
        }
        do {
            return .success(.run(try run.finish()))
        } catch {
            return .failure(error)
        }
    }

    private static func isUnknownCommand(_ error: UsageError) -> Bool {
        if case .unknownCommand = error {
            return true
        }
        return false
    }
}
