#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdSystem
import SafeholdTestSupport

/// The callers of the permission matrix, in the order of each table row's columns.
enum PermissionRole: String, CaseIterable, Sendable {
    case requester, approver, reviewer, auditor, administrator, unknown, disabled, revoked

    /// The user whose token file the role runs with; the administrator runs by OS login.
    var userName: String? {
        switch self {
        case .requester: "alice"
        case .approver: "bob"
        case .reviewer: "dave"
        case .auditor: "erin"
        case .administrator: nil
        case .unknown: "nobody"
        case .disabled: "gina"
        case .revoked: "hank"
        }
    }
}

/// One command line to run for a matrix cell: its arguments, standard input, and whether it must
/// run on a terminal (`copy` falls back to the terminal's clipboard there).
struct MatrixInvocation {
    var arguments: [String]
    var input = ""
    var onTerminal = false
}

/// A real service with one user per role and a vault laid out so that every command of the
/// matrix has something to act on.
///
/// gina (disabled) and hank (revoked token) are administrators and auditors and are listed in
/// every role of the policies, so each refusal of theirs can only come from the disabled user or
/// the revoked token. The unknown caller's token file contains a random token. `lab/main` allows
/// many overlapping releases, so each cell gets a fresh request of its own.
final class PermissionMatrixWorld: @unchecked Sendable {
    let service: ServiceProcess
    static let verifySecret = "verify-secret-7Hq2Lm9Xc4Rt8Wz1"

    init() throws {
        service = try ServiceProcess()
        for (name, flags) in [("alice", []), ("bob", []), ("dave", []), ("erin", ["--auditor"]),
                              ("gina", ["--admin", "--auditor"]), ("hank", ["--admin", "--auditor"])] {
            try service.addUser(name, flags: flags)
        }
        try PrivateFile.create(service.tokenFile("nobody"), contents: Array("sht_\(Self.randomText(40))\n".utf8), mode: 0o600)

        try admin(["asset", "add", "lab"])
        for account in ["main", "self", "verify", "rotate", "keys"] {
            try admin(["account", "add", "lab/\(account)"])
            let secret = account == "verify" ? Self.verifySecret : "secret-of-\(account)-\(Self.randomText(16))"
            try admin(["apikey", "add", "lab/\(account)", "api"], input: "client-\(account)\n\(secret)\n")
        }
        try admin([
            "policy", "add", "main", "--scope", "lab/main", "--requesters", "alice,gina,hank",
            "--approvers", "bob,gina,hank", "--approvals", "1", "--reviewers", "dave,gina,hank", "--reviews", "1",
            "--simultaneous", "1000", "--allow-requests-during-review",
        ])
        try admin([
            "policy", "add", "self", "--scope", "lab/self", "--requesters", "alice,admin",
            "--approvers", "alice,admin,bob", "--approvals", "1", "--simultaneous", "1000",
        ])
        try admin(["policy", "add", "spare", "--scope", "lab/keys", "--requesters", "alice", "--approvers", "bob"])

        try admin(["user", "disable", "gina"])
        try admin(["token", "revoke", try tokenID(of: "hank")])
        try passExampleKeysThrough()
    }

    /// Imports examples/keys.csv, then checks one of its keys out and in (which rotates it), so
    /// that real-looking values cross the service. `scripts/leak-scan` runs the service tests and
    /// then searches this vault and the service log for those values.
    private func passExampleKeysThrough() throws {
        let repository = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        try admin(["apikey", "import", repository + "/examples/keys.csv"])
        try admin(["policy", "add", "examples", "--scope", "github,stripe,aws,azure,gcp", "--requesters", "alice", "--approvers", "bob"])
        let id = try pendingRequest("stripe/billing")
        try user("bob", ["approve", id])
        try user("alice", ["show", id])
        try user("alice", ["checkin", id])
    }

    // MARK: Running commands

    /// Runs `invocation` as `role` and returns its exit status and standard error.
    func run(_ invocation: MatrixInvocation, as role: PermissionRole) throws -> (status: Int32, standardError: String) {
        if invocation.onTerminal {
            return try runOnTerminal(invocation.arguments, tokenFile: role.userName.map(service.tokenFile))
        }
        let run = try role.userName.map { user in try service.run(as: user, invocation.arguments, input: invocation.input) }
            ?? service.admin(invocation.arguments, input: invocation.input)
        return (run.status, run.standardError)
    }

