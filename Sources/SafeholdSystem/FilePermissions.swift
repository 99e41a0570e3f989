#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Ownership and mode checks for files that guard secrets: the vault directory, key files, token
/// files and connector programs.
public enum FilePermissions {
    /// The type, mode and owner of one path, from lstat(2).
    public struct Status: Sendable, Equatable {
        public var mode: UInt32
        public var ownerUID: UInt32
        public var isDirectory: Bool
        public var isRegularFile: Bool
        public var isSocket: Bool

        /// Permission bits for group and others (`0o077`).
        public var groupOrOtherBits: UInt32 { mode & 0o077 }
        public var isWritableByOthers: Bool { mode & 0o022 != 0 }
    }

    /// Returns the status of `path` without following a final symbolic link, or nil when it does
    /// not exist.
    public static func status(of path: String) -> Status? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return Status(
            mode: info.st_mode & 0o7777, ownerUID: info.st_uid,
            isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG, isSocket: type == S_IFSOCK
        )
    }

    /// Returns whether group or other users have any access to `path`.
    public static func isAccessibleByOthers(_ path: String) -> Bool {
        guard let status = status(of: path) else { return false }
        return status.groupOrOtherBits != 0
    }

    /// Formats a mode as four octal digits, such as `0640`.
    public static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
