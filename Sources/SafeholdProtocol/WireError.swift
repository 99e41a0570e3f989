#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Error part of an error response: `{"code":"notFound","message":"...","hint":"..."}`.
///
/// `message` is a sentence for people that names the object involved; `hint` is the next step
/// to try, when there is one. Neither ever contains a secret.
public struct WireError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    public var hint: String?

    public init(code: ErrorCode, message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String {
        guard let hint else {
            return message
        }
        return "\(message)\nhint: \(hint)"
    }

    /// Error sent for a fault inside the service, whose details stay in the service's log.
    public static let internalError = WireError(code: .internalError, message: "internal error in the safehold service")
}
