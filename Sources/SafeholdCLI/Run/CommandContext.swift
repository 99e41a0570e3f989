#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdClient
import SafeholdModel
import SafeholdProtocol

/// Everything one command needs from its surroundings: the parsed command line, the environment,
/// the terminal, the clock and time zone, and a lazily opened client of the service.
final class CommandContext {
    let command: ParsedCommand
    let environment: [String: String]
    let terminal: Terminal
    let now: Date
    let timeZone: LocalTimeZone
    private var openClient: ServiceClient?

    init(command: ParsedCommand, environment: [String: String], terminal: Terminal, now: Date, timeZone: LocalTimeZone) {
        self.command = command
        self.environment = environment
        self.terminal = terminal
        self.now = now
        self.timeZone = timeZone
    }

    deinit {
        openClient?.close()
    }

    var wantsJSON: Bool { command.wantsJSON }

    /// The vault directory and socket path from `--vault`, `--socket` and the environment.
    func location() throws -> VaultLocation {
        try VaultLocation.resolve(
            vault: command.string("vault"), socket: command.string("socket"),
            environment: environment, home: environment["HOME"]
        )
    }

    /// Calls one operation of the service.
    func call<Params: Encodable, Result: Decodable>(_ operation: Operation, _ params: Params, as type: Result.Type = Result.self) throws -> Result {
        try client().call(operation, params, as: type)
    }

    private func client() throws -> ServiceClient {
        if let openClient { return openClient }
        let token = try TokenSource.load(environment: environment, home: environment["HOME"])
        let client = ServiceClient(socketPath: try location().socketPath, token: token)
        openClient = client
        return client
    }

    /// Writes `text` and a newline to standard output.
    func print(_ text: String) {
        _ = StandardStream.output.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Writes a note for people to standard error, such as a progress line.
    func note(_ text: String) {
        _ = StandardStream.error.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Writes `value` as one line of JSON with sorted keys to standard output.
    func printJSON<Value: Encodable>(_ value: Value) throws {
        let data = try WireCoding.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Prints the result as JSON with `--json`, else as the text `render` makes.
    func emit<Value: Encodable>(_ value: Value, _ render: () -> String) throws {
        if wantsJSON {
            try printJSON(value)
        } else {
            let text = render()
            if !text.isEmpty { print(text) }
        }
    }

    /// Times in the local time zone, as the listings show them.
    func window(_ summary: RequestSummary) -> String {
        let start = summary.request.windowStart ?? summary.request.requestedStart ?? summary.request.requestedAt
        return TimeFormatting.window(start: start, durationSeconds: summary.request.durationSeconds, timeZone: timeZone)
    }
}
