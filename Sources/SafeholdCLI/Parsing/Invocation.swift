#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the command line asks for: run a command, show help, or print the version.
public enum Invocation: Hashable, Sendable {
    case run(ParsedCommand)
    /// Help for the words given before `--help`: `[]` for the overview, a group such as
    /// `["user"]`, or a command such as `["user", "add"]`.
    case help(path: [String])
    case version
}
