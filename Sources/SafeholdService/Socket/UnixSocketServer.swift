#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SafeholdProtocol
import Synchronization

/// The service's Unix-domain socket server: accepts connections, reads each caller's peer
/// credentials and serves length-prefixed JSON frames, each connection on its own thread.
///
/// The server checks framing and the request envelope, and replies to errors in them itself.
/// Everything else belongs to the handler: it receives the decoded header and the whole frame and
/// returns the body of the response frame (see `ResponseBody`). Requests on one connection are
/// served in order. Connections are served concurrently, so the handler must be thread-safe.
///
/// The server's threads keep it alive while it runs, so call `stop()` before releasing it.
public final class UnixSocketServer: Sendable {
    /// Serves one request: decodes the parameters that `header.operation` expects from the frame
    /// (`header.decodeParams(_:from:)`) and returns the response body. It runs on the
    /// connection's thread and may block.
    public typealias Handler = @Sendable (ConnectionContext, RequestHeader, Data) -> Data

    public let configuration: Configuration
    let handler: Handler
    let logger: Logger

    private let run = Mutex<Run?>(nil)
    private let connectionCount = Atomic<UInt64>(0)
    private let rejectedCount = Atomic<Int>(0)

    /// State of a started server, from `start()` to `stop()`.
    struct Run: Sendable {
        let listener: ListeningSocket
        let wakePipe: (read: Int32, write: Int32)
        let registry: ConnectionRegistry
        let acceptLoopFinished: DispatchSemaphore
    }

    public init(configuration: Configuration, logger: Logger, handler: @escaping Handler) {
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
    }

    /// Binds the socket and starts accepting connections on a background thread.
    ///
    /// A socket file left by a dead server is replaced; a live server's socket and a file that is
    /// not a socket are not.
    public func start() throws(SocketServerError) {
        try run.withLock { (run: inout Run?) throws(SocketServerError) in
            guard run == nil else {
                throw .alreadyStarted(path: configuration.socketPath)
            }
            run = try startRun()
        }

        logger.info("socket server started", [
            "path": configuration.socketPath,
            "mode": String(configuration.mode, radix: 8),
            "maxConnections": String(configuration.maxConnections),
        ])
    }

    private func startRun() throws(SocketServerError) -> Run {
        let listener = try ListeningSocket.open(configuration, logger: logger)

        var pipeDescriptors: [Int32] = [-1, -1]
        guard pipe(&pipeDescriptors) == 0 else {
            let error = SystemError.current("pipe")
            close(listener.fileDescriptor)
            listener.unlinkIfUnchanged()
            throw .system(error, path: configuration.socketPath)
        }

        _ = fcntl(pipeDescriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeDescriptors[1], F_SETFD, FD_CLOEXEC)

        let run = Run(
            listener: listener, wakePipe: (pipeDescriptors[0], pipeDescriptors[1]),
            registry: ConnectionRegistry(), acceptLoopFinished: DispatchSemaphore(value: 0)
        )
        do {
            try DetachedThread.start { [self] in
                acceptConnections(run)
                run.acceptLoopFinished.signal()
            }
        } catch {
            close(listener.fileDescriptor)
            close(pipeDescriptors[0])
            close(pipeDescriptors[1])
            listener.unlinkIfUnchanged()
            throw .system(error, path: configuration.socketPath)
        }
        return run
    }

    /// Stops accepting and removes the socket file, lets requests in progress finish for up to
    /// `configuration.stopTimeout`, then shuts down the connections that remain and returns.
    ///
    /// A handler that outlives the timeout keeps running on its thread, but its reply can no
    /// longer be delivered. Calling `stop()` on a server that is not running does nothing.
    public func stop() {
        guard let run = run.withLock({ (run: inout Run?) in run.take() }) else {
            return
        }
        logger.info("socket server stopping", ["path": configuration.socketPath])

        stopAccepting(run)

        let open = run.registry.beginStopping()
        if !run.registry.waitUntilEmpty(timeout: configuration.stopTimeout) {
            let remaining = run.registry.shutdownAll()
            logger.error("stop timed out with requests in progress; their connections were shut down", [
                "connections": String(remaining),
                "timeout": String(describing: configuration.stopTimeout),
            ])
        }

        logger.info("socket server stopped", ["path": configuration.socketPath, "connectionsAtStop": String(open)])
    }

    private func stopAccepting(_ run: Run) {
        var byte: UInt8 = 1
        _ = write(run.wakePipe.write, &byte, 1)

        let finished = run.acceptLoopFinished.wait(timeout: .now() + .seconds(5)) == .success
        close(run.listener.fileDescriptor)
        run.listener.unlinkIfUnchanged()
        if finished {
            close(run.wakePipe.read)
            close(run.wakePipe.write)
        } else {
            logger.error("accept loop did not finish within 5 seconds", ["path": configuration.socketPath])
        }
    }

    /// Number of connections being served now.
    public var openConnectionCount: Int {
        run.withLock { $0?.registry.count ?? 0 }
    }

    /// Number of connections rejected because `maxConnections` were open.
    public var rejectedConnectionCount: Int {
        rejectedCount.load(ordering: .relaxed)
    }

    func nextConnectionID() -> UInt64 {
        connectionCount.add(1, ordering: .relaxed).newValue
    }

    func countRejection() -> Int {
        rejectedCount.add(1, ordering: .relaxed).newValue
    }
}
