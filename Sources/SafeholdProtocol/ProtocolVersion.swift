#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Version of the wire protocol that this build speaks, sent as `v` in every request and response.
///
/// The service replies to a request of another version with an `unsupportedVersion` error and
/// keeps the connection open, so a newer client can report the mismatch instead of a broken pipe.
public let protocolVersion = 1
