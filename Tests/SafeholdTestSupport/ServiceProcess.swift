#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem

/// A real vault in a temporary directory and a real `safehold serve` process on it, for tests
/// that exercise the product as users do. The caller is the vault's first administrator by OS
/// login; `addUser(_:)` creates users with bearer tokens stored in 0600 files.
public final class ServiceProcess: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let vault: String
    public let keyFile: String
    public let socket: String
    public let logFile: String
    public private(set) var pid: pid_t = 0
    /// Arguments added to `safehold serve` by `start()` when it is given none.
    public let serveArguments: [String]
    /// Whether `socket` was chosen by the test, so that every command passes `--socket`.
    private let hasSocketOption: Bool

    /// Creates the vault (key file protection) and starts the service. `socket` places the
    /// service's socket outside the vault directory; every command then passes `--socket`.
    public init(start: Bool = true, extraServeArguments: [String] = [], socket: String? = nil) throws {
        directory = try TemporaryDirectory(prefix: "shs")
        vault = directory.file("v")
        keyFile = directory.file("vault.key")
        self.socket = socket ?? vault + "/safehold.sock"
        hasSocketOption = socket != nil
        serveArguments = extraServeArguments
        logFile = directory.file("service.log")
        let created = try BuiltBinary.run(["init", "--vault", vault, "--key-file", keyFile, "--admin", "admin"])
        guard created.status == 0 else {
            throw TestSupportError("safehold init failed (\(created.status)): \(created.standardError)")
        }
        if start { try self.start(extraArguments: extraServeArguments) }
    }

    deinit {
        stop()
    }

    /// Starts `safehold serve` in the background and, unless `waitUntilServing` is false, waits
    /// until `whoami` succeeds. `extraArguments` defaults to the `extraServeArguments` of `init`.
    public func start(extraArguments: [String]? = nil, waitUntilServing: Bool = true) throws {
        let logDescriptor = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard logDescriptor >= 0 else { throw TestSupportError("cannot open \(logFile)") }
        defer { close(logDescriptor) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, logDescriptor, 2)

        let arguments = [BuiltBinary.path, "serve"] + locationArguments + ["--key-file", keyFile] + (extraArguments ?? serveArguments)
        let environment = ["PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/nonexistent", "LANG=C.UTF-8"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, BuiltBinary.path, &actions, nil, &argv, &envp)
        guard status == 0 else { throw TestSupportError("posix_spawn of safehold serve failed: \(status)") }
        pid = child
        guard waitUntilServing else { return }

        for _ in 0..<200 {
            if FilePermissions.status(of: socket)?.isSocket == true, (try? admin(["whoami"]))?.status == 0 { return }
            var exitStatus: Int32 = 0
            if waitpid(child, &exitStatus, WNOHANG) == child {
                pid = 0
                throw TestSupportError("safehold serve exited early: \(log())")
            }
            usleep(25_000)
        }
        throw TestSupportError("safehold serve did not start within 5 s: \(log())")
    }

    /// Sends `signal` (SIGTERM by default) and waits for the process to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32? {
        guard pid > 0 else { return nil }
        kill(pid, signal)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        pid = 0
        return status
    }

    /// Sends SIGTERM and waits up to `timeout` for the process to exit. Returns its exit code,
    /// or nil when it died of a signal or did not exit in time, in which case it is killed.
    public func terminate(timeout: Duration) -> Int32? {
        guard pid > 0 else { return nil }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else {
                stop(signal: SIGKILL)
                return nil
            }
            usleep(10_000)
        }
        pid = 0
        // The wait status holds the exit code in bits 8 to 15 when the low 7 bits (the signal) are 0.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }

    /// Runs safehold as the administrator (by OS login).
    public func admin(_ arguments: [String], input: String = "") throws -> BuiltBinary.Run {
        try BuiltBinary.run(locationArguments + arguments, input: input)
    }

    /// Runs safehold as `user`, with the token file that `addUser` wrote.
    public func run(as user: String, _ arguments: [String], input: String = "") throws -> BuiltBinary.Run {
        try BuiltBinary.run(locationArguments + arguments, environment: ["SAFEHOLD_TOKEN_FILE": tokenFile(user)], input: input)
    }

    /// `--vault`, and `--socket` when the test chose the socket's path.
    public var locationArguments: [String] {
        hasSocketOption ? ["--vault", vault, "--socket", socket] : ["--vault", vault]
    }

    /// Adds a user (with extra `user add` flags) and stores a token for it.
    public func addUser(_ name: String, flags: [String] = []) throws {
        let added = try admin(["user", "add", name] + flags)
        guard added.status == 0 else { throw TestSupportError("user add \(name) failed: \(added.standardError)") }
        let token = try admin(["token", "create", name])
        guard token.status == 0 else { throw TestSupportError("token create \(name) failed: \(token.standardError)") }
        try PrivateFile.create(tokenFile(name), contents: Array(token.standardOutput.utf8), mode: 0o600)
    }

    public func tokenFile(_ user: String) -> String {
        directory.file("token-\(user)")
    }

    /// The service's stderr so far.
    public func log() -> String {
        (try? PrivateFile.read(logFile, limit: 16 << 20)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
