#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The three pipes between a parent and one child. Every end is close-on-exec, so only the ends
/// that posix_spawn duplicates onto 0, 1 and 2 reach the child. `pipe2` needs `_GNU_SOURCE`,
/// which Swift's Glibc module lacks, so the flag is set right after `pipe`; `Subprocess` holds
/// `spawnLock` across both steps so that no other spawn from this process inherits an end.
struct PipeSet {
    let stdinRead: Int32
    let stdinWrite: Int32
    let stdoutRead: Int32
    let stdoutWrite: Int32
    let stderrRead: Int32
    let stderrWrite: Int32

    init() throws(SubprocessError) {
        var fds = [Int32](repeating: -1, count: 6)
        for pair in 0..<3 {
            let result = fds.withUnsafeMutableBufferPointer { buffer in
                pipe(buffer.baseAddress! + pair * 2)
            }
            if result != 0 {
                let code = errno
                for fd in fds where fd >= 0 { close(fd) }
                throw .pipeFailed(errno: code)
            }
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (stdinRead, stdinWrite) = (fds[0], fds[1])
        (stdoutRead, stdoutWrite) = (fds[2], fds[3])
        (stderrRead, stderrWrite) = (fds[4], fds[5])
        // The parent must never block on a full pipe while the child blocks on another one.
        for fd in [stdinWrite, stdoutRead, stderrRead] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
    }

    func closeChildEnds() {
        close(stdinRead)
        close(stdoutWrite)
        close(stderrWrite)
    }

    /// Closes the parent's read ends once the child is done. The stdin write end is closed by
    /// `OutputCollector` as soon as the input is written, so that the child reads end of input.
    func closeParentReadEnds() {
        close(stdoutRead)
        close(stderrRead)
    }

    /// Closes every end, when the spawn failed.
    func closeAll() {
        for fd in [stdinRead, stdinWrite, stdoutRead, stdoutWrite, stderrRead, stderrWrite] {
            close(fd)
        }
    }
}

/// Writes the child's input and reads its two output streams with poll(2) until both streams
/// end or the deadline passes.
struct OutputCollector {
    let limit: Int
    var standardOutput: [UInt8] = []
    var standardError: [UInt8] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Returns true when the deadline passed first.
    mutating func pump(
        pipes: PipeSet, input: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant, readOutput: Bool = true
    ) -> Bool {
        var written = 0
        var stdinOpen = true
        var stdoutOpen = readOutput
        var stderrOpen = readOutput
        defer {
            if stdinOpen { close(pipes.stdinWrite) }
        }
        if input.count == 0 {
            close(pipes.stdinWrite)
            stdinOpen = false
        }

        while stdinOpen || stdoutOpen || stderrOpen {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return true }

            var polled = [
                pollfd(fd: stdinOpen ? pipes.stdinWrite : -1, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: stdoutOpen ? pipes.stdoutRead : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stderrOpen ? pipes.stderrRead : -1, events: Int16(POLLIN), revents: 0),
            ]
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 1000))
            let ready = poll(&polled, 3, milliseconds)
            if ready < 0 && errno != EINTR { return false }
            if ready <= 0 { continue }

            if stdinOpen && polled[0].revents != 0 {
                let count = write(pipes.stdinWrite, input.baseAddress! + written, input.count - written)
                if count > 0 { written += count }
                if count < 0 && errno != EAGAIN && errno != EINTR || written == input.count {
                    close(pipes.stdinWrite)
                    stdinOpen = false
                }
            }
            if stdoutOpen && polled[1].revents != 0 {
                stdoutOpen = drain(pipes.stdoutRead, into: &standardOutput)
            }
            if stderrOpen && polled[2].revents != 0 {
                stderrOpen = drain(pipes.stderrRead, into: &standardError)
            }
        }
        return false
    }

    /// Reads what is available; returns false at end of stream.
    private func drain(_ fd: Int32, into output: inout [UInt8]) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        defer { for index in buffer.indices { buffer[index] = 0 } }
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                let room = max(0, limit - output.count)
                output.append(contentsOf: buffer[0..<min(count, room)])
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
            return false
        }
    }
}

/// Builds a NULL-terminated array of C strings for exec-style calls and frees it afterwards.
enum CStringArray {
    static func with<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Text of a C errno value.
public enum SystemErrorText {
    public static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let length = strlen(text)
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }
}
