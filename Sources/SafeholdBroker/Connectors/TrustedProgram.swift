#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem

/// The purpose of an administrator-registered program, so that errors use the administrator's
/// name for it.
public enum ProgramRole: String, Sendable, Equatable {
    case connector = "connector program"
    case notifier = "notify command"

    /// A typical installed path, for error messages.
    var examplePath: String {
        switch self {
        case .connector: "/usr/local/libexec/safehold/redis-acl"
        case .notifier: "/usr/local/libexec/safehold/sendmail"
        }
    }
}

/// Checks on a program that the service runs with its own privileges and hands secrets or personal
/// data to. Only root or the service's own user may be able to change the program or its
/// directory. Anyone else who could write either could replace the program and receive every secret.
public enum TrustedProgram {
    /// Validates `path` and returns its resolved path (symbolic links followed), which is the one
    /// to run, so that a link changed after the check does not redirect the run.
    ///
    /// The path must be absolute and name a regular, executable file that is owned by root or by the
    /// service's effective uid and is not writable by group or others. The same owner and mode rules
    /// apply to its directory, and to the directory of the link when `path` is a symbolic link.
    /// NOTE: directories above the program's own directory are not checked.
    public static func validate(_ path: String, role: ProgramRole) throws(ProgramPathError) -> String {
        guard path.hasPrefix("/") else { throw .notAbsolute(role, path: path) }

        guard let resolved = resolve(path) else { throw .notFound(role, path: path) }
        guard let status = FilePermissions.status(of: resolved), status.isRegularFile else {
            throw .notRegularFile(role, path: path)
        }
        guard access(resolved, X_OK) == 0, status.mode & 0o111 != 0 else { throw .notExecutable(role, path: path) }
        try checkOwnerAndMode(of: status, path: path, role: role)

        var directories = [parentDirectory(of: resolved)]
        if resolved != path, let linkDirectory = resolve(parentDirectory(of: path)), linkDirectory != directories[0] {
            directories.append(linkDirectory)
        }
        for directory in directories {
            try checkDirectory(directory, program: path, role: role)
        }
        return resolved
    }

    /// Returns the uids allowed to own a trusted program: root and the service's effective uid.
    public static var trustedOwners: Set<UInt32> { [0, geteuid()] }

    private static func checkOwnerAndMode(
        of status: FilePermissions.Status, path: String, role: ProgramRole
    ) throws(ProgramPathError) {
        guard trustedOwners.contains(status.ownerUID) else {
            throw .untrustedOwner(role, path: path, ownerUID: status.ownerUID, serviceUID: geteuid())
        }
        guard !status.isWritableByOthers else { throw .writableByOthers(role, path: path, mode: status.mode) }
    }

    private static func checkDirectory(_ directory: String, program: String, role: ProgramRole) throws(ProgramPathError) {
        guard let status = FilePermissions.status(of: directory), status.isDirectory else {
            throw .notFound(role, path: program)
        }
        guard trustedOwners.contains(status.ownerUID) else {
            throw .directoryUntrustedOwner(role, directory: directory, program: program, ownerUID: status.ownerUID, serviceUID: geteuid())
        }
        guard !status.isWritableByOthers else {
            throw .directoryWritableByOthers(role, directory: directory, program: program, mode: status.mode)
        }
    }

    /// Returns the canonical absolute path with every symbolic link resolved, or nil when a
    /// component does not exist.
    private static func resolve(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        let length = strlen(pointer)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex else { return "/" }
        return String(path[..<slash])
    }
}

/// A registered program that failed `TrustedProgram.validate`. Each case names the path and how
/// to fix it.
public enum ProgramPathError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAbsolute(ProgramRole, path: String)
    case notFound(ProgramRole, path: String)
    case notRegularFile(ProgramRole, path: String)
    case notExecutable(ProgramRole, path: String)
    case untrustedOwner(ProgramRole, path: String, ownerUID: UInt32, serviceUID: UInt32)
    case writableByOthers(ProgramRole, path: String, mode: UInt32)
    case directoryUntrustedOwner(ProgramRole, directory: String, program: String, ownerUID: UInt32, serviceUID: UInt32)
    case directoryWritableByOthers(ProgramRole, directory: String, program: String, mode: UInt32)

    public var description: String {
        switch self {
        case let .notAbsolute(role, path):
            "\(role.rawValue) path '\(path)' is not absolute; register its full path, such as \(role.examplePath)"
        case let .notFound(role, path):
            "\(role.rawValue) \(path) was not found; install it there or register the path where it is installed"
        case let .notRegularFile(role, path):
            "\(role.rawValue) \(path) is not a regular file; register the path of the program itself"
        case let .notExecutable(role, path):
            "\(role.rawValue) \(path) is not executable; run 'chmod 755 \(path)'"
        case let .untrustedOwner(role, path, owner, service):
            "\(role.rawValue) \(path) is owned by uid \(owner), but only root or the service's user (uid \(service)) "
                + "may own it, because its owner can change what receives secrets; run 'chown root \(path)'"
        case let .writableByOthers(role, path, mode):
            "\(role.rawValue) \(path) is writable by group or others (mode \(FilePermissions.octal(mode))); "
                + "run 'chmod go-w \(path)'"
        case let .directoryUntrustedOwner(role, directory, program, owner, service):
            "directory \(directory) of \(role.rawValue) \(program) is owned by uid \(owner), but only root or the "
                + "service's user (uid \(service)) may own it; move the program to a directory owned by root, "
                + "such as /usr/local/libexec/safehold"
        case let .directoryWritableByOthers(role, directory, program, mode):
            "directory \(directory) of \(role.rawValue) \(program) is writable by group or others "
                + "(mode \(FilePermissions.octal(mode))), so others could replace the program; move it to a directory "
                + "that only root can write, such as /usr/local/libexec/safehold"
        }
    }
}
