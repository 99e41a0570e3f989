#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SafeholdClient
import SafeholdProtocol
import SafeholdService
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SocketServerTests {
    @Test func echoRoundTrip() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }

        let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))
        let first = try client.call(.me, EchoParams(text: "hello"), as: EchoResult.self)
        let second = try client.call(.approve, EchoParams(text: "again"), as: EchoResult.self)

        #expect(first.text == "hello")
        #expect(first.operation == "Me")
        #expect(first.token == nil)
        #expect(second.text == "again")
        #expect(second.operation == "Approve")
        #expect(second.connectionID == first.connectionID)
    }

    @Test func peerCredentialsMatchProcess() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }

        let result = try ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))
            .call(.me, EchoParams(text: ""), as: EchoResult.self)

        #expect(result.uid == getuid())
        #expect(result.gid == getgid())
        #expect(result.pid == getpid())
    }

    @Test func socketFileHasConfiguredMode() throws {
        let directory = try SocketTestDirectory()
        let defaultMode = try SocketTestServer(in: directory)
        defer { defaultMode.server.stop() }
        let otherDirectory = try SocketTestDirectory()
        let ownerOnly = try SocketTestServer(in: otherDirectory) { $0.mode = 0o600 }
        defer { ownerOnly.server.stop() }

        var status = stat()
        #expect(lstat(defaultMode.socketPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o660)
        #expect(status.st_mode & S_IFMT == S_IFSOCK)
        #expect(lstat(ownerOnly.socketPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test func malformedJSONGetsReplyAndClose() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let bad = try SocketRawClient(path: service.socketPath)
        let good = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        try bad.sendFrame("{\"v\":1,\"id\":3,")
        let served = try good.call(.me, EchoParams(text: "still served"), as: EchoResult.self)
        let reply = try #require(try bad.readResponse())

        #expect(served.text == "still served")
        #expect(reply.id == 0)
        #expect(reply.outcome.failure?.code == .malformedFrame)
        #expect(bad.waitForClose())
    }

    @Test func envelopeWithoutOperationGetsReplyAndClose() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let bad = try SocketRawClient(path: service.socketPath)

        try bad.sendFrame(#"{"v":1,"id":7}"#)
        let reply = try #require(try bad.readResponse())

        #expect(reply.id == 7)
        #expect(reply.outcome.failure?.code == .malformedFrame)
        #expect(reply.outcome.failure?.message == "the request has no \"op\" field")
        #expect(bad.waitForClose())
    }

    @Test func oversizedFrameRejectedBeforeBody() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.maxFrameSize = 1024 }
        defer { service.server.stop() }
        let bad = try SocketRawClient(path: service.socketPath)
        let good = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        // Only the length prefix: the reply must come without the server waiting for the body.
        try bad.send(Data([0x7F, 0xFF, 0xFF, 0xFF]))
        let reply = try #require(try bad.readResponse())
        let served = try good.call(.me, EchoParams(text: "ok"), as: EchoResult.self)

        #expect(reply.outcome.failure?.code == .frameTooLarge)
        #expect(reply.outcome.failure?.message.contains("2147483647 bytes") == true)
        #expect(bad.waitForClose())
        #expect(served.text == "ok")
        #expect(service.log.text.contains("frame too large"))
    }

    @Test func clientReportsFrameTooLarge() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.maxFrameSize = 1024 }
        defer { service.server.stop() }
        let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        let error = #expect(throws: ClientError.self) {
            _ = try client.call(.me, EchoParams(text: String(repeating: "x", count: 4096)), as: EchoResult.self)
        }

        guard case let .service(wireError) = error else {
            Issue.record("expected a service error, got \(String(describing: error))")
            return
        }
        #expect(wireError.code == .frameTooLarge)
    }

    @Test func halfSentFrameTimesOut() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.readTimeout = .milliseconds(300) }
        defer { service.server.stop() }
        let bad = try SocketRawClient(path: service.socketPath)
        let good = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        try bad.send(Data([0, 0, 0, 100]) + Data("{\"v\":1,".utf8))
        let served = try good.call(.me, EchoParams(text: "served meanwhile"), as: EchoResult.self)
        let reply = try #require(try bad.readResponse(timeout: .seconds(3)))

        #expect(served.text == "served meanwhile")
        #expect(reply.outcome.failure?.code == .timeout)
        #expect(bad.waitForClose())
    }

    @Test func silentClientClosed() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.readTimeout = .milliseconds(300) }
        defer { service.server.stop() }
        let silent = try SocketRawClient(path: service.socketPath)
        let good = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        let served = try good.call(.me, EchoParams(text: "served meanwhile"), as: EchoResult.self)

        #expect(served.text == "served meanwhile")
        #expect(silent.waitForClose(timeout: .seconds(3)))
        #expect(service.log.text.contains("closing idle connection"))
    }

    @Test func unsupportedVersionKeepsConnection() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let raw = try SocketRawClient(path: service.socketPath)

        try raw.sendFrame(#"{"v":2,"id":5,"op":"Me","params":{"text":"x"}}"#)
        let rejected = try #require(try raw.readResponse())
        try raw.sendFrame(#"{"v":1,"id":6,"op":"Me","params":{"text":"x"}}"#)
        let accepted = try #require(try raw.readResponse())

        #expect(rejected.id == 5)
        #expect(rejected.outcome.failure?.code == .unsupportedVersion)
        #expect(accepted.id == 6)
        #expect(accepted.outcome.failure == nil)
    }

    @Test func unknownOperationRejected() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let raw = try SocketRawClient(path: service.socketPath)

        try raw.sendFrame(#"{"v":1,"id":9,"op":"Teleport","params":{}}"#)
        let reply = try #require(try raw.readResponse())

        #expect(reply.id == 9)
        #expect(reply.outcome.failure?.code == .unsupportedVersion)
        #expect(reply.outcome.failure?.message == "operation \"Teleport\" is not supported by this service")
    }

    @Test func invalidParamsReplyNamesField() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        #expect(throws: ClientError.service(WireError(
            code: .invalidInput, message: "invalid parameters for Me: params.text is missing"
        ))) {
            _ = try client.call(.me, EmptyPayload(), as: EchoResult.self)
        }
    }

    @Test func twoHundredConcurrentClients() throws {
        let count = 200
        let arrived = Atomic<Int>(0)
        let timedOutWaits = Atomic<Int>(0)
        let release = DispatchSemaphore(value: 0)
        let directory = try SocketTestDirectory()
        // Each handler waits until all requests are inside a handler at once, which proves that
        // every client is served concurrently, not in turn.
        let service = try SocketTestServer(in: directory, handler: { context, header, frame in
            if arrived.add(1, ordering: .relaxed).newValue == count {
                for _ in 0..<count {
                    release.signal()
                }
            }
            if !release.wait(seconds: 20) {
                timedOutWaits.add(1, ordering: .relaxed)
            }
            return echoHandler(context, header, frame)
        })
        defer { service.server.stop() }

        let results = Mutex<[Int: String]>([:])
        SocketTestThread.runConcurrently(count) { index in
            let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(30))
            let text = (try? client.call(.me, EchoParams(text: "client \(index)"), as: EchoResult.self))?.text
            results.withLock { $0[index] = text ?? "failed" }
        }

        let answers = results.withLock { $0 }
        #expect(answers.count == count)
        #expect(answers.allSatisfy { $0.value == "client \($0.key)" })
        #expect(timedOutWaits.load(ordering: .relaxed) == 0)
    }

    @Test func connectionLimitRejectsWithBusy() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.maxConnections = 2 }
        defer { service.server.stop() }
        let first = try SocketRawClient(path: service.socketPath)
        let second = try SocketRawClient(path: service.socketPath)

        let error = withExtendedLifetime((first, second)) {
            #expect(eventually { service.server.openConnectionCount == 2 })
            let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))
            return #expect(throws: ClientError.self) {
                _ = try client.call(.me, EchoParams(text: "one too many"), as: EchoResult.self)
            }
        }

        guard case let .service(wireError) = error else {
            Issue.record("expected a service error, got \(String(describing: error))")
            return
        }
        #expect(wireError.code == .busy)
        #expect(error?.exitCode == 75)
        #expect(service.server.rejectedConnectionCount == 1)
        #expect(service.log.text.contains("connection rejected: connection limit reached"))
    }

    @Test func staleSocketReplaced() throws {
        let directory = try SocketTestDirectory()
        let path = directory.file("s.sock")
        try bindAndAbandonSocket(at: path)

        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let result = try ServiceClient(socketPath: path, timeout: .seconds(5)).call(.me, EchoParams(text: "new"), as: EchoResult.self)

        #expect(result.text == "new")
        #expect(service.log.text.contains("removed stale socket file"))
    }

    @Test func liveSocketRefused() throws {
        let directory = try SocketTestDirectory()
        let running = try SocketTestServer(in: directory)
        defer { running.server.stop() }
        let second = UnixSocketServer(
            configuration: .init(socketPath: running.socketPath), logger: .discarding(label: "test"), handler: echoHandler
        )

        #expect(throws: SocketServerError.alreadyRunning(path: running.socketPath)) {
            try second.start()
        }
        let error = SocketServerError.alreadyRunning(path: running.socketPath)
        #expect(error.description.hasPrefix("another safehold service is running on \(running.socketPath)"))
        let stillServed = try ServiceClient(socketPath: running.socketPath, timeout: .seconds(5))
            .call(.me, EchoParams(text: "first"), as: EchoResult.self)
        #expect(stillServed.text == "first")
    }

    @Test func regularFileRefused() throws {
        let directory = try SocketTestDirectory()
        let path = try directory.writeFile("s.sock", "not a socket", mode: 0o600)
        let server = UnixSocketServer(
            configuration: .init(socketPath: path), logger: .discarding(label: "test"), handler: echoHandler
        )

        #expect(throws: SocketServerError.notASocket(path: path)) {
            try server.start()
        }
        #expect(FileManager.default.contents(atPath: path) == Data("not a socket".utf8))
    }

    @Test func tooLongPathRefused() throws {
        let path = "/tmp/" + String(repeating: "p", count: 120) + ".sock"
        let server = UnixSocketServer(
            configuration: .init(socketPath: path), logger: .discarding(label: "test"), handler: echoHandler
        )

        let error = #expect(throws: SocketServerError.self) {
            try server.start()
        }

        #expect(error == .invalidPath(.tooLong(path: path, length: 130, maximum: 107)))
        #expect(error?.description.contains("limited to 107 bytes") == true)
    }

    @Test func missingDirectoryNamed() throws {
        let directory = try SocketTestDirectory()
        let path = directory.file("absent/s.sock")
        let server = UnixSocketServer(
            configuration: .init(socketPath: path), logger: .discarding(label: "test"), handler: echoHandler
        )

        let error = #expect(throws: SocketServerError.self) {
            try server.start()
        }

        #expect(error?.description.hasPrefix("failed to bind the service socket \(path): No such file or directory") == true)
    }

    @Test func stopLetsSlowHandlerFinish() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory, handler: { context, header, frame in
            entered.signal()
            _ = release.wait(seconds: 10)
            return echoHandler(context, header, frame)
        })

        let answer = Mutex<String?>(nil)
        let caller = SocketTestThread {
            let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(10))
            let result = try? client.call(.checkIn, EchoParams(text: "finished"), as: EchoResult.self)
            answer.withLock { $0 = result?.text }
        }
        #expect(entered.wait(seconds: 5))

        let stopped = DispatchSemaphore(value: 0)
        let stopper = SocketTestThread {
            service.server.stop()
            stopped.signal()
        }
        #expect(eventually { access(service.socketPath, F_OK) != 0 })
        #expect(!stopped.wait(seconds: 0.2))
        release.signal()
        #expect(stopped.wait(seconds: 5))
        caller.join()
        stopper.join()

        #expect(answer.withLock { $0 } == "finished")
        #expect(!service.log.text.contains("stop timed out"))
    }

    @Test func stopTimeoutShutsDownStuckConnection() throws {
        let release = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory, configure: { $0.stopTimeout = .milliseconds(200) }, handler: { context, header, frame in
            entered.signal()
            _ = release.wait(seconds: 10)
            return echoHandler(context, header, frame)
        })
        defer { release.signal() }

        let failure = Mutex<ClientError?>(nil)
        let caller = SocketTestThread {
            do throws(ClientError) {
                _ = try ServiceClient(socketPath: service.socketPath, timeout: .seconds(10))
                    .call(.me, EchoParams(text: "stuck"), as: EchoResult.self)
            } catch {
                failure.withLock { $0 = error }
            }
        }
        #expect(entered.wait(seconds: 5))

        let started = ContinuousClock.now
        service.server.stop()
        let elapsed = started.duration(to: .now)
        caller.join()

        #expect(elapsed < .seconds(3))
        #expect(service.log.text.contains("stop timed out with requests in progress"))
        #expect(failure.withLock { $0 } != nil)
    }

    @Test func stopClosesIdleConnectionsAtOnce() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.stopTimeout = .seconds(10) }
        let idle = try SocketRawClient(path: service.socketPath)
        #expect(eventually { service.server.openConnectionCount == 1 })

        let started = ContinuousClock.now
        service.server.stop()
        let elapsed = started.duration(to: .now)

        #expect(elapsed < .seconds(2))
        #expect(idle.waitForClose())
        #expect(!service.log.text.contains("stop timed out"))
    }

    @Test func stopRemovesSocketFile() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)

        service.server.stop()

        #expect(access(service.socketPath, F_OK) != 0)
        #expect(throws: ClientError.serviceNotRunning(socketPath: service.socketPath)) {
            _ = try ServiceClient(socketPath: service.socketPath, timeout: .seconds(5)).call(.me, EchoParams(text: ""), as: EchoResult.self)
        }
        #expect(service.log.text.contains("socket server stopped"))
    }

    @Test func logsNeverContainFrameContents() throws {
        let marker = "s3cr3t-marker"
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.readTimeout = .milliseconds(300) }
        let tokenFile = try directory.writeFile("token", "\(marker)-token\n", mode: 0o600)

        let client = ServiceClient(socketPath: service.socketPath, token: try TokenSource(contentsOf: tokenFile), timeout: .seconds(5))
        _ = try client.call(.apiKeyAdd, EchoParams(text: marker), as: EchoResult.self)
        let malformed = try SocketRawClient(path: service.socketPath)
        try malformed.sendFrame("{\"v\":1,\"op\":\"\(marker)\"")
        #expect(try malformed.readResponse()?.outcome.failure?.code == .malformedFrame)
        #expect(malformed.waitForClose())
        let unknown = try SocketRawClient(path: service.socketPath)
        try unknown.sendFrame(#"{"v":1,"id":1,"op":"\#(marker)","token":"\#(marker)"}"#)
        _ = try unknown.readResponse()
        let half = try SocketRawClient(path: service.socketPath)
        try half.send(Data([0, 0, 0, 200]) + Data(marker.utf8))
        #expect(try half.readResponse(timeout: .seconds(3))?.outcome.failure?.code == .timeout)
        #expect(half.waitForClose())
        service.server.stop()

        #expect(!service.log.records.isEmpty)
        #expect(!service.log.text.contains(marker))
    }

    /// Leaves a socket file behind with no server listening, as a server that was killed does.
    private func bindAndAbandonSocket(at path: String) throws {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        let address = try UnixSocketAddress(path: path)
        guard address.withSocketAddress({ bind(descriptor, $0, $1) }) == 0 else {
            throw SystemError.current("bind")
        }
    }
}

extension Result {
    /// The error of a failure, nil for a success.
    var failure: Failure? {
        guard case let .failure(error) = self else {
            return nil
        }
        return error
    }
}
