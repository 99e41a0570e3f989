#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Serializes pipe creation and spawning, see `PipeSet`.
private let spawnLock = Mutex(())

/// glibc's `POSIX_SPAWN_SETSID` (since 2.26), hidden from Swift behind `_GNU_SOURCE`.
private let posixSpawnSetSID: Int32 = 0x80

/// Runs a program directly (no shell) with an explicit environment, feeds it standard input
/// through a pipe, collects its standard output and error, and kills its whole process group when
/// it overruns its timeout.
///
/// Secrets travel only through the stdin pipe and the collected output, never through argv or the
/// environment. The caller owns the returned output bytes and wipes them when they hold a secret.
public struct Subprocess: Sendable {
    /// Absolute path of the program.
    public var executable: String
    /// Arguments after the program name. Never put a secret here: argv is world-readable in /proc.
    public var arguments: [String]
    /// The complete environment of the child; nothing is inherited.
    public var environment: [String: String]
    /// Time after which the process group is killed with SIGKILL.
    public var timeout: Duration
    /// Output beyond this many bytes per stream is read and dropped.
    public var outputLimit: Int

    public init(
        executable: String, arguments: [String] = [], environment: [String: String] = Subprocess.minimalEnvironment(),
        timeout: Duration = .seconds(30), outputLimit: Int = 1 << 20
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Returns an environment with only a fixed `PATH` and a UTF-8 C locale.
    public static func minimalEnvironment() -> [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
    }

    /// The outcome of one run.
    public struct Result: Sendable {
        /// Exit status when the program exited, nil when a signal ended it.
        public var exitStatus: Int32?
        public var terminatingSignal: Int32?
        public var timedOut: Bool
        public var standardOutput: [UInt8]
        public var standardError: [UInt8]

        public var succeeded: Bool { exitStatus == 0 && !timedOut }

        /// Overwrites the collected output with zeros, for output that held a secret.
        public mutating func wipeOutput() {
            for index in standardOutput.indices { standardOutput[index] = 0 }
            for index in standardError.indices { standardError[index] = 0 }
            standardOutput.removeAll()
            standardError.removeAll()
        }
    }

    /// Runs the program to completion with `input` on its standard input. With `discardOutput`,
    /// its standard output and error go to /dev/null, for programs such as `xclip` that leave a
    /// forked child behind which would otherwise hold the output pipes open. `spawned` receives
    /// the program's pid, which is also its process group id, before any input is written.
    public func run(
        input: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), discardOutput: Bool = false,
        spawned: (pid_t) -> Void = { _ in }
    ) throws(SubprocessError) -> Result {
        let (pipes, pid) = try spawnWithPipes(detached: false, discardOutput: discardOutput)
        defer { pipes.closeParentReadEnds() }
        spawned(pid)

        let deadline = ContinuousClock.now.advanced(by: timeout)
        var collector = OutputCollector(limit: outputLimit)
        let timedOut = collector.pump(pipes: pipes, input: input, deadline: deadline, readOutput: !discardOutput)
        if timedOut {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }

        let status = Subprocess.waitForExit(pid)
        return Result(
            exitStatus: status.exitStatus, terminatingSignal: status.signal, timedOut: timedOut,
            standardOutput: collector.standardOutput, standardError: collector.standardError
        )
    }

    /// Starts the program in a new session with `input` written to its standard input and returns
    /// at once, without waiting for it. Standard output and error go to /dev/null. Used for helpers
    /// that must outlive the command that started them.
    public func launchDetached(input: UnsafeRawBufferPointer) throws(SubprocessError) -> pid_t {
        let (pipes, pid) = try spawnWithPipes(detached: true)
        defer { pipes.closeParentReadEnds() }

        var collector = OutputCollector(limit: 0)
        _ = collector.pump(pipes: pipes, input: input, deadline: ContinuousClock.now.advanced(by: timeout), readOutput: false)
        return pid
    }

    private func spawnWithPipes(detached: Bool, discardOutput: Bool = false) throws(SubprocessError) -> (PipeSet, pid_t) {
        let result: Swift.Result<(PipeSet, pid_t), SubprocessError> = spawnLock.withLock { _ in
            do {
                let pipes = try PipeSet()
                do {
                    let pid = try spawn(pipes: pipes, detached: detached, discardOutput: discardOutput)
                    pipes.closeChildEnds()
                    return .success((pipes, pid))
                } catch let error as SubprocessError {
                    pipes.closeAll()
                    return .failure(error)
                }
            } catch let error as SubprocessError {
                return .failure(error)
            } catch {
                return .failure(.pipeFailed(errno: EINVAL))
            }
        }
        return try result.get()
    }

    private func spawn(pipes: PipeSet, detached: Bool, discardOutput: Bool) throws(SubprocessError) -> pid_t {
        guard executable.hasPrefix("/") else { throw .notAbsolute(executable) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes.stdinRead, 0)
        if detached || discardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, pipes.stdoutWrite, 1)
            posix_spawn_file_actions_adddup2(&actions, pipes.stderrWrite, 2)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        // A process group of its own lets a timeout kill the program and everything it started.
        let groupFlag = detached ? posixSpawnSetSID : Int32(POSIX_SPAWN_SETPGROUP)
        posix_spawnattr_setflags(&attributes, Int16(groupFlag | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))
        if !detached { posix_spawnattr_setpgroup(&attributes, 0) }

        let argv = [executable] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        var status: Int32 = 0
        // ETXTBSY: another thread's child briefly inherited a write descriptor of the program
        // file (between its open and close). It clears within milliseconds, so retry briefly.
        for attempt in 0..<20 {
            status = CStringArray.with(argv) { argvPointer in
                CStringArray.with(envp) { envPointer in
                    posix_spawn(&pid, executable, &actions, &attributes, argvPointer, envPointer)
                }
            }
            guard status == ETXTBSY else { break }
            usleep(UInt32(5_000 * (attempt + 1)))
        }
        guard status == 0 else { throw .spawnFailed(executable, errno: status) }
        return pid
    }

    private static func waitForExit(_ pid: pid_t) -> (exitStatus: Int32?, signal: Int32?) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return (nil, nil) }
        }
        // WIFEXITED and friends are macros that Swift cannot import.
        let signal = status & 0x7f
        if signal == 0 { return ((status >> 8) & 0xff, nil) }
        return (nil, signal)
    }
}

/// Failures to start a program. Failures of the program itself are in `Subprocess.Result`.
public enum SubprocessError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAbsolute(String)
    case pipeFailed(errno: Int32)
    case spawnFailed(String, errno: Int32)

    public var description: String {
        switch self {
        case let .notAbsolute(path):
            "program path '\(path)' is not absolute; give the full path, such as /usr/local/bin/tool"
        case let .pipeFailed(code):
            "failed to create a pipe: \(SystemErrorText.describe(code))"
        case let .spawnFailed(path, code):
            "failed to start \(path): \(SystemErrorText.describe(code)); check that it exists and is executable"
        }
    }
}
