#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

extension UnixSocketServer {
    /// Accepts connections until a byte arrives on the wake pipe. Runs on its own thread.
    func acceptConnections(_ run: Run) {
        while true {
            var descriptors = [
                pollfd(fd: run.listener.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: run.wakePipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 {
                if errno == EINTR {
                    continue
                }
                logger.error("accept loop stopped: poll failed", ["reason": SystemError.current("poll").reason])
                return
            }
            if descriptors[1].revents != 0 || descriptors[0].revents & Int16(POLLNVAL) != 0 {
                return
            }

            guard let descriptor = acceptOne(run) else {
                continue
            }
            admit(descriptor, run: run)
        }
    }

    /// Accepts one pending connection. Returns nil when there was none or accepting failed.
    private func acceptOne(_ run: Run) -> Int32? {
        // NOTE: Swift's Glibc module hides `accept4`, so FD_CLOEXEC is set just after `accept`. A
        // program that another thread starts in between inherits the socket.
        let descriptor = accept(run.listener.fileDescriptor, nil, nil)
        guard descriptor >= 0 else {
            let error = SystemError.current("accept")
            switch error.errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED:
                break
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                logger.error("accept failed; retrying in 100 ms", ["errno": String(error.errno), "reason": error.reason])
                poll(nil, 0, 100)
            default:
                logger.error("accept failed", ["errno": String(error.errno), "reason": error.reason])
            }
            return nil
        }

        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return descriptor
    }

    /// Starts serving `descriptor` on a new thread, or replies why not and closes it.
    private func admit(_ descriptor: Int32, run: Run) {
        let connectionID = nextConnectionID()

        let peer: PeerCredentials
        do {
            peer = try PeerCredentials.read(from: descriptor)
        } catch {
            logger.error("closing connection: peer credentials unavailable", [
                "connection": String(connectionID), "reason": error.reason,
            ])
            close(descriptor)
            return
        }
        let context = ConnectionContext(connectionID: connectionID, peer: peer)

        switch run.registry.admit(connectionID, descriptor: descriptor, limit: configuration.maxConnections) {
        case .admitted:
            startWorker(context, descriptor: descriptor, registry: run.registry)
        case .limitReached:
            let rejected = countRejection()
            logger.error("connection rejected: connection limit reached", context.logMetadata.merging([
                "limit": String(configuration.maxConnections), "rejectedTotal": String(rejected),
            ]) { $1 })
            reject(descriptor, with: WireError(
                code: .busy,
                message: "the safehold service is serving its maximum of \(configuration.maxConnections) connections",
                hint: "retry in a moment"
            ))
        case .stopping:
            reject(descriptor, with: WireError(code: .unavailable, message: "the safehold service is shutting down"))
        }
    }

    private func startWorker(_ context: ConnectionContext, descriptor: Int32, registry: ConnectionRegistry) {
        let worker = ConnectionWorker(
            context: context, descriptor: descriptor, configuration: configuration,
            registry: registry, handler: handler, logger: logger
        )
        do {
            try DetachedThread.start {
                worker.run()
            }
        } catch {
            logger.error("closing connection: no thread to serve it", context.logMetadata.merging(
                ["reason": error.reason]) { $1 })
            registry.close(context.connectionID)
        }
    }

    /// Sends a connection-level error (id 0) without waiting, then closes the descriptor.
    private func reject(_ descriptor: Int32, with error: WireError) {
        let socket = FrameSocket(fileDescriptor: descriptor, codec: FrameCodec())
        try? socket.writeFrame(ResponseBody.failure(id: 0, error: error), deadline: .now + .milliseconds(100))
        close(descriptor)
    }
}
