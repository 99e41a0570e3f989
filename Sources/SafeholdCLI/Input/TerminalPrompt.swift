#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdCrypto
import Synchronization

/// The terminal settings to restore when a signal arrives while echo is off.
private let savedTerminal = Mutex<(fd: Int32, settings: termios)?>(nil)

/// Restores the terminal's echo and re-raises the signal, so Ctrl-C at a prompt leaves a usable
/// terminal behind.
private func restoreTerminalAndExit(_ number: Int32) {
    if let saved = savedTerminal.withLock({ $0 }) {
        var settings = saved.settings
        tcsetattr(saved.fd, TCSAFLUSH, &settings)
    }
    signal(number, SIG_DFL)
    raise(number)
}

/// A prompt on the controlling terminal with echo turned off. The typed line goes straight into
/// guarded memory; the terminal's settings are restored on every path, including Ctrl-C.
enum TerminalPrompt {
    /// Writes `prompt` to the terminal, reads one line without echo, and prints the newline the
    /// user typed but did not see.
    static func readLine(prompt: String, terminal path: String = "/dev/tty") throws(InputError) -> SecretBytes {
        let fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw .noTerminal }
        defer { close(fd) }
        return try readLine(prompt: prompt, fd: fd)
    }

    /// Reads the same way from an open terminal descriptor; tests pass the slave side of a pseudo-terminal.
    static func readLine(prompt: String, fd: Int32) throws(InputError) -> SecretBytes {
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { throw .noTerminal }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK | ECHONL)
        guard tcsetattr(fd, TCSAFLUSH, &silent) == 0 else { throw .echoOn }
        var check = termios()
        guard tcgetattr(fd, &check) == 0, check.c_lflag & tcflag_t(ECHO) == 0 else {
            tcsetattr(fd, TCSAFLUSH, &original)
            throw .echoOn
        }

        savedTerminal.withLock { $0 = (fd, original) }
        let previousHandler = signal(SIGINT, restoreTerminalAndExit)
        defer {
            tcsetattr(fd, TCSAFLUSH, &original)
            savedTerminal.withLock { $0 = nil }
            signal(SIGINT, previousHandler)
            _ = "\n".withCString { write(fd, $0, 1) }
        }

        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        return try readUntilNewline(fd: fd)
    }


    private static func readUntilNewline(fd: Int32) throws(InputError) -> SecretBytes {
        let limit = 4096
        let buffer = SecretBytes(count: limit)
        var length = 0
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == 0x0a || byte == 0x0d { break }
            guard length < limit else { throw .tooLarge(source: "the terminal", limit: limit) }
            buffer.withUnsafeMutableBytes { $0[length] = byte }
            length += 1
        }
        byte = 0
        return buffer.withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }
}
