#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdCLI

/// Returns the parsed command of `arguments`, or nil when the line is not a command to run.
func parsedCommand(_ arguments: [String]) -> ParsedCommand? {
    guard case .success(.run(let command)) = CommandLineParser.parse(arguments) else {
        return nil
    }
    return command
}

/// Returns the usage error of `arguments`, or nil when the line parses.
func usageError(_ arguments: [String]) -> UsageError? {
    guard case .failure(let error) = CommandLineParser.parse(arguments) else {
        return nil
    }
    return error
}

/// Returns the text that `safehold` prints on standard error for `arguments`, or nil when the
/// line parses.
func renderedError(_ arguments: [String]) -> String? {
    usageError(arguments).map { ErrorRenderer.render($0) }
}

/// Returns the instant of `seconds` since 1970-01-01 00:00 UTC.
func instant(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: seconds)
}
