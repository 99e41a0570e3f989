#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol

/// Turns one request frame into one response frame: identifies the caller, decodes the
/// operation's parameters, calls the broker, and encodes its result or error.
///
/// Errors reach clients as one shape (code, message, hint). Internal errors are logged with their
/// detail and shown to clients only as "internal error". Nothing here logs a parameter or a
/// result, because either may hold a secret.
public final class ServiceHandler: Sendable {
    let broker: Broker
    let logger: Logger
    let identity: CallerIdentity

    public init(broker: Broker, logger: Logger) {
        self.broker = broker
        self.logger = logger
        self.identity = CallerIdentity(broker: broker)
    }

    /// The socket server's handler.
    public func handle(_ context: ConnectionContext, _ header: RequestHeader, _ frame: Data) -> Data {
        let caller: Caller
        let method: String
        do {
            (caller, method) = try identity.identify(uid: context.peer.uid, pid: context.peer.pid, token: header.token)
        } catch {
            logger.info("caller refused", context.logMetadata.merging(["op": header.operation.rawValue]) { a, _ in a })
            return ResponseBody.failure(id: header.id, error: WireError(
                code: .permissionDenied, message: "permission denied",
                hint: "ask an administrator to add your OS login with `safehold user add NAME --os-user LOGIN`, or to create a token for you"
            ))
        }

        do {
            return try route(header, frame: frame, caller: caller, method: method)
        } catch let error as BrokerError {
            if case let .internalError(detail) = error {
                logger.error("operation failed", ["op": header.operation.rawValue, "user": caller.id.rawValue, "error": detail])
            }
            return ResponseBody.failure(id: header.id, error: Self.wireError(error))
        } catch let error as EnvelopeError {
            return ResponseBody.failure(id: header.id, error: WireError(code: .invalidInput, message: error.description))
        } catch {
            logger.error("operation failed", ["op": header.operation.rawValue, "user": caller.id.rawValue, "error": "\(error)"])
            return ResponseBody.failure(id: header.id, error: .internalError)
        }
    }

    /// Decodes `Params`, runs `body`, and encodes its result.
    func run<Params: Decodable, Result: Encodable>(
        _ header: RequestHeader, _ frame: Data, _ params: Params.Type, _ body: (Params) throws -> Result
    ) throws -> Data {
        let decoded = try header.decodeParams(Params.self, from: frame)
        let result = try body(decoded)
        return try ResponseBody.success(id: header.id, result: result)
    }

    static func wireError(_ error: BrokerError) -> WireError {
        let code: ErrorCode = switch error.kind {
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .invalidInput: .invalidInput
        case .conflict: .conflict
        case .rotating: .rotating
        case .busy: .busy
        case .failed: .failed
        case .internalError: .internalError
        }
        return WireError(code: code, message: error.description, hint: error.hint)
    }
}
