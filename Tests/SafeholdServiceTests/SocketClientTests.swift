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
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SocketClientTests {
    @Test func missingSocketNamesPath() throws {
        let directory = try SocketTestDirectory()
        let path = directory.file("absent.sock")
        let client = ServiceClient(socketPath: path, timeout: .seconds(5))

        let error = #expect(throws: ClientError.self) {
            _ = try client.call(.me, EmptyPayload(), as: EmptyPayload.self)
        }

        #expect(error == .serviceNotRunning(socketPath: path))
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("safehold serve") == true)
        #expect(error?.exitCode == 69)
    }

    @Test func tooLongSocketPathIsUsageError() {
        let path = "/tmp/" + String(repeating: "q", count: 110)
        let client = ServiceClient(socketPath: path, timeout: .seconds(5))

        let error = #expect(throws: ClientError.self) {
            _ = try client.call(.me, EmptyPayload(), as: EmptyPayload.self)
        }

        #expect(error == .invalidSocketPath(.tooLong(path: path, length: 115, maximum: 107)))
        #expect(error?.exitCode == 64)
    }

    @Test(.enabled(if: getuid() != 0, "root passes every permission check"))
    func socketWithoutAccessIsPermissionDenied() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory) { $0.mode = 0o000 }
        defer { service.server.stop() }

        let error = #expect(throws: ClientError.self) {
            _ = try ServiceClient(socketPath: service.socketPath, timeout: .seconds(5)).call(.me, EchoParams(text: ""), as: EchoResult.self)
        }

        #expect(error == .permissionDenied(socketPath: service.socketPath))
        #expect(error?.exitCode == 77)
    }

    @Test func serviceErrorCarriesCodeAndHint() throws {
        let directory = try SocketTestDirectory()
        let notFound = WireError(code: .notFound, message: "request 4f2c0a1b9e77 not found", hint: "run `safehold requests`")
        let service = try SocketTestServer(in: directory, handler: { _, header, _ in
            ResponseBody.failure(id: header.id, error: notFound)
        })
        defer { service.server.stop() }

        let error = #expect(throws: ClientError.self) {
            _ = try ServiceClient(socketPath: service.socketPath, timeout: .seconds(5)).call(.details, EmptyPayload(), as: EmptyPayload.self)
        }

        #expect(error == .service(notFound))
        #expect(error?.exitCode == 66)
        #expect(error?.description == "request 4f2c0a1b9e77 not found\nhint: run `safehold requests`")
    }

    @Test func slowServiceTimesOut() throws {
        let release = DispatchSemaphore(value: 0)
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory, handler: { context, header, frame in
            _ = release.wait(seconds: 10)
            return echoHandler(context, header, frame)
        })
        defer {
            release.signal()
            service.server.stop()
        }

        let client = ServiceClient(socketPath: service.socketPath, timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = #expect(throws: ClientError.self) {
            _ = try client.call(.me, EchoParams(text: "slow"), as: EchoResult.self)
        }

        #expect(error == .timedOut(socketPath: service.socketPath, timeout: .milliseconds(300)))
        #expect(error?.description.contains("did not reply within 0.3 s") == true)
        #expect(started.duration(to: .now) < .seconds(3))
    }

    @Test func clientReconnectsAfterServiceRestart() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let client = ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))

        let before = try client.call(.me, EchoParams(text: "before"), as: EchoResult.self)
        service.server.stop()
        try service.server.start()
        let after = try client.call(.me, EchoParams(text: "after"), as: EchoResult.self)

        #expect(before.text == "before")
        #expect(after.text == "after")
        #expect(after.connectionID != before.connectionID)
    }

    @Test func unreadableResultIsProtocolError() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }

        let error = #expect(throws: ClientError.self) {
            _ = try ServiceClient(socketPath: service.socketPath, timeout: .seconds(5))
                .call(.me, EchoParams(text: "x"), as: [String].self)
        }

        #expect(error == .protocolError("the reply to Me could not be decoded at result"))
        #expect(error?.exitCode == 1)
    }

    // MARK: Token files

    @Test func tokenFileReadableByOthersRefused() throws {
        let directory = try SocketTestDirectory()
        let path = try directory.writeFile("token", "tok-123\n", mode: 0o644)

        let error = #expect(throws: TokenFileError.self) {
            _ = try TokenSource.load(environment: ["SAFEHOLD_TOKEN_FILE": path])
        }

        #expect(error == .accessibleByOthers(path: path, mode: S_IFREG | 0o644))
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("chmod 600 \(path)") == true)
        #expect(error?.exitCode == 77)
    }

    @Test func tokenFileOwnerOnlyAcceptedAndSent() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let path = try directory.writeFile("token", "tok-123\n", mode: 0o600)

        let token = try #require(try TokenSource.load(environment: ["SAFEHOLD_TOKEN_FILE": path]))
        let result = try ServiceClient(socketPath: service.socketPath, token: token, timeout: .seconds(5))
            .call(.me, EchoParams(text: ""), as: EchoResult.self)

        #expect(token.path == path)
        #expect(result.token == "tok-123")
    }

    @Test func tokenFileVariableWinsOverDefault() throws {
        let directory = try SocketTestDirectory()
        let service = try SocketTestServer(in: directory)
        defer { service.server.stop() }
        let home = directory.file("home")
        #expect(mkdir(home, 0o700) == 0)
        #expect(mkdir(home + "/.config", 0o700) == 0)
        #expect(mkdir(home + "/.config/safehold", 0o700) == 0)
        _ = try directory.writeFile("home/.config/safehold/token", "from-home", mode: 0o600)
        let named = try directory.writeFile("named-token", "from-variable\r\n", mode: 0o400)

        let fromVariable = try #require(try TokenSource.load(environment: ["SAFEHOLD_TOKEN_FILE": named, "HOME": home]))
        let fromHome = try #require(try TokenSource.load(environment: ["HOME": home]))
        let client = ServiceClient(socketPath: service.socketPath, token: fromVariable, timeout: .seconds(5))
        let result = try client.call(.me, EchoParams(text: ""), as: EchoResult.self)

        #expect(fromVariable.path == named)
        #expect(fromHome.path == home + "/.config/safehold/token")
        #expect(result.token == "from-variable")
    }

    @Test func missingDefaultTokenFileMeansNoToken() throws {
        let directory = try SocketTestDirectory()

        let token = try TokenSource.load(environment: ["HOME": directory.path])

        #expect(token == nil)
    }

    @Test func missingNamedTokenFileRefused() throws {
        let directory = try SocketTestDirectory()
        let path = directory.file("absent-token")

        let error = #expect(throws: TokenFileError.self) {
            _ = try TokenSource.load(environment: ["SAFEHOLD_TOKEN_FILE": path, "HOME": directory.path])
        }

        #expect(error == .notFound(path: path))
        #expect(error?.exitCode == 66)
    }

    @Test func tokenFileContentChecked() throws {
        let directory = try SocketTestDirectory()
        let cases: [(content: String, expected: TokenFileError)] = [
            ("", .empty(path: directory.file("t0"))),
            ("\n", .empty(path: directory.file("t1"))),
            ("first\nsecond\n", .invalidContent(path: directory.file("t2"))),
            ("with space", .invalidContent(path: directory.file("t3"))),
            ("tok\n\n", .invalidContent(path: directory.file("t4"))),
            (String(repeating: "a", count: 4097), .tooLarge(path: directory.file("t5"), maximum: 4096)),
        ]

        for (index, testCase) in cases.enumerated() {
            let path = try directory.writeFile("t\(index)", testCase.content, mode: 0o600)
            let error = #expect(throws: TokenFileError.self) {
                _ = try TokenSource(contentsOf: path)
            }
            #expect(error == testCase.expected)
        }
    }

    @Test func tokenDirectoryRefused() throws {
        let directory = try SocketTestDirectory()

        let error = #expect(throws: TokenFileError.self) {
            _ = try TokenSource(contentsOf: directory.path)
        }

        #expect(error == .notARegularFile(path: directory.path))
    }

    @Test func defaultTokenPathFollowsXDG() {
        #expect(TokenSource.defaultPath(environment: ["HOME": "/home/ana"]) == "/home/ana/.config/safehold/token")
        #expect(TokenSource.defaultPath(environment: ["HOME": "/home/ana", "XDG_CONFIG_HOME": "/cfg"]) == "/cfg/safehold/token")
        #expect(TokenSource.defaultPath(environment: ["HOME": "/home/ana", "XDG_CONFIG_HOME": "rel"]) == "/home/ana/.config/safehold/token")
        #expect(TokenSource.defaultPath(environment: [:], home: "/root") == "/root/.config/safehold/token")
        #expect(TokenSource.defaultPath(environment: [:]) == nil)
    }
}
