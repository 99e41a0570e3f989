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
import SafeholdService
import Synchronization
import Testing

/// A fresh directory under /tmp with a short name, because socket paths must fit in 107 bytes.
final class SocketTestDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/sh-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else {
            throw SystemError.current("mkdtemp")
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String {
        "\(path)/\(name)"
    }

    /// Writes `content` to `name` with permission bits `mode`, and returns its path.
    func writeFile(_ name: String, _ content: String, mode: mode_t) throws -> String {
        let filePath = file(name)
        try Data(content.utf8).write(to: URL(fileURLWithPath: filePath))
        guard chmod(filePath, mode) == 0 else {
            throw SystemError.current("chmod")
        }
        return filePath
    }
}

/// Parameters and result of the echo handler.
struct EchoParams: Codable, Sendable, Equatable {
    var text: String
}

struct EchoResult: Codable, Sendable, Equatable {
    var text: String
    var operation: String
    var token: String?
    var connectionID: UInt64
    var uid: UInt32
    var gid: UInt32
    var pid: Int32
}

/// Handler that returns its parameters with the caller's connection number and peer credentials.
func echoHandler(_ context: ConnectionContext, _ header: RequestHeader, _ frame: Data) -> Data {
    do {
        let params = try header.decodeParams(EchoParams.self, from: frame)
        let result = EchoResult(
            text: params.text, operation: header.operation.rawValue, token: header.token,
            connectionID: context.connectionID, uid: context.peer.uid, gid: context.peer.gid, pid: context.peer.pid
        )
        return try ResponseBody.success(id: header.id, result: result)
    } catch let error as EnvelopeError {
        return ResponseBody.failure(id: header.id, error: error.wireError)
    } catch {
        return ResponseBody.failure(id: header.id, error: .internalError)
    }
}

/// A started server with its log recorder; `stop()` it at the end of the test.
struct SocketTestServer {
    let server: UnixSocketServer
    let log: LogRecorder
    let socketPath: String

    init(
        in directory: SocketTestDirectory,
        configure: (inout UnixSocketServer.Configuration) -> Void = { _ in },
        handler: @escaping UnixSocketServer.Handler = echoHandler
    ) throws {
        socketPath = directory.file("s.sock")
        var configuration = UnixSocketServer.Configuration(socketPath: socketPath, stopTimeout: .seconds(5))
        configure(&configuration)
        log = LogRecorder()
        server = UnixSocketServer(
            configuration: configuration, logger: .recording(label: "safehold.socket", into: log), handler: handler
        )
        try server.start()
    }
}

/// A client that writes raw bytes, to play a misbehaving peer.
final class SocketRawClient {
    let descriptor: Int32
    private let socket: FrameSocket

    init(path: String) throws {
        descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw SystemError.current("socket")
        }
        socket = FrameSocket(fileDescriptor: descriptor, codec: FrameCodec(maxFrameSize: 1 << 20))
        let address = try UnixSocketAddress(path: path)
        guard address.withSocketAddress({ connect(descriptor, $0, $1) }) == 0 else {
            let error = SystemError.current("connect")
            close(descriptor)
            throw error
        }
    }

    deinit {
        close(descriptor)
    }

    func send(_ bytes: Data) throws {
        try socket.write(bytes, deadline: .now + .seconds(5))
    }

    /// Sends `json` as one frame.
    func sendFrame(_ json: String) throws {
        try socket.writeFrame(Data(json.utf8), deadline: .now + .seconds(5))
    }

    /// Reads one reply and decodes its envelope, or nil when the server closed the connection.
    func readResponse(timeout: Duration = .seconds(5)) throws -> WireResponse<EmptyPayload>? {
        guard let body = try socket.readFrame(deadline: .now + timeout) else {
            return nil
        }
        return try WireCoding.decoder().decode(WireResponse<EmptyPayload>.self, from: body)
    }

    /// Returns whether the server closed the connection within `timeout`, with nothing more to read.
    func waitForClose(timeout: Duration = .seconds(5)) -> Bool {
        do {
            return try socket.readFrame(deadline: .now + timeout) == nil
        } catch .system(let error) {
            return error.errno == ECONNRESET
        } catch {
            return false
        }
    }
}

/// A joinable POSIX thread, so that tests can run blocking clients side by side.
final class SocketTestThread {
    private var thread = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(SocketTestThreadBody(body)).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            Unmanaged<SocketTestThreadBody>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        precondition(result == 0, "pthread_create failed with \(result)")
    }

    func join() {
        pthread_join(thread, nil)
    }

    /// Runs `body(index)` on `count` threads at once and waits for all of them.
    static func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let threads = (0..<count).map { index in SocketTestThread { body(index) } }
        for thread in threads {
            thread.join()
        }
    }
}

private final class SocketTestThreadBody {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}

/// Whether `body` returns true before `timeout`, checking every 10 ms.
func eventually(timeout: Duration = .seconds(5), _ body: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if body() {
            return true
        }
        usleep(10_000)
    }
    return body()
}

extension DispatchSemaphore {
    /// Waits at most `seconds`; returns whether the semaphore was signalled.
    func wait(seconds: Double) -> Bool {
        wait(timeout: .now() + seconds) == .success
    }
}
