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

/// A pseudo-terminal for prompt tests: the test owns the master side and plays the person at
/// the keyboard, and everything the program writes to the terminal is collected as the
/// `screen`. With echo on (the default), a typed line would show up on the screen too.
/// Unchecked `Sendable`: a test hands it from one thread to another, never uses it from two at once.
final class PromptTerminal: @unchecked Sendable {
    let master: Int32
    let slavePath: String
    /// Every byte read from the master side so far.
    private(set) var screen: [UInt8] = []

    init() throws {
        master = Self.posixOpenPT(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw TestSupportError("posix_openpt failed: \(SystemErrorText.describe(errno))") }
        guard Self.grantPT(master) == 0, Self.unlockPT(master) == 0 else {
            close(master)
            throw TestSupportError("grantpt or unlockpt failed: \(SystemErrorText.describe(errno))")
        }
        var name = [CChar](repeating: 0, count: 128)
        guard Self.ptsNameR(master, &name, name.count) == 0 else {
            close(master)
            throw TestSupportError("ptsname_r failed")
        }
        slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // Swift's Glibc module hides the pseudo-terminal functions behind _XOPEN_SOURCE, so they are
    // looked up at run time.
    private static let posixOpenPT = cFunction("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let grantPT = cFunction("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let unlockPT = cFunction("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    private static let ptsNameR = cFunction("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)

    deinit {
        close(master)
    }

    var screenText: String { String(decoding: screen, as: UTF8.self) }

    /// Starts `safehold` with the terminal as its standard input, output and error, in a new
    /// session so that the terminal becomes its controlling terminal and `/dev/tty` opens it.
    func spawnSafehold(_ arguments: [String], environment: [String: String] = [:]) throws -> SpawnedProcess {
        try spawn(BuiltBinary.path, arguments, environment: safeholdEnvironment(environment))
    }

    /// Starts any program on the terminal, as `spawnSafehold` does.
    func spawn(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> SpawnedProcess {
        try SpawnedProcess(
            executable, arguments, environment: environment,
            actions: [.open(slavePath, to: 0, flags: O_RDWR), .duplicate(0, to: 1), .duplicate(0, to: 2)],
            newSession: true
        )
    }

    /// Reads the screen until it contains `text` after byte `offset`; returns false on timeout.
    @discardableResult
    func waitFor(_ text: String, after offset: Int = 0, timeout: Duration = .seconds(20)) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let wanted = Array(text.utf8)
        while ContinuousClock.now < deadline {
            if screen.count >= offset, contains(Array(screen[offset...]), wanted) { return true }
            _ = readAvailable(waitMilliseconds: 50)
        }
        return false
    }

    /// Types `text` on the keyboard.
    func type(_ text: String) {
        TestDescriptors.write(Array(text.utf8), to: master)
    }

    /// Reads what the program still writes until `process` exits and returns its status.
    func finish(_ process: SpawnedProcess, timeout: Duration = .seconds(30)) throws -> Int32 {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            _ = readAvailable(waitMilliseconds: 20)
            if let status = process.exitStatusIfDone() {
                // Output written just before the exit may still be queued on the master side.
                while readAvailable(waitMilliseconds: 20) {}
                return status
            }
        }
        kill(process.pid, SIGKILL)
        _ = try process.wait()
        throw TestSupportError("safehold on \(slavePath) did not exit within \(timeout); screen so far: \(screenText)")
    }

    /// Reads what is available within `waitMilliseconds`; returns whether anything was read.
    private func readAvailable(waitMilliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitMilliseconds) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else {
            // EIO while no process has the slave side open: wait instead of spinning.
            usleep(UInt32(waitMilliseconds) * 1000)
            return false
        }
        screen += buffer[0..<count]
        return true
    }
}

/// Returns whether `haystack` contains `needle` as a contiguous run of bytes.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<(start + needle.count)]) == needle { return true }
    }
    return false
}
