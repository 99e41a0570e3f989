#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// One open connection to the service's socket. Closes its descriptor on deinit.
final class ServiceConnection {
    let socket: FrameSocket

    private init(descriptor: Int32, codec: FrameCodec) {
        socket = FrameSocket(fileDescriptor: descriptor, codec: codec)
    }

    deinit {
        close(socket.fileDescriptor)
    }

    /// Connects to the socket at `socketPath`, waiting at most until `deadline` when the service's
    /// backlog is full.
    static func open(
        socketPath: String, codec: FrameCodec, deadline: ContinuousClock.Instant, timeout: Duration
    ) throws(ClientError) -> ServiceConnection {
        let address: UnixSocketAddress
        do {
            address = try UnixSocketAddress(path: socketPath)
        } catch {
            throw .invalidSocketPath(error)
        }

        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw .connectionFailed(socketPath: socketPath, .current("socket"))
        }
        let connection = ServiceConnection(descriptor: descriptor, codec: codec)

        // On a Unix-domain socket, a blocking connect waits for room in the listener's backlog for
        // at most the send timeout, then fails with EAGAIN (unix(7)).
        var sendTimeout = timeval(remainingUntil: deadline)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))

        try connection.connect(to: address, timeout: timeout)
        return connection
    }

    private func connect(to address: UnixSocketAddress, timeout: Duration) throws(ClientError) {
        while address.withSocketAddress({ Glibc.connect(socket.fileDescriptor, $0, $1) }) != 0 {
            let error = SystemError.current("connect")
            switch error.errno {
            case EINTR:
                continue
            case EISCONN:
                return
            case ENOENT, ECONNREFUSED, ENOTDIR:
                throw .serviceNotRunning(socketPath: address.path)
            case EACCES, EPERM:
                throw .permissionDenied(socketPath: address.path)
            case EAGAIN, ETIMEDOUT, EINPROGRESS:
                throw .timedOut(socketPath: address.path, timeout: timeout)
            default:
                throw .connectionFailed(socketPath: address.path, error)
            }
        }
    }
}

extension timeval {
    /// Time left until `deadline`, at least one microsecond, because zero means "wait forever".
    init(remainingUntil deadline: ContinuousClock.Instant) {
        let remaining = max(ContinuousClock.now.duration(to: deadline), .microseconds(1))
        let (seconds, attoseconds) = remaining.components
        self.init(tv_sec: Int(seconds), tv_usec: max(Int(attoseconds / 1_000_000_000_000), 1))
    }
}
