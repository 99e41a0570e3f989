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
    /// Settings of a socket server. Every limit has a default suitable for one machine's users.
    public struct Configuration: Sendable, Hashable {
        /// Path of the socket file, at most `UnixSocketAddress.maxPathLength` bytes.
        public var socketPath: String
        /// Permission bits of the socket file. Connecting needs write permission, so 0660 admits
        /// the owner and the socket's group.
        public var mode: mode_t
        /// Time a client has to send each frame, counted from when the server starts waiting for
        /// it. An idle connection is closed when it passes; so is one that sent part of a frame,
        /// after a `timeout` error reply. Writing a reply has the same limit.
        public var readTimeout: Duration
        /// Largest request body in bytes; a longer length prefix gets a `frameTooLarge` reply.
        public var maxFrameSize: Int
        /// Connections served at once; further ones get a `busy` reply and are closed.
        public var maxConnections: Int
        /// Backlog passed to `listen`.
        public var listenBacklog: Int32
        /// How long `stop()` waits for requests in progress before it shuts their sockets down.
        public var stopTimeout: Duration

        public init(
            socketPath: String,
            mode: mode_t = 0o660,
            readTimeout: Duration = .seconds(30),
            maxFrameSize: Int = FrameCodec.defaultMaxFrameSize,
            maxConnections: Int = 512,
            listenBacklog: Int32 = SOMAXCONN,
            stopTimeout: Duration = .seconds(10)
        ) {
            self.socketPath = socketPath
            self.mode = mode
            self.readTimeout = readTimeout
            self.maxFrameSize = maxFrameSize
            self.maxConnections = maxConnections
            self.listenBacklog = listenBacklog
            self.stopTimeout = stopTimeout
        }
    }
}
