#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdCrypto

/// The source of a secret: never argv and never the environment.
enum SecretSource: Equatable {
    case standardInput
    case file(String)
    case fileDescriptor(Int32)
    /// A prompt on the terminal with echo turned off.
    case prompt(String)
}

/// Failures to read a secret. No case carries any byte of the secret.
enum InputError: Error, Equatable, ReportableError {
    case unreadable(source: String, reason: String)
    case empty(source: String)
    case tooLarge(source: String, limit: Int)
    case echoOn
    case noTerminal
    case mismatch
    case malformed(String)

    var message: String {
        switch self {
        case let .unreadable(source, reason): "failed to read the secret from \(source): \(reason)"
        case let .empty(source): "the secret read from \(source) is empty"
        case let .tooLarge(source, limit): "the secret read from \(source) is larger than \(limit) bytes"
        case .echoOn: "refusing to read a secret from a terminal with echo on"
        case .noTerminal: "no terminal to prompt on for the secret"
        case .mismatch: "the two passphrases differ"
        case let .malformed(detail): detail
        }
    }

    var hint: String? {
        switch self {
        case .echoOn, .noTerminal: "pipe the secret into standard input, or use --from-file FILE or --from-fd N"
        case .mismatch: "run the command again and type the same passphrase twice"
        case .empty: "give a non-empty value"
        default: nil
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .unreadable: .notFound
        case .echoOn, .noTerminal: .usage
        default: .invalidInput
        }
    }
}

/// Reads secrets straight into guarded memory; temporary buffers are wiped.
enum SecretInput {
    /// Largest secret read from one source (1 MiB); import files have their own limit.
    static let limit = 1 << 20

    /// Reads a whole secret. One trailing newline (`\n` or `\r\n`) is removed, because files and
    /// `echo` end with one; any other byte, including further newlines, is kept.
    static func read(from source: SecretSource) throws(InputError) -> SecretBytes {
        switch source {
        case .standardInput:
            if isatty(STDIN_FILENO) == 1 {
                return try TerminalPrompt.readLine(prompt: "Secret: ")
            }
            return try readAll(fd: STDIN_FILENO, name: "standard input", trimNewline: true)
        case let .file(path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .unreadable(source: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            return try readAll(fd: fd, name: path, trimNewline: true)
        case let .fileDescriptor(fd):
            return try readAll(fd: fd, name: "file descriptor \(fd)", trimNewline: true)
        case let .prompt(text):
            return try TerminalPrompt.readLine(prompt: text)
        }
    }

    /// Reads one line (up to the first newline) from a file descriptor, as `--passphrase-fd`
    /// documents.
    static func readLine(fd: Int32) throws(InputError) -> SecretBytes {
        let all = try readAll(fd: fd, name: "file descriptor \(fd)", trimNewline: false)
        return all.withUnsafeBytes { bytes in
            let end = bytes.firstIndex(of: 0x0a) ?? bytes.count
            let cut = end > 0 && bytes[end - 1] == 0x0d ? end - 1 : end
            return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<cut]))
        }
    }

    static func readAll(fd: Int32, name: String, trimNewline: Bool, limit: Int = limit) throws(InputError) -> SecretBytes {
        let buffer = SecretBytes(count: limit + 1)
        var total = 0
        let failure: InputError? = buffer.withUnsafeMutableBytes { bytes in
            while total <= limit {
                let count = Glibc.read(fd, bytes.baseAddress! + total, limit + 1 - total)
                if count == 0 { return nil }
                if count < 0 {
                    if errno == EINTR { continue }
                    return .unreadable(source: name, reason: String(cString: strerror(errno)))
                }
                total += count
            }
            return .tooLarge(source: name, limit: limit)
        }
        if let failure { throw failure }

        var length = total
        buffer.withUnsafeBytes { bytes in
            if trimNewline && length > 0 && bytes[length - 1] == 0x0a {
                length -= 1
                if length > 0 && bytes[length - 1] == 0x0d { length -= 1 }
            }
        }
        return buffer.withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// Asks for a new passphrase twice without echo, up to three times until both match.
    static func promptNewPassphrase() throws(InputError) -> SecretBytes {
        for _ in 0..<3 {
            let first = try TerminalPrompt.readLine(prompt: "New passphrase: ")
            guard first.count > 0 else {
                _ = StandardStream.error.write("The passphrase is empty; type one.\n")
                continue
            }
            let second = try TerminalPrompt.readLine(prompt: "Repeat the passphrase: ")
            if first == second { return first }
            _ = StandardStream.error.write("The passphrases differ; try again.\n")
        }
        throw .mismatch
    }
}
