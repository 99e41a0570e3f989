#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol

/// The hidden `safehold __complete KIND` that completion scripts call. It prints the caller's open
/// request ids (`requests`) or the account paths (`accounts`) of the running service, one per
/// line. It prints nothing when the service is down or refuses, so a shell never shows an error
/// while completing.
public enum ServiceWords {
    public static let commandWord = "__complete"

    /// `options` are the global options before the hidden word, such as `--vault DIR`; anything
    /// else there makes the command print nothing.
    public static func run(_ kind: String, options: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        guard case let .success(.run(whoami)) = CommandLineParser.parse(options + ["whoami"]) else { return 0 }
        let context = CommandContext(command: whoami, environment: environment, terminal: Terminal.current(), now: Date(), timeZone: .system)
        guard let result = try? context.call(.complete, CompletionParams(kind: kind), as: CompletionResult.self) else { return 0 }
        for word in result.words { context.print(word) }
        return 0
    }
}
