#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// Client of the safehold service's socket, used by the command-line tool.
///
/// It connects on the first call and reuses the connection; calls run one at a time, so an
/// instance belongs to one thread. Nothing happens at load time or in `init`.
public final class ServiceClient {
    public let socketPath: String
    /// Limit for each call, from connecting to the last byte of the reply.
    public let timeout: Duration
    /// Largest reply body accepted, in bytes.
    public let maxResponseSize: Int

    private let token: TokenSource?
    private var connection: ServiceConnection?
    private var lastRequestID = 0

    /// Creates a client. `token` authenticates the caller; without one, the service identifies
    /// the caller by the OS login of its peer credentials.
    public init(
        socketPath: String, token: TokenSource? = nil, timeout: Duration = .seconds(30),
        maxResponseSize: Int = 64 << 20
    ) {
        self.socketPath = socketPath
        self.token = token
        self.timeout = timeout
        self.maxResponseSize = maxResponseSize
    }

    /// Sends `operation` with `params` and decodes the result as `type`.
    ///
    /// Throws `.service` with the service's error when it replied with one, and the other cases
    /// when the service could not be reached or the exchange failed.
    public func call<Params: Encodable, Result: Decodable>(
        _ operation: Operation, _ params: Params, as type: Result.Type = Result.self
    ) throws(ClientError) -> Result {
        let deadline = ContinuousClock.now + timeout
        lastRequestID += 1
        let id = lastRequestID

        var body = try encodeRequest(id: id, operation: operation, params: params)
        defer { body.wipe() }

        var responseBody = try exchange(body, operation: operation, deadline: deadline)
        defer { responseBody.wipe() }

        return try decodeResponse(responseBody, id: id, operation: operation, as: type)
    }

    /// Closes the connection; the next call opens a new one.
    public func close() {
        connection = nil
    }

    private func encodeRequest<Params: Encodable>(
        id: Int, operation: Operation, params: Params
    ) throws(ClientError) -> Data {
        let request = WireRequest(id: id, operation: operation, token: token?.text, params: params)
        do {
            return try WireCoding.encode(request)
        } catch {
            throw .protocolError("\(error.description) for \(operation.rawValue)")
        }
    }

    /// Writes the request frame and reads the reply frame, opening a connection when needed.
    private func exchange(_ body: Data, operation: Operation, deadline: ContinuousClock.Instant) throws(ClientError) -> Data {
        let reused = connection != nil
        var current = try openConnection(deadline: deadline)

        do {
            try current.socket.writeFrame(body, deadline: deadline, sensitive: true)
        } catch .system(let error) where reused && (error.errno == EPIPE || error.errno == ECONNRESET) {
            // The service closed the idle connection before reading anything of this request.
            connection = nil
            current = try openConnection(deadline: deadline)
            try send(body, on: current, deadline: deadline)
        } catch {
            try failAfterWriteError(error, on: current)
        }

        return try receive(on: current, operation: operation, deadline: deadline)
    }

    private func openConnection(deadline: ContinuousClock.Instant) throws(ClientError) -> ServiceConnection {
        if let connection {
            return connection
        }
        let opened = try ServiceConnection.open(
            socketPath: socketPath, codec: FrameCodec(maxFrameSize: maxResponseSize),
            deadline: deadline, timeout: timeout
        )
        connection = opened
        return opened
    }

    private func send(_ body: Data, on current: ServiceConnection, deadline: ContinuousClock.Instant) throws(ClientError) {
        do {
            try current.socket.writeFrame(body, deadline: deadline, sensitive: true)
        } catch {
            try failAfterWriteError(error, on: current)
        }
    }

    /// Reports a failed write. The service may have rejected the request with an error reply
    /// before it closed the connection (a frame too large, too many connections), so that reply
    /// is read first when one arrived.
    private func failAfterWriteError(_ error: FrameError, on current: ServiceConnection) throws(ClientError) -> Never {
        connection = nil
        if let reply = try? current.socket.readFrame(deadline: .now + .milliseconds(100)),
            let response = try? WireCoding.decoder().decode(WireResponse<EmptyPayload>.self, from: reply),
            case let .failure(wireError) = response.outcome
        {
            throw .service(wireError)
        }

        switch error {
        case .timedOut:
            throw .timedOut(socketPath: socketPath, timeout: timeout)
        case let .tooLarge(length, _):
            throw .protocolError("the request of \(length) bytes is too large for a frame")
        case .truncated, .system:
            throw .protocolError("sending the request to \(socketPath) failed: \(error.description)")
        }
    }

    private func receive(on current: ServiceConnection, operation: Operation, deadline: ContinuousClock.Instant) throws(ClientError) -> Data {
        let reply: Data?
        do {
            reply = try current.socket.readFrame(deadline: deadline)
        } catch {
            connection = nil
            switch error {
            case .timedOut:
                throw .timedOut(socketPath: socketPath, timeout: timeout)
            case let .tooLarge(length, maximum):
                throw .protocolError("the reply of \(length) bytes exceeds the client's maximum of \(maximum) bytes")
            case .truncated, .system:
                throw .protocolError("reading the reply from \(socketPath) failed: \(error.description)")
            }
        }

        guard let reply else {
            connection = nil
            throw .protocolError(
                "the safehold service on \(socketPath) closed the connection without replying to \(operation.rawValue); "
                    + "see the service's log"
            )
        }
        return reply
    }

    private func decodeResponse<Result: Decodable>(
        _ body: Data, id: Int, operation: Operation, as type: Result.Type
    ) throws(ClientError) -> Result {
        let response: WireResponse<Result>
        do {
            response = try WireCoding.decode(WireResponse<Result>.self, from: body)
        } catch {
            connection = nil
            throw .protocolError("the reply to \(operation.rawValue) could not be decoded\(Self.codingPath(of: error))")
        }

        guard response.version == protocolVersion else {
            connection = nil
            throw .protocolError("the service replied with protocol version \(response.version), not \(protocolVersion)")
        }

        switch response.outcome {
        case let .success(result) where response.id == id:
            return result
        case let .failure(error) where response.id == id:
            throw .service(error)
        case let .failure(error) where response.id == 0:
            // An error about the connection itself, after which the service closes it.
            connection = nil
            throw .service(error)
        default:
            connection = nil
            throw .protocolError("the reply carries id \(response.id), but the request had id \(id)")
        }
    }

    private static func codingPath(of error: any Error) -> String {
        guard let decodingError = error as? DecodingError else {
            return ""
        }
        let path: [any CodingKey]
        switch decodingError {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            path = context.codingPath
        case let .keyNotFound(key, context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        let names = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return names.isEmpty ? "" : " at \(names.joined(separator: "."))"
    }
}
