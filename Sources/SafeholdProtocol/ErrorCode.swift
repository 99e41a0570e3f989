#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Machine-readable category of a failed request, sent as `error.code` in an error response.
///
/// The raw values are part of the wire protocol: add cases, never rename them.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    /// The command was used wrongly (missing argument, conflicting options).
    case usage
    /// An argument or parameter has the wrong form or value.
    case invalidInput
    /// A user, asset, account, key, policy or request with the given id or name does not exist.
    case notFound
    /// The service, or something it depends on, cannot serve the request now.
    case unavailable
    /// The service or the object is busy; the same request may succeed later.
    case busy
    /// The account's key is being rotated; check-out succeeds once the rotation finishes.
    case rotating
    /// The caller is unknown or lacks the role for this operation.
    case permissionDenied
    /// The request conflicts with the current state (an overlapping request, a duplicate name).
    case conflict
    /// The operation ran and failed (a connector error, an invalid key in `verify`).
    case failed
    /// A fault inside the service; the details are in the service's log, never in the reply.
    case internalError
    /// The request's protocol version or operation is not one this service speaks.
    case unsupportedVersion
    /// The frame is not a JSON object with a valid request envelope.
    case malformedFrame
    /// The frame's length prefix exceeds the service's maximum frame size.
    case frameTooLarge
    /// The peer did not send a complete frame in time.
    case timeout

    /// Process exit status for the command-line tool, from the BSD `sysexits.h` values.
    public var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .invalidInput: 65
        case .notFound: 66
        case .unavailable: 69
        case .busy, .rotating: 75
        case .permissionDenied: 77
        case .conflict, .failed, .internalError, .unsupportedVersion, .malformedFrame, .frameTooLarge, .timeout: 1
        }
    }
}
