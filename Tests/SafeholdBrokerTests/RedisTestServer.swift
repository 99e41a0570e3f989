#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem
import Testing

/// A real redis-server for one test, listening only on a Unix socket in the test's own directory
/// (`port 0` turns TCP off), with the default user disabled, an ACL admin user and the given users.
/// Its configuration, passwords included, reaches it on standard input (`redis-server -`).
final class RedisTestServer {
    static let adminUser = "safehold-admin"
    static let adminPassword = "admin-pw-Qx7v2LmN"

    let socket: String
    private let pid: pid_t
    private var stopped = false

    /// Starts the server with `users` (name and password) and waits, at most 10 seconds, until it
    /// replies to PING from the admin user.
    init(in directory: ConnectorTestDirectory, users: [(name: String, password: String)]) throws {
        let server = try #require(
            Self.findProgram("redis-server"),
            "redis-server is not installed; run 'SAFEHOLD_SETUP_TEST_TOOLS=1 scripts/setup'"
        )
        socket = directory.file("redis.sock")
        var configuration = """
            port 0
            unixsocket \(socket)
            unixsocketperm 700
            dir \(directory.path)
            logfile \(directory.file("redis.log"))
            save ""
            appendonly no
            daemonize no
            user default off
            user \(Self.adminUser) on >\(Self.adminPassword) ~* &* +@all

            """
        for user in users {
            configuration += "user \(user.name) on >\(user.password) ~\(user.name):* +@read\n"
        }
        let input = Array(configuration.utf8)
        pid = try input.withUnsafeBytes { bytes in
            try Subprocess(executable: server, arguments: ["-"], timeout: .seconds(5)).launchDetached(input: bytes)
        }

        let deadline = ContinuousClock.now + .seconds(10)
        while !answersPing() {
            guard ContinuousClock.now < deadline else {
                stop()
                Issue.record("redis-server did not answer within 10 seconds; see \(directory.file("redis.log"))")
                throw RedisTestError.notReady
            }
            usleep(20_000)
        }
    }

    deinit {
        stop()
    }

    /// Returns the reply lines of `commands`, sent on redis-cli's standard input.
    func send(_ commands: String) -> [String] {
        guard let client = Self.findProgram("redis-cli") else { return [] }
        let input = Array(commands.utf8)
        let result = try? input.withUnsafeBytes { bytes in
            try Subprocess(executable: client, arguments: ["-s", socket], timeout: .seconds(5)).run(input: bytes)
        }
        guard let result else { return [] }
        return String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Returns whether the server accepts `password` for `user`.
    func accepts(user: String, password: String) -> Bool {
        send("AUTH \(user) \(password)\n").first == "OK"
    }

    /// Shuts the server down without saving and reaps it, killing its process group when it has
    /// not exited within 5 seconds.
    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = send("AUTH \(Self.adminUser) \(Self.adminPassword)\nSHUTDOWN NOSAVE\n")

        let deadline = ContinuousClock.now + .seconds(5)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else {
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                return
            }
            usleep(20_000)
        }
    }

    private func answersPing() -> Bool {
        send("AUTH \(Self.adminUser) \(Self.adminPassword)\nPING\n").prefix(2) == ["OK", "PONG"]
    }

    static func findProgram(_ name: String) -> String? {
        ["/usr/bin", "/usr/local/bin", "/bin"].map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }
}

enum RedisTestError: Error {
    case notReady
}
