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

/// A caller of the service that runs as another OS user: a forked child that switches to `uid`
/// and `gid`, connects to the socket and sends one `Me` request without a token, so that the
/// service can identify it only by its peer credentials.
///
/// The child makes only system calls, on memory prepared before `fork`, because the test process
/// has other threads that may hold locks (malloc's, the Swift runtime's) at the moment of the fork.
struct ServiceForeignCaller {
    let socketPath: String
    let uid: uid_t
    let gid: gid_t

    /// What the child did: its pid, its exit status and the reply frame it read (prefix included).
    struct Outcome {
        var pid: pid_t
        var exitStatus: Int32
        var replyFrame: Data

        /// The decoded reply, or nil when no complete frame arrived.
        func response() throws -> WireResponse<EmptyPayload>? {
            guard replyFrame.count > FrameCodec.headerSize else { return nil }
            return try WireCoding.decoder().decode(
                WireResponse<EmptyPayload>.self, from: replyFrame.dropFirst(FrameCodec.headerSize)
            )
        }
    }

    /// Exit statuses of the child for each step that failed.
    enum ChildStatus: Int32 {
        case sent = 0
        case switchingUserFailed = 10
        case socketFailed = 11
        case connectFailed = 12
        case writeFailed = 13
        case readFailed = 14
        case reportFailed = 15
    }

    private static let replyCapacity = 64 * 1024

    func callMe(timeout: Duration = .seconds(10)) throws -> Outcome {
        let frame = try FrameCodec().frame(
            try WireCoding.encode(WireRequest(id: 1, operation: .me, token: nil, params: EmptyPayload()))
        )
        let request = UnsafeMutableRawBufferPointer.allocate(byteCount: frame.count, alignment: 1)
        defer { request.deallocate() }
        frame.copyBytes(to: request)
        let reply = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.replyCapacity, alignment: 1)
        defer { reply.deallocate() }
        let address = UnsafeMutablePointer<sockaddr_un>.allocate(capacity: 1)
        defer { address.deallocate() }
        address.initialize(to: try socketAddress())
        let receiveTimeout = UnsafeMutablePointer<timeval>.allocate(capacity: 1)
        defer { receiveTimeout.deallocate() }
        receiveTimeout.initialize(to: timeval(tv_sec: 10, tv_usec: 0))
        let child = ChildPlan(
            uid: uid, gid: gid,
            address: UnsafePointer(OpaquePointer(address)), addressLength: socklen_t(MemoryLayout<sockaddr_un>.size),
            receiveTimeout: UnsafeRawPointer(receiveTimeout), receiveTimeoutLength: socklen_t(MemoryLayout<timeval>.size),
            request: UnsafeRawBufferPointer(request), reply: reply
        )

        // A socket pair rather than a pipe, because only it can be created close-on-exec
        // atomically: programs that other tests start meanwhile must not inherit the write end,
        // or the end of the report would not arrive until they exit.
        var reportDescriptors: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &reportDescriptors) == 0 else {
            throw TestSupportError("socketpair failed")
        }
        let (readEnd, writeEnd) = (reportDescriptors[0], reportDescriptors[1])

        let pid = fork()
        if pid == 0 {
            Self.runChild(child, report: writeEnd)
        }
        close(writeEnd)
        defer { close(readEnd) }
        guard pid > 0 else { throw TestSupportError("fork failed") }

        let replyFrame = readAll(from: readEnd, until: ContinuousClock.now + timeout)
        if replyFrame == nil { kill(pid, SIGKILL) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return Outcome(pid: pid, exitStatus: status & 0x7f == 0 ? (status >> 8) & 0xff : -1, replyFrame: replyFrame ?? Data())
    }

    private func socketAddress() throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        try withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            guard path.count < buffer.count else { throw TestSupportError("socket path \(socketPath) is too long") }
            buffer.copyBytes(from: path)
        }
        return address
    }

    /// Reads `descriptor` to its end. Returns nil when `deadline` passes first.
    private func readAll(from descriptor: Int32, until deadline: ContinuousClock.Instant) -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&entry, 1, max(milliseconds, 1)) >= 0 || errno == EINTR else { return nil }
            guard entry.revents != 0 else { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// Everything the child needs, prepared by the parent, so that the child computes no type
    /// layout and allocates nothing.
    private struct ChildPlan {
        var uid: uid_t
        var gid: gid_t
        var address: UnsafePointer<sockaddr>
        var addressLength: socklen_t
        var receiveTimeout: UnsafeRawPointer
        var receiveTimeoutLength: socklen_t
        var request: UnsafeRawBufferPointer
        var reply: UnsafeMutableRawBufferPointer
    }

    /// The child's whole life: switch user, connect, send, read one reply frame, report it on
    /// `report`, exit. Only system calls and pointer arithmetic.
    private static func runChild(_ plan: ChildPlan, report: Int32) -> Never {
        let (request, reply) = (plan.request, plan.reply)
        guard setgroups(0, nil) == 0, setgid(plan.gid) == 0, setuid(plan.uid) == 0 else {
            _exit(ChildStatus.switchingUserFailed.rawValue)
        }

        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { _exit(ChildStatus.socketFailed.rawValue) }
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, plan.receiveTimeout, plan.receiveTimeoutLength)
        guard connect(descriptor, plan.address, plan.addressLength) == 0 else { _exit(ChildStatus.connectFailed.rawValue) }

        var sent = 0
        while sent < request.count {
            let count = send(descriptor, request.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL))
            guard count > 0 else { _exit(ChildStatus.writeFailed.rawValue) }
            sent += count
        }

        // One frame: a 4-byte big-endian length, then the body.
        var received = 0
        var expected = reply.count
        while received < expected {
            let count = recv(descriptor, reply.baseAddress! + received, reply.count - received, 0)
            guard count > 0 else { _exit(ChildStatus.readFailed.rawValue) }
            received += count
            if received >= 4 {
                let length = Int(reply[0]) << 24 | Int(reply[1]) << 16 | Int(reply[2]) << 8 | Int(reply[3])
                expected = min(4 + length, reply.count)
            }
        }

        var reported = 0
        while reported < received {
            let count = write(report, reply.baseAddress! + reported, received - reported)
            guard count > 0 else { _exit(ChildStatus.reportFailed.rawValue) }
            reported += count
        }
        _exit(ChildStatus.sent.rawValue)
    }
}
