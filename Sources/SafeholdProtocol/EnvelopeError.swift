#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request frame whose envelope or parameters cannot be used.
///
/// `wireError` is the reply to send. Messages name fields and operations, never field values,
/// because parameters can contain secrets.
public enum EnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The frame is not valid UTF-8 JSON.
    case malformedJSON
    /// The frame is JSON but not an object.
    case notAnObject
    case missingField(String, requestID: Int?)
    /// An envelope field has the wrong JSON type.
    case invalidField(String, requestID: Int?)
    case unsupportedVersion(Int, requestID: Int)
    case unknownOperation(String, requestID: Int)
    /// `codingPath` is dotted, starting at `params`; `reason` completes the sentence.
    case invalidParams(Operation, codingPath: String, reason: String, requestID: Int)

    /// Id for the error reply: the request's when it could be read, otherwise 0.
    public var requestID: Int {
        switch self {
        case .malformedJSON, .notAnObject:
            0
        case let .missingField(_, id), let .invalidField(_, id):
            id ?? 0
        case let .unsupportedVersion(_, id), let .unknownOperation(_, id), let .invalidParams(_, _, _, id):
            id
        }
    }

    /// Whether the connection can go on after the reply. After a malformed envelope it cannot,
    /// because the peer does not speak this protocol.
    public var keepsConnection: Bool {
        switch self {
        case .malformedJSON, .notAnObject, .missingField, .invalidField:
            false
        case .unsupportedVersion, .unknownOperation, .invalidParams:
            true
        }
    }

    public var wireError: WireError {
        switch self {
        case .malformedJSON, .notAnObject, .missingField, .invalidField:
            WireError(code: .malformedFrame, message: description)
        case .unsupportedVersion:
            WireError(
                code: .unsupportedVersion, message: description,
                hint: "use a safehold command of the same version as the service"
            )
        case .unknownOperation:
            WireError(
                code: .unsupportedVersion, message: description,
                hint: "the client is newer than the service; upgrade and restart the service"
            )
        case .invalidParams:
            WireError(code: .invalidInput, message: description)
        }
    }

    public var description: String {
        switch self {
        case .malformedJSON:
            "the request is not valid UTF-8 JSON"
        case .notAnObject:
            "the request is not a JSON object"
        case let .missingField(name, _):
            "the request has no \"\(name)\" field"
        case let .invalidField(name, _):
            "the request's \"\(name)\" field has the wrong type"
        case let .unsupportedVersion(version, _):
            "protocol version \(version) is not supported; this service speaks version \(protocolVersion)"
        case let .unknownOperation(name, _):
            "operation \"\(name.prefix(64))\" is not supported by this service"
        case let .invalidParams(operation, codingPath, reason, _):
            "invalid parameters for \(operation.rawValue): \(codingPath) \(reason)"
        }
    }
}

extension EnvelopeError {
    init(decodingHeader error: DecodingError, requestID: Int?) {
        switch error {
        case let .typeMismatch(_, context) where context.codingPath.isEmpty:
            self = .notAnObject
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            self = .invalidField(context.codingPath.dottedDescription, requestID: requestID)
        default:
            self = .malformedJSON
        }
    }

    init(decodingParams error: DecodingError, operation: Operation, requestID: Int) {
        let codingPath: [any CodingKey]
        let reason: String
        switch error {
        case let .typeMismatch(_, context):
            codingPath = context.codingPath
            reason = "has the wrong type"
        case let .valueNotFound(_, context):
            codingPath = context.codingPath
            reason = "is missing or null"
        case let .keyNotFound(key, context):
            codingPath = context.codingPath + [key]
            reason = "is missing"
        case let .dataCorrupted(context):
            codingPath = context.codingPath
            reason = "is not a valid value"
        @unknown default:
            codingPath = []
            reason = "cannot be decoded"
        }

        // Paths from the envelope start at "params"; those from decoding a missing `params` as
        // `{}` start inside it.
        var path = codingPath.dottedDescription
        if path.isEmpty {
            path = "params"
        } else if codingPath.first?.stringValue != "params" {
            path = "params." + path
        }
        self = .invalidParams(operation, codingPath: path, reason: reason, requestID: requestID)
    }
}
