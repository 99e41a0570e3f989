#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `completion SHELL`: prints the completion script for bash, zsh or fish.
enum CompletionCommand {
    static func run(_ context: CommandContext) throws -> ExitCode {
        guard let shell = CompletionScript.Shell(rawValue: context.command.argument("SHELL") ?? "") else {
            throw CommandFailure("unknown shell", hint: "use bash, zsh or fish", exitCode: .usage)
        }
        _ = StandardStream.output.write(CompletionScript.script(for: shell))
        return .success
    }
}
