#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// A bearer token read from a file that only its owner can access.
///
/// The token never comes from argv or the environment: only the path to its file does. The bytes
/// are zeroed when the instance is released. NOTE: each call also keeps the token briefly in a
/// Swift `String` for the request encoding, and such a string cannot be zeroed.
public final class TokenSource {
    /// Environment variable naming the token file.
    public static let fileVariable = "SAFEHOLD_TOKEN_FILE"
    /// Largest token file accepted, in bytes.
    public static let maxFileSize = 4096

    /// File the token was read from.
    public let path: String
    private let bytes: UnsafeMutableBufferPointer<UInt8>

    /// Loads the token file named by `SAFEHOLD_TOKEN_FILE`, which must exist, or else the default
    /// file `$XDG_CONFIG_HOME/safehold/token` (`~/.config/safehold/token`), which may be absent.
    /// Returns nil when there is no token file: the caller is then identified by its OS login.
    /// `home` defaults to the environment's `HOME`.
    public static func load(environment: [String: String], home: String? = nil) throws(TokenFileError) -> TokenSource? {
        if let path = environment[fileVariable], !path.isEmpty {
            return try TokenSource(contentsOf: path)
        }

        guard let path = defaultPath(environment: environment, home: home) else {
            return nil
        }
        do {
            return try TokenSource(contentsOf: path)
        } catch .notFound {
            return nil
        }
    }

    /// Returns the default token file's path, or nil when neither `XDG_CONFIG_HOME` nor a home
    /// directory is set.
    public static func defaultPath(environment: [String: String], home: String? = nil) -> String? {
        if let configHome = environment["XDG_CONFIG_HOME"], configHome.hasPrefix("/") {
            return configHome + "/safehold/token"
        }
        guard let home = home ?? environment["HOME"], !home.isEmpty else {
            return nil
        }
        return home + "/.config/safehold/token"
    }

    /// Reads the token from `path`. The file must be a regular file on which group and others have
    /// no permission. It must contain printable ASCII on one line, and one trailing newline is removed.
    public init(contentsOf path: String) throws(TokenFileError) {
        var content = try Self.readFile(at: path)
        defer { wipe(&content) }

        if content.last == UInt8(ascii: "\n") {
            content.removeLast()
            if content.last == UInt8(ascii: "\r") {
                content.removeLast()
            }
        }
        guard !content.isEmpty else {
            throw .empty(path: path)
        }
        guard content.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidContent(path: path)
        }

        self.path = path
        bytes = .allocate(capacity: content.count)
        _ = bytes.initialize(from: content)
    }

    deinit {
        explicit_bzero(bytes.baseAddress!, bytes.count)
        bytes.deallocate()
    }

    /// The token as text, for the request envelope.
    var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Opens the file, checks its type and permissions on the opened descriptor, and reads it.
    private static func readFile(at path: String) throws(TokenFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let error = SystemError.current("open")
            throw error.errno == ENOENT ? .notFound(path: path) : .unreadable(path: path, error)
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadable(path: path, .current("fstat"))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .notARegularFile(path: path)
        }
        guard status.st_mode & 0o077 == 0 else {
            throw .accessibleByOthers(path: path, mode: status.st_mode)
        }

        var content = [UInt8](repeating: 0, count: maxFileSize + 1)
        var length = 0
        while length < content.count {
            let count = content.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + length, buffer.count - length)
            }
            if count == 0 {
                break
            }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                let error = SystemError.current("read")
                wipe(&content)
                throw .unreadable(path: path, error)
            }
            length += count
        }

        guard length <= maxFileSize else {
            wipe(&content)
            throw .tooLarge(path: path, maximum: maxFileSize)
        }
        content.removeLast(content.count - length)
        return content
    }
}

/// Zeroes the bytes of `array` in place.
private func wipe(_ array: inout [UInt8]) {
    array.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress else {
            return
        }
        explicit_bzero(base, buffer.count)
    }
}
