#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol

/// A bound, listening Unix-domain socket and the identity of its file, so that stopping removes
/// the file only while it is still this socket's.
struct ListeningSocket: Sendable {
    let fileDescriptor: Int32
    let address: UnixSocketAddress
    let device: UInt64
    let inode: UInt64

    /// Binds a socket at `configuration.socketPath`, replacing a stale socket file, sets its mode
    /// and listens. The descriptor is non-blocking, so `accept` never waits after `poll` woke up
    /// for a connection that was aborted meanwhile.
    static func open(_ configuration: UnixSocketServer.Configuration, logger: Logger) throws(SocketServerError) -> ListeningSocket {
        let address: UnixSocketAddress
        do {
            address = try UnixSocketAddress(path: configuration.socketPath)
        } catch {
            throw .invalidPath(error)
        }

        try removeStaleSocket(at: address, logger: logger)

        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else {
            throw .system(.current("socket"), path: address.path)
        }

        do {
            return try bindAndListen(descriptor, at: address, configuration: configuration)
        } catch {
            close(descriptor)
            throw error
        }
    }

    private static func bindAndListen(
        _ descriptor: Int32, at address: UnixSocketAddress, configuration: UnixSocketServer.Configuration
    ) throws(SocketServerError) -> ListeningSocket {
        let bound = address.withSocketAddress { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            let error = SystemError.current("bind")
            throw error.errno == EADDRINUSE ? .alreadyRunning(path: address.path) : .system(error, path: address.path)
        }

        // No client can connect before `listen`, so the file's mode is final before the first one.
        guard chmod(address.path, configuration.mode) == 0 else {
            let error = SystemError.current("chmod")
            unlink(address.path)
            throw .system(error, path: address.path)
        }

        var status = stat()
        guard lstat(address.path, &status) == 0 else {
            let error = SystemError.current("lstat")
            unlink(address.path)
            throw .system(error, path: address.path)
        }

        guard listen(descriptor, configuration.listenBacklog) == 0 else {
            let error = SystemError.current("listen")
            unlink(address.path)
            throw .system(error, path: address.path)
        }

        return ListeningSocket(
            fileDescriptor: descriptor, address: address,
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino)
        )
    }

    /// Removes a socket file left by a server that died, and rejects a live server's socket and
    /// any file that is not a socket.
    ///
    /// NOTE: two services starting at the same moment can both find the file stale, and the later
    /// one then unlinks the earlier one's new socket. This check does not prevent that race; a lock
    /// held for the service's lifetime would.
    private static func removeStaleSocket(at address: UnixSocketAddress, logger: Logger) throws(SocketServerError) {
        var status = stat()
        guard lstat(address.path, &status) == 0 else {
            let error = SystemError.current("lstat")
            if error.errno == ENOENT {
                return
            }
            throw .system(error, path: address.path)
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw .notASocket(path: address.path)
        }

        switch probe(address) {
        case .accepted, .busy:
            throw .alreadyRunning(path: address.path)
        case .refused:
            guard unlink(address.path) == 0 || errno == ENOENT else {
                throw .system(.current("unlink"), path: address.path)
            }
            logger.info("removed stale socket file", ["path": address.path])
        case let .failed(error):
            throw .system(error, path: address.path)
        }
    }

    private enum ProbeResult {
        case accepted
        /// The backlog is full: a live server that is slow to accept.
        case busy
        /// No server listens: the file is stale.
        case refused
        case failed(SystemError)
    }

    private static func probe(_ address: UnixSocketAddress) -> ProbeResult {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else {
            return .failed(.current("socket"))
        }
        defer { close(descriptor) }

        guard address.withSocketAddress({ connect(descriptor, $0, $1) }) != 0 else {
            return .accepted
        }
        let error = SystemError.current("connect")
        switch error.errno {
        case ECONNREFUSED:
            return .refused
        case EAGAIN, EINPROGRESS:
            return .busy
        default:
            return .failed(error)
        }
    }

    /// Removes the socket file, unless another file has replaced it since `open`.
    func unlinkIfUnchanged() {
        var status = stat()
        guard lstat(address.path, &status) == 0,
            UInt64(status.st_dev) == device, UInt64(status.st_ino) == inode
        else {
            return
        }
        unlink(address.path)
    }
}
