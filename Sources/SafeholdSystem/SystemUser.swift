#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Look-ups in the operating system's user database.
public enum SystemUser {
    /// Returns the login name of `uid` from the password database, or nil when it has none.
    public static func loginName(of uid: uid_t) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: name, count: strlen(name)), as: UTF8.self)
    }

    /// Returns the login name of the user running this process.
    public static func current() -> String? {
        loginName(of: geteuid())
    }
}

/// Path arithmetic that all of Foundation would provide, kept here to avoid importing it.
public enum PathText {
    /// Returns the directory part of `path`: everything before the last `/`, `/` for a file at the
    /// root, and `.` for a bare name.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
