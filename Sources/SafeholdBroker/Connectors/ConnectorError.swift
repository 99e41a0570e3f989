#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reasons a connector was not run at all. When `ConnectorRunner.run` throws one of these, the
/// target has not been touched.
public enum ConnectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The registered program failed the ownership and mode checks.
    case untrustedProgram(ProgramPathError)
    /// The asset's connector settings are not one JSON object.
    case invalidSettings(asset: String, reason: String)
    /// A key value is not valid UTF-8, so it cannot travel in a JSON string. The value is not named.
    case invalidSecretEncoding(field: String, key: String, account: String, asset: String)
    /// posix_spawn or pipe creation failed.
    case startFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .untrustedProgram(error):
            error.description
        case let .invalidSettings(asset, reason):
            "connector settings of asset '\(asset)' are not a valid JSON object (\(reason)); set them again as one JSON object"
        case let .invalidSecretEncoding(field, key, account, asset):
            "the \(field) of key '\(key)' on \(asset)/\(account) is not valid UTF-8, so it cannot be sent to a connector; "
                + "store the key again as UTF-8 text"
        case let .startFailed(path, reason):
            "failed to start connector program \(path): \(reason)"
        }
    }
}
