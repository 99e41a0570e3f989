#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// A bearer-token file that cannot be used. No case carries any of the file's content.
public enum TokenFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file named by `SAFEHOLD_TOKEN_FILE` does not exist.
    case notFound(path: String)
    case unreadable(path: String, SystemError)
    case notARegularFile(path: String)
    /// Group or others have some permission on the file.
    case accessibleByOthers(path: String, mode: mode_t)
    case empty(path: String)
    case tooLarge(path: String, maximum: Int)
    /// The file contains more than one line, or characters other than printable ASCII.
    case invalidContent(path: String)

    /// Exit status: 66 for a missing file, 77 for permission problems, 65 for bad content.
    public var exitCode: Int32 {
        switch self {
        case .notFound:
            66
        case let .unreadable(_, error):
            error.errno == EACCES ? 77 : 66
        case .accessibleByOthers:
            77
        case .notARegularFile, .empty, .tooLarge, .invalidContent:
            65
        }
    }

    public var description: String {
        switch self {
        case let .notFound(path):
            "token file \(path) named by SAFEHOLD_TOKEN_FILE does not exist; "
                + "create it with the token from `safehold token create`, or unset SAFEHOLD_TOKEN_FILE"
        case let .unreadable(path, error):
            "failed to read token file \(path): \(error.reason)"
        case let .notARegularFile(path):
            "token file \(path) is not a regular file"
        case let .accessibleByOthers(path, mode):
            "token file \(path) is accessible by group or others (mode \(String(mode & 0o777, radix: 8))); "
                + "run `chmod 600 \(path)`"
        case let .empty(path):
            "token file \(path) is empty; write the token from `safehold token create` into it"
        case let .tooLarge(path, maximum):
            "token file \(path) is larger than \(maximum) bytes, so it cannot hold just a token"
        case let .invalidContent(path):
            "token file \(path) must contain only the token on one line, without spaces or other characters"
        }
    }
}