    /// Runs safehold as the administrator and throws unless it succeeds.
    @discardableResult
    func admin(_ arguments: [String], input: String = "") throws -> String {
        try succeeded(service.admin(arguments, input: input), arguments)
    }

    /// Runs safehold as `user` and throws unless it succeeds.
    @discardableResult
    func user(_ user: String, _ arguments: [String]) throws -> String {
        try succeeded(service.run(as: user, arguments), arguments)
    }

    private func succeeded(_ run: BuiltBinary.Run, _ arguments: [String]) throws -> String {
        guard run.status == 0 else {
            throw TestSupportError("safehold \(arguments.joined(separator: " ")) failed (\(run.status)): \(run.standardError)")
        }
        return run.standardOutput
    }

    /// Runs safehold inside a pseudo-terminal made by `script`, so that standard output is a
    /// terminal, as `copy` needs when there is no X or Wayland display.
    private func runOnTerminal(_ arguments: [String], tokenFile: String?) throws -> (status: Int32, standardError: String) {
        let command = ([BuiltBinary.path, "--vault", service.vault] + arguments).joined(separator: " ")
        var environment = Subprocess.minimalEnvironment()
        environment["HOME"] = "/nonexistent"
        environment["SHELL"] = "/bin/sh"
        if let tokenFile { environment["SAFEHOLD_TOKEN_FILE"] = tokenFile }
        let process = Subprocess(executable: "/usr/bin/script", arguments: ["-qec", command, "/dev/null"], environment: environment, timeout: .seconds(60))
        // The terminal merges both streams into standard output.
        let result = try process.run()
        return (result.exitStatus ?? -1, String(decoding: result.standardOutput, as: UTF8.self))
    }

    // MARK: Requests in each state, made by alice and moved on by bob

    func pendingRequest(_ account: String = "lab/main", by requester: String = "alice") throws -> String {
        let output = requester == "admin"
            ? try admin(["request", account, "--json"])
            : try user(requester, ["request", account, "--json"])
        struct Created: Decodable {
            struct Request: Decodable { var id: String }
            var request: Request
        }
        return try JSONDecoder().decode(Created.self, from: Data(output.utf8)).request.id
    }

    func availableRequest() throws -> String {
        let id = try pendingRequest()
        try user("bob", ["approve", id])
        return id
    }

    func checkedOutRequest() throws -> String {
        let id = try availableRequest()
        try user("alice", ["show", id, "--field", "client-secret"])
        return id
    }

    func reviewableRequest() throws -> String {
        let id = try checkedOutRequest()
        try user("alice", ["checkin", id])
        return id
    }

    func deniedRequest() throws -> String {
        let id = try pendingRequest()
        try user("bob", ["deny", id])
        return id
    }

    // MARK: Directory objects

    /// Returns the id of `user`'s only token.
    func tokenID(of user: String) throws -> String {
        struct Listed: Decodable { var id: String }
        let output = try admin(["token", "list", user, "--json"])
        guard let id = try JSONDecoder().decode([Listed].self, from: Data(output.utf8)).first?.id else {
            throw TestSupportError("user \(user) has no token")
        }
        return id
    }

    /// Adds a user with a token, for commands that change or revoke one.
    func addTarget(_ name: String, disabled: Bool = false) throws {
        try admin(["user", "add", name])
        try admin(["token", "create", name])
        if disabled { try admin(["user", "disable", name]) }
    }

    /// Writes a CSV import file with one key of `lab/keys`, and returns its path.
    func importFile(key: String) throws -> String {
        let path = service.directory.file("import-\(key).csv")
        let content = "asset,account,key,client_id,client_secret,client_secret_id,description\nlab,keys,\(key),client-\(key),secret-\(Self.randomText(24)),,\n"
        try PrivateFile.create(path, contents: Array(content.utf8), mode: 0o600)
        return path
    }

    static func randomText(_ count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }
}
