#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Reads and writes frames on a connected stream socket, each call bounded by a deadline.
///
/// It does not own the descriptor: the caller closes it. One thread uses an instance at a time.
/// Every `send` uses `MSG_NOSIGNAL`, so a peer that went away yields `EPIPE`, never `SIGPIPE`.
public final class FrameSocket {
    public let fileDescriptor: Int32
    public let codec: FrameCodec

    /// Bytes received but not yet returned as a frame.
    private var pending = Data()

    private static let receiveChunkSize = 16 * 1024

    public init(fileDescriptor: Int32, codec: FrameCodec) {
        self.fileDescriptor = fileDescriptor
        self.codec = codec
    }

    deinit {
        pending.wipe()
    }

    /// Reads the next frame's body.
    ///
    /// Returns nil when the peer closed the connection between frames. Throws `tooLarge` as soon
    /// as the length prefix is read, `timedOut` when `deadline` passes, `truncated` when the peer
    /// closed the connection in the middle of a frame.
    public func readFrame(deadline: ContinuousClock.Instant) throws(FrameError) -> Data? {
        while true {
            if let body = try codec.takeFrame(from: &pending) {
                return body
            }

            let received = try receive(deadline: deadline)
            if received == 0 {
                guard pending.isEmpty else {
                    throw .truncated
                }
                return nil
            }
        }
    }

    /// Writes `body` with its length prefix. With `sensitive`, the framed copy is zeroed afterwards.
    public func writeFrame(_ body: Data, deadline: ContinuousClock.Instant, sensitive: Bool = false) throws(FrameError) {
        var framed = try codec.frame(body)
        defer {
            if sensitive {
                framed.wipe()
            }
        }
        try write(framed, deadline: deadline)
    }

    /// Writes raw bytes, whole, before `deadline`.
    public func write(_ bytes: Data, deadline: ContinuousClock.Instant) throws(FrameError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(
                    fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset,
                    Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
                )
            }
            if sent >= 0 {
                offset += sent
                continue
            }

            let error = SystemError.current("send")
            switch error.errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try wait(for: Int16(POLLOUT), deadline: deadline, midFrame: offset > 0)
            default:
                throw .system(error)
            }
        }
    }

    /// Receives what is available, waiting until `deadline` if nothing is. Returns 0 at end of stream.
    private func receive(deadline: ContinuousClock.Instant) throws(FrameError) -> Int {
        while true {
            let received = withUnsafeTemporaryAllocation(byteCount: Self.receiveChunkSize, alignment: 1) { chunk in
                let count = recv(fileDescriptor, chunk.baseAddress, chunk.count, Int32(MSG_DONTWAIT))
                if count > 0 {
                    pending.append(chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
                    explicit_bzero(chunk.baseAddress!, count)
                }
                return count
            }
            if received >= 0 {
                return received
            }

            let error = SystemError.current("recv")
            switch error.errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                try wait(for: Int16(POLLIN), deadline: deadline, midFrame: !pending.isEmpty)
            default:
                throw .system(error)
            }
        }
    }

    /// Waits with `poll` until the socket is ready for `events`, or reports an error or hang-up,
    /// which the next `recv` or `send` then returns.
    private func wait(for events: Int16, deadline: ContinuousClock.Instant, midFrame: Bool) throws(FrameError) {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw .timedOut(midFrame: midFrame)
            }

            var descriptor = pollfd(fd: fileDescriptor, events: events, revents: 0)
            let ready = poll(&descriptor, 1, remaining.pollMilliseconds)
            if ready > 0 {
                return
            }
            if ready < 0 && Glibc.errno != EINTR {
                throw .system(.current("poll"))
            }
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a wait never ends before the deadline, for `poll`.
    var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
