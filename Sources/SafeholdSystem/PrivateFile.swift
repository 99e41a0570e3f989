#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Durable reads and writes of small files private to the current user (mode 0600).
public enum PrivateFile {
    /// Failures, each naming the path and the system's reason.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public let code: Int32

        public var description: String { "\(path): \(reason)" }
    }

    /// Creates `path` with `bytes` and mode `mode`, failing if it exists; the data and the
    /// directory entry are fsynced before this returns.
    public static func create(_ path: String, contents bytes: [UInt8], mode: mode_t = 0o600) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        fchmod(fd, mode)
        try writeAll(fd, bytes, path: path)
        guard fsync(fd) == 0 else { throw failure(path) }
        try syncDirectory(of: path)
    }

    /// Replaces `path` atomically: writes a temporary file beside it, fsyncs it, renames it over
    /// `path` and fsyncs the directory, so a crash leaves either the old or the new contents.
    public static func replace(_ path: String, contents bytes: [UInt8], mode: mode_t = 0o600) throws(Failure) {
        let temporary = path + ".tmp"
        unlink(temporary)
        try create(temporary, contents: bytes, mode: mode)
        try rename(temporary, to: path)
    }

    /// Renames `source` over `destination` and fsyncs the directory.
    public static func rename(_ source: String, to destination: String) throws(Failure) {
        guard Glibc.rename(source, destination) == 0 else { throw failure(destination) }
        try syncDirectory(of: destination)
    }

    /// Reads the whole file.
    public static func read(_ path: String, limit: Int = 1 << 20) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var result = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            if result.count > limit {
                throw Failure(path: path, reason: "larger than \(limit) bytes", code: EFBIG)
            }
        }
        return result
    }

    /// Returns whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates a directory with mode 0700, or tightens an existing one that this user owns.
    public static func makePrivateDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw failure(path) }
        guard chmod(path, 0o700) == 0 else { throw failure(path) }
    }

    static func syncDirectory(of path: String) throws(Failure) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(directory) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(Failure) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            written += count
        }
    }

    private static func failure(_ path: String) -> Failure {
        let code = errno
        return Failure(path: path, reason: SystemErrorText.describe(code), code: code)
    }
}
