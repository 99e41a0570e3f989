#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// A key file: exactly 32 random bytes, mode 0600, used instead of a passphrase to unwrap the
/// master key for unattended starts.
public enum KeyFile {
    /// Size of a key file in bytes.
    public static let size = 32

    /// Creates a new key file at `path` with 32 random bytes and mode 0600, flushed to disk, and
    /// returns its bytes.
    ///
    /// - Throws: `CryptoError.invalidKeyFile` when a file already exists at `path` (it is never
    ///   overwritten) or the file cannot be created, written or flushed. A partly written file is
    ///   removed.
    public static func create(at path: String, random: any RandomSource) throws(CryptoError) -> SecretBytes {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST {
                throw .invalidKeyFile(path: path, reason: "a file already exists there; remove it or choose another path")
            }
            throw .invalidKeyFile(path: path, reason: "failed to create it: \(systemMessage(code))")
        }

        let key = SecretBytes.random(count: size, using: random)
        do throws(CryptoError) {
            defer { close(descriptor) }
            // The umask may have cleared bits of 0600 but never added any: set the mode exactly.
            try check(fchmod(descriptor, 0o600), path: path, action: "set its mode to 0600")
            // withUnsafeBytes rethrows an untyped error, so the closure returns the failure instead.
            if let failure = key.withUnsafeBytes({ writeAll($0, to: descriptor, path: path) }) {
                throw failure
            }
            try check(fsync(descriptor), path: path, action: "flush it to disk")
            try syncDirectory(containing: path)
        } catch {
            unlink(path)
            throw error
        }
        return key
    }

    /// Reads the key file at `path`.
    ///
    /// - Throws: `CryptoError.invalidKeyFile` when the file is missing or unreadable, is not a
    ///   regular file, is owned by another user (other than root), has any group or other
    ///   permission bit set, or is not exactly 32 bytes long.
    public static func load(at path: String) throws(CryptoError) -> SecretBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT {
                throw .invalidKeyFile(path: path, reason: "the file does not exist; pass the key file created at init")
            }
            throw .invalidKeyFile(path: path, reason: "failed to open it: \(systemMessage(code))")
        }
        defer { close(descriptor) }

        // Check the opened file, not the path, so that the file cannot be swapped in between.
        var status = stat()
        try check(fstat(descriptor, &status), path: path, action: "read its status")
        try validate(status, path: path)

        let key = SecretBytes(count: size)
        // withUnsafeMutableBytes rethrows an untyped error, so the closure returns the failure instead.
        if let failure = key.withUnsafeMutableBytes({ readExactly(into: $0, from: descriptor, path: path) }) {
            throw failure
        }
        return key
    }

    private static func validate(_ status: stat, path: String) throws(CryptoError) {
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .invalidKeyFile(path: path, reason: "not a regular file")
        }
        guard status.st_uid == geteuid() || status.st_uid == 0 else {
            throw .invalidKeyFile(path: path, reason: "owned by uid \(status.st_uid), not by this user (uid \(geteuid())) or root; chown it")
        }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            let mode = String(permissions, radix: 8)
            throw .invalidKeyFile(path: path, reason: "group or other users have access (mode \(mode)); run chmod 600 on it")
        }
        guard status.st_size == size else {
            throw .invalidKeyFile(path: path, reason: "it has \(status.st_size) bytes; a key file has exactly \(size)")
        }
    }

    /// Writes all of `bytes` and returns nil, or returns the failure.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) -> CryptoError? {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return .invalidKeyFile(path: path, reason: "failed to write it: \(systemMessage(errno))")
            }
            offset += written
        }
        return nil
    }

    /// Reads exactly `buffer.count` bytes and returns nil, or returns the failure. A file shorter
    /// or longer than the buffer fails, which happens when it changed since `fstat`.
    private static func readExactly(into buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, path: String) -> CryptoError? {
        var offset = 0
        while offset < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return .invalidKeyFile(path: path, reason: "failed to read it: \(systemMessage(errno))")
            }
            if count == 0 {
                return .invalidKeyFile(path: path, reason: "it has \(offset) bytes; a key file has exactly \(size)")
            }
            offset += count
        }

        var extra: UInt8 = 0
        guard read(descriptor, &extra, 1) == 0 else {
            return .invalidKeyFile(path: path, reason: "it has more than \(size) bytes; a key file has exactly \(size)")
        }
        return nil
    }

    /// Flushes the directory entry of a new file, so that the file survives a crash.
    private static func syncDirectory(containing path: String) throws(CryptoError) {
        let directory = parentDirectory(of: path)
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .invalidKeyFile(path: path, reason: "failed to open its directory to flush it: \(systemMessage(errno))")
        }
        defer { close(descriptor) }
        try check(fsync(descriptor), path: path, action: "flush its directory to disk")
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    private static func check(_ result: Int32, path: String, action: String) throws(CryptoError) {
        guard result == 0 else {
            throw .invalidKeyFile(path: path, reason: "failed to \(action): \(systemMessage(errno))")
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(decoding: UnsafeRawBufferPointer(start: message, count: strlen(message)), as: UTF8.self)
    }
}
