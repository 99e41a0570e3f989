#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// Serves the requests of one connection, one at a time, on the connection's own thread.
///
/// Logs name the connection and the caller, never what a frame contains.
struct ConnectionWorker: Sendable {
    let context: ConnectionContext
    /// The connection's socket, owned by `registry`, which closes it.
    let descriptor: Int32
    let configuration: UnixSocketServer.Configuration
    let registry: ConnectionRegistry
    let handler: UnixSocketServer.Handler
    let logger: Logger

    /// Serves requests until the peer closes, a frame fails, or the server stops; then closes.
    func run() {
        defer { registry.close(context.connectionID) }
        let socket = FrameSocket(fileDescriptor: descriptor, codec: FrameCodec(maxFrameSize: configuration.maxFrameSize))

        while !registry.isStopping {
            guard var frame = readRequest(from: socket) else {
                return
            }
            defer { frame.wipe() }

            guard !registry.isStopping else {
                sendError(WireError(code: .unavailable, message: "the safehold service is shutting down"), id: 0, on: socket)
                return
            }
            guard serve(frame, on: socket) else {
                return
            }
        }
    }

    /// Reads the next request frame. Returns nil when the connection must close, after replying
    /// where a reply helps the client.
    private func readRequest(from socket: FrameSocket) -> Data? {
        do {
            return try socket.readFrame(deadline: .now + configuration.readTimeout)
        } catch {
            switch error {
            case let .tooLarge(length, maximum):
                logger.info("closing connection: frame too large", context.logMetadata.merging(
                    ["length": String(length), "maximum": String(maximum)]) { $1 })
                let message = "the request of \(length) bytes exceeds the service's maximum frame size of \(maximum) bytes"
                sendError(WireError(code: .frameTooLarge, message: message), id: 0, on: socket)
            case .timedOut(midFrame: true):
                logger.info("closing connection: incomplete frame timed out", context.logMetadata)
                let message = "the request did not arrive completely in time"
                sendError(WireError(code: .timeout, message: message), id: 0, on: socket)
            case .timedOut(midFrame: false):
                logger.info("closing idle connection", context.logMetadata)
            case .truncated:
                logger.info("closing connection: peer closed it in the middle of a frame", context.logMetadata)
            case let .system(error) where error.errno != ECONNRESET:
                logger.error("closing connection: read failed", context.logMetadata.merging(
                    ["call": error.call, "errno": String(error.errno), "reason": error.reason]) { $1 })
            case .system:
                break
            }
            return nil
        }
    }

    /// Decodes the envelope, runs the handler and writes its reply. Returns whether the
    /// connection stays open.
    private func serve(_ frame: Data, on socket: FrameSocket) -> Bool {
        let header: RequestHeader
        do {
            header = try RequestHeader.decode(from: frame)
        } catch {
            if !error.keepsConnection {
                logger.info("closing connection: malformed request envelope", context.logMetadata)
            }
            return sendError(error.wireError, id: error.requestID, on: socket) && error.keepsConnection
        }

        var response = handler(context, header, frame)
        defer { response.wipe() }
        return send(response, on: socket)
    }

    @discardableResult
    private func sendError(_ error: WireError, id: Int, on socket: FrameSocket) -> Bool {
        send(ResponseBody.failure(id: id, error: error), on: socket)
    }

    /// Writes one response frame. Returns false, after logging, when the write failed.
    private func send(_ body: Data, on socket: FrameSocket) -> Bool {
        do {
            try socket.writeFrame(body, deadline: .now + configuration.readTimeout, sensitive: true)
            return true
        } catch .system(let error) where error.errno == EPIPE || error.errno == ECONNRESET {
            return false
        } catch {
            logger.info("closing connection: writing the reply failed", context.logMetadata.merging(
                ["reason": error.description]) { $1 })
            return false
        }
    }
}
