#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdTestSupport

/// A real vault and service with named users, and `safehold` runs as each of them. Every run
/// gets `TZ=UTC`, so that the times in the text output can be computed from the JSON output.
final class EndToEndSession {
    let service: ServiceProcess

    /// Starts the service and adds `users` with bearer tokens. The test process itself is the
    /// administrator, by OS login.
    init(users: [String] = []) throws {
        service = try ServiceProcess()
        for user in users {
            try service.addUser(user)
        }
    }

    var vault: String { service.vault }

    /// Runs `safehold` as `user`, or as the administrator when `user` is nil.
    func run(_ user: String?, _ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> CommandRun {
        var extra = ["TZ": "UTC"]
        if let user { extra["SAFEHOLD_TOKEN_FILE"] = service.tokenFile(user) }
        extra.merge(environment) { _, new in new }
        return CommandRun(try BuiltBinary.run(["--vault", vault] + arguments, environment: extra, input: input))
    }

    /// Runs `safehold` as `user` and returns its standard output, or throws with its standard
    /// error when it fails.
    @discardableResult
    func succeed(_ user: String?, _ arguments: [String], input: String = "") throws -> String {
        let result = try run(user, arguments, input: input)
        guard result.status == 0 else {
            throw TestSupportError("safehold \(arguments.joined(separator: " ")) as \(user ?? "admin") exited \(result.status): \(result.standardError)")
        }
        return result.standardOutput
    }

    /// Runs `safehold ... --json` as `user` and decodes its output.
    func json<Value: Decodable>(_ type: Value.Type, _ user: String?, _ arguments: [String], input: String = "") throws -> Value {
        try decodeJSON(type, try succeed(user, arguments + ["--json"], input: input))
    }

    /// Adds key `key` with the given values, read by `apikey add` as lines from standard input,
    /// adding the asset and the account first when they do not exist yet.
    func addKey(_ path: String, _ key: String, clientID: String, secret: String, secretID: String? = nil) throws {
        let asset = String(path.split(separator: "/")[0])
        if try !json([AssetJSON].self, nil, ["asset", "list"]).contains(where: { $0.name == asset }) {
            try succeed(nil, ["asset", "add", asset])
        }
        if try !json([AccountRowJSON].self, nil, ["account", "list", asset]).contains(where: { "\($0.asset.name)/\($0.account.name)" == path }) {
            try succeed(nil, ["account", "add", path])
        }
        let lines = [clientID, secret] + (secretID.map { [$0] } ?? [])
        try succeed(nil, ["apikey", "add", path, key], input: lines.joined(separator: "\n") + "\n")
    }

    /// Creates a request as `user` and returns its id, read from `request --json`.
    func request(_ user: String, _ arguments: [String]) throws -> String {
        try json(SummaryJSON.self, user, ["request"] + arguments).request.id
    }
}

/// Returns a random value for a test secret, so that a search for it cannot match anything else.
func uniqueSecret(_ prefix: String = "sk_test_") -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    return prefix + String((0..<32).map { _ in alphabet.randomElement()! })
}

/// Returns the non-empty lines of `text`.
func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
}

/// Returns the cells of a table line, split where two or more spaces separate them.
func cells(_ line: String) -> [String] {
    var cells: [String] = []
    var current = ""
    var spaces = 0
    for character in line {
        if character == " " {
            spaces += 1
            continue
        }
        if spaces >= 2 && !current.isEmpty {
            cells.append(current)
            current = ""
        } else if spaces == 1 {
            current += " "
        }
        spaces = 0
        current.append(character)
    }
    if !current.isEmpty { cells.append(current) }
    return cells
}

/// Returns the date of the milliseconds of the JSON output.
func date(milliseconds: Double) -> Date {
    Date(timeIntervalSince1970: milliseconds / 1000)
}
