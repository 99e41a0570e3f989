#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Exit statuses of `safehold`, from BSD's sysexits.h where one fits, so that scripts can tell a
/// typo from an outage from a refusal.
public enum ExitCode: Int32, Hashable, Sendable, CaseIterable {
    case success = 0
    /// Any other failure, and a presented key that `safehold verify` found invalid.
    case failure = 1
    /// The command line does not match the catalog (EX_USAGE).
    case usage = 64
    /// Input data, such as a key read from standard input, is malformed (EX_DATAERR).
    case invalidInput = 65
    /// A named request, user, asset, account, key or policy does not exist (EX_NOINPUT).
    case notFound = 66
    /// The service is not running or not reachable (EX_UNAVAILABLE).
    case unavailable = 69
    /// The account is busy or its key is rotating, so the caller may retry later (EX_TEMPFAIL).
    case busy = 75
    /// The caller is not allowed to do this (EX_NOPERM).
    case permissionDenied = 77
}
