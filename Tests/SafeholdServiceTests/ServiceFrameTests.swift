#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol
import SafeholdTestSupport
import Testing

/// Misbehaving peers on raw sockets against the real service, which runs with a read timeout of
/// one second. After each, the service must still answer `whoami`.
@Suite struct ServiceFrameTests {
    private static let serveArguments = ["--read-timeout", "1"]

    @Test func malformedFrameClosesConnection() throws {
        let fixture = try ServiceFixture(serveArguments: Self.serveArguments)
        let peer = try SocketRawClient(path: fixture.service.socket)

        try peer.sendFrame("this is not JSON {")
        let response = try #require(try peer.readResponse())
        #expect(response.failureCode == .malformedFrame)
        #expect(peer.waitForClose())

        #expect(try fixture.service.admin(["whoami"]).status == 0)
        #expect(fixture.service.log().contains("closing connection: malformed request envelope"))
        fixture.expectLogHasNoSecrets()
    }

    @Test func unknownOperationKeepsConnection() throws {
        let fixture = try ServiceFixture(serveArguments: Self.serveArguments)
        let peer = try SocketRawClient(path: fixture.service.socket)

        try peer.sendFrame(#"{"v":1,"id":7,"op":"NoSuchOperation","params":{}}"#)
        let refused = try #require(try peer.readResponse())
        #expect(refused.id == 7)
        #expect(refused.failureCode != nil)

        // The test runs as the vault's first administrator, so a call without a token succeeds.
        try peer.sendFrame(#"{"v":1,"id":8,"op":"Me","params":{}}"#)
        let answered = try #require(try peer.readResponse())
        #expect(answered.id == 8)
        #expect(answered.failureCode == nil)
        fixture.expectLogHasNoSecrets()
    }

    @Test func oversizedFrameIsRejected() throws {
        let fixture = try ServiceFixture(serveArguments: Self.serveArguments)
        let peer = try SocketRawClient(path: fixture.service.socket)

        // A length prefix of 64 MiB, far above the service's 1 MiB limit, and a little of the body.
        try peer.send(Data([0x04, 0x00, 0x00, 0x00]) + Data(repeating: 0x20, count: 1024))
        let response = try #require(try peer.readResponse())
        #expect(response.failureCode == .frameTooLarge)
        #expect(peer.waitForClose())

        #expect(try fixture.service.admin(["whoami"]).status == 0)
        #expect(fixture.service.log().contains("closing connection: frame too large"))
        fixture.expectLogHasNoSecrets()
    }

    @Test func halfSentFrameTimesOut() throws {
        let fixture = try ServiceFixture(serveArguments: Self.serveArguments)
        let peer = try SocketRawClient(path: fixture.service.socket)
        let started = ContinuousClock.now

        try peer.send(Data([0x00, 0x00, 0x00, 0x64]) + Data(#"{"v":1,"id":"#.utf8))
        #expect(try fixture.service.admin(["whoami"]).status == 0)

        let response = try #require(try peer.readResponse(timeout: .seconds(10)))
        #expect(response.failureCode == .timeout)
        #expect(peer.waitForClose())
        #expect(ContinuousClock.now - started < .seconds(8))

        #expect(try fixture.service.admin(["whoami"]).status == 0)
        #expect(fixture.service.log().contains("closing connection: incomplete frame timed out"))
        fixture.expectLogHasNoSecrets()
    }

    @Test func silentClientIsClosed() throws {
        let fixture = try ServiceFixture(serveArguments: Self.serveArguments)
        let peer = try SocketRawClient(path: fixture.service.socket)
        let started = ContinuousClock.now

        #expect(try fixture.service.admin(["whoami"]).status == 0)
        #expect(peer.waitForClose(timeout: .seconds(10)))
        #expect(ContinuousClock.now - started < .seconds(8))

        #expect(try fixture.service.admin(["whoami"]).status == 0)
        #expect(fixture.service.log().contains("closing idle connection"))
        fixture.expectLogHasNoSecrets()
    }

    @Test func readTimeoutMustBePositive() throws {
        let service = try ServiceProcess(start: false)
        let run = try BuiltBinary.run(["serve", "--vault", service.vault, "--key-file", service.keyFile, "--read-timeout", "0"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--read-timeout"))
    }
}

extension WireResponse<EmptyPayload> {
    /// The error code of a failure reply, or nil for success.
    var failureCode: ErrorCode? {
        guard case let .failure(error) = outcome else { return nil }
        return error.code
    }
}
