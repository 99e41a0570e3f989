#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

/// Every failure the broker reports to a caller: what failed, on which object, and what to do
/// next. `kind` decides the wire error code and the CLI's exit code. Internal failures carry their
/// detail for the service log only; `description` shows callers just "internal error".
public enum BrokerError: Error, Sendable, CustomStringConvertible {
    case notFound(kind: String, name: String, hint: String? = nil)
    case permissionDenied(String)
    case invalidInput(String, hint: String? = nil)
    case conflict(String, hint: String? = nil)
    /// The account's key is being rotated; retry shortly.
    case rotating(account: String)
    /// The workflow rejected the action, with its own sentence.
    case rejected(String, kind: Kind, hint: String? = nil)
    /// The action needs a durable commit that failed; nothing was revealed or changed.
    case notRecorded(String)
    case internalError(detail: String)

    /// Classes of failure, matching the wire protocol's error codes.
    public enum Kind: String, Sendable {
        case notFound, permissionDenied, invalidInput, conflict, rotating, busy, failed, internalError
    }

    public var kind: Kind {
        switch self {
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .invalidInput: .invalidInput
        case .conflict: .conflict
        case .rotating: .rotating
        case let .rejected(_, kind, _): kind
        case .notRecorded: .failed
        case .internalError: .internalError
        }
    }

    public var description: String {
        switch self {
        case let .notFound(kind, name, _): "\(kind) '\(name)' not found"
        case let .permissionDenied(message): "permission denied: \(message)"
        case let .invalidInput(message, _): message
        case let .conflict(message, _): message
        case let .rotating(account): "the key of \(account) is being rotated; retry in a few seconds"
        case let .rejected(message, _, _): message
        case let .notRecorded(message): message
        case .internalError: "internal error"
        }
    }

    public var hint: String? {
        switch self {
        case let .notFound(_, _, hint), let .invalidInput(_, hint), let .conflict(_, hint), let .rejected(_, _, hint): hint
        case .rotating: "run the same command again; check-out waits for the new key"
        default: nil
        }
    }

    /// Translates a storage failure: duplicates and missing rows become caller errors, the rest
    /// internal errors whose detail stays in the service log.
    static func from(_ error: any Error) -> BrokerError {
        if let error = error as? BrokerError { return error }
        guard let error = error as? StoreError else { return .internalError(detail: "\(error)") }
        switch error {
        case let .duplicate(kind, name): return .conflict("\(kind) '\(name)' already exists")
        case let .notFound(kind, id): return .notFound(kind: kind, name: id)
        case .busy: return .rejected("the vault is busy", kind: .busy, hint: "retry in a moment")
        case let .notWritable(detail): return .notRecorded("the vault database cannot be written (\(detail)); nothing was changed")
        default: return .internalError(detail: error.description)
        }
    }
}
