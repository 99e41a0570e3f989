#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem
import SafeholdTestSupport

/// A process that a test starts with descriptors of its choice: a pipe on an extra descriptor,
/// a pseudo-terminal as its standard streams, or a new session. `BuiltBinary` covers the common
/// case of standard input and output only.
///
/// Every descriptor this file creates is close-on-exec from the start, because the tests of this
/// process run in parallel and a stray inherited pipe end would keep another test's reader from
/// seeing end of input.
struct SpawnedProcess {
    /// One step of the child's descriptor setup, run in order before the program starts.
    enum FileAction {
        case duplicate(Int32, to: Int32)
        case open(String, to: Int32, flags: Int32)
    }

    let pid: pid_t

    /// glibc's `POSIX_SPAWN_SETSID`, hidden from Swift behind `_GNU_SOURCE`.
    private static let newSessionFlag: Int16 = 0x80

    /// Starts `executable` directly (no shell). Descriptors that no action names are closed in
    /// the child (descriptors 3 and up, where glibc offers `closefrom`), so only what the test
    /// passed on reaches it.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String],
        actions fileActions: [FileAction], newSession: Bool = false
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var highest: Int32 = 2
        for action in fileActions {
            switch action {
            case let .duplicate(source, target):
                posix_spawn_file_actions_adddup2(&actions, source, target)
                highest = max(highest, target)
            case let .open(path, target, flags):
                posix_spawn_file_actions_addopen(&actions, target, path, flags, 0)
                highest = max(highest, target)
            }
        }
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, highest + 1)
        }

        // The child starts with every signal at its default action and none blocked, whatever
        // the test runner's thread had: an inherited blocked SIGTERM would keep Xvfb from stopping.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var flags = Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession { flags |= Self.newSessionFlag }
        posix_spawnattr_setflags(&attributes, flags)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw TestSupportError("posix_spawn of \(executable) failed: \(SystemErrorText.describe(status))")
        }
        pid = child
    }

    /// Waits for the process to exit and returns its exit status, or -signal when a signal
    /// ended it. Kills it and throws after `timeout`.
    func wait(timeout: Duration = .seconds(60)) throws -> Int32 {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw TestSupportError("process \(pid) did not exit within \(timeout)")
            }
            usleep(10_000)
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : -signal
    }

    /// Returns whether the process has exited, reaping it if so, and its status then.
    func exitStatusIfDone() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : -signal
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34 and later), looked up at run time
    /// because Swift's Glibc module does not declare it.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }
}

/// Returns the C library function `name`, for the few that Swift's Glibc module hides behind
/// feature macros such as _GNU_SOURCE. Stops the test run when the C library lacks it.
func cFunction<Function>(_ name: String, as type: Function.Type) -> Function {
    guard let symbol = dlsym(nil, name) else { fatalError("the C library has no \(name)") }
    return unsafeBitCast(symbol, to: type)
}

/// Pipes and reads for test processes.
enum TestDescriptors {
    /// `pipe2(fds, O_CLOEXEC)`, looked up at run time because Swift's Glibc module hides it
    /// behind `_GNU_SOURCE`.
    private static let pipe2 = cFunction("pipe2", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)

    /// Returns a new pipe whose two ends are close-on-exec.
    static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe2(&ends, O_CLOEXEC) == 0 else {
            throw TestSupportError("pipe2 failed: \(SystemErrorText.describe(errno))")
        }
        return (ends[0], ends[1])
    }

    /// Writes every byte of `bytes` to `fd`.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }

    /// Reads `fd` to end of input.
    static func readAll(_ fd: Int32) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return output }
            output += buffer[0..<count]
        }
    }

    /// Reads a whole file such as `/proc/PID/environ`, or nil when it cannot be opened.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd)
    }
}

/// The outcome of one run of `safehold`, from `BuiltBinary` or from `runSafehold`.
struct CommandRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    init(status: Int32, standardOutput: String, standardError: String) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    init(_ run: BuiltBinary.Run) {
        self.init(status: run.status, standardOutput: run.standardOutput, standardError: run.standardError)
    }
}

/// Returns the environment that `BuiltBinary.run` gives `safehold`, plus `extra`.
func safeholdEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = Subprocess.minimalEnvironment()
    environment["HOME"] = "/nonexistent"
    environment.merge(extra) { _, new in new }
    return environment
}

/// Runs `safehold` with `input` written into a pipe that is the child's descriptor
/// `descriptor`, with standard input at /dev/null, and collects its output. With `newSession`,
/// the child has no controlling terminal, so `/dev/tty` cannot be opened.
func runSafehold(
    _ arguments: [String], environment extra: [String: String] = [:], input: [UInt8] = [], onDescriptor descriptor: Int32 = 7,
    newSession: Bool = false
) throws -> CommandRun {
    let inputPipe = try TestDescriptors.pipe()
    let outputPipe = try TestDescriptors.pipe()
    let errorPipe = try TestDescriptors.pipe()
    let process: SpawnedProcess
    do {
        process = try SpawnedProcess(BuiltBinary.path, arguments, environment: safeholdEnvironment(extra), actions: [
            .open("/dev/null", to: 0, flags: O_RDONLY),
            .duplicate(outputPipe.write, to: 1),
            .duplicate(errorPipe.write, to: 2),
            .duplicate(inputPipe.read, to: descriptor),
        ], newSession: newSession)
    } catch {
        [inputPipe.read, inputPipe.write, outputPipe.read, outputPipe.write, errorPipe.read, errorPipe.write].forEach { close($0) }
        throw error
    }
    close(inputPipe.read)
    close(outputPipe.write)
    close(errorPipe.write)

    // The input is a few bytes, far below a pipe's buffer, so writing it first cannot block.
    TestDescriptors.write(input, to: inputPipe.write)
    close(inputPipe.write)
    let output = TestDescriptors.readAll(outputPipe.read)
    let errors = TestDescriptors.readAll(errorPipe.read)
    close(outputPipe.read)
    close(errorPipe.read)
    let status = try process.wait()
    return CommandRun(status: status, standardOutput: String(decoding: output, as: UTF8.self), standardError: String(decoding: errors, as: UTF8.self))
}
