#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Framing of the wire protocol: a 4-byte big-endian body length, then that many bytes of UTF-8 JSON.
///
/// `maxFrameSize` limits the frames this side reads, and is checked against the length prefix
/// before any byte of the body is read, so a peer cannot make the reader buffer more than that.
/// Writing is limited only by the 4-byte prefix: each side enforces its own limit on what it reads.
public struct FrameCodec: Sendable, Hashable {
    /// Size of the length prefix in bytes.
    public static let headerSize = 4
    /// 1 MiB, the default limit on frames read by the service.
    public static let defaultMaxFrameSize = 1 << 20
    /// Largest body length a 4-byte prefix can describe.
    public static let largestEncodableSize = Int(UInt32.max)

    /// Largest body, in bytes, that `takeFrame(from:)` accepts.
    public let maxFrameSize: Int

    /// Creates a codec. `maxFrameSize` must be between 1 and `largestEncodableSize`.
    public init(maxFrameSize: Int = FrameCodec.defaultMaxFrameSize) {
        precondition(
            maxFrameSize > 0 && maxFrameSize <= FrameCodec.largestEncodableSize,
            "maxFrameSize must be between 1 and 2^32 - 1 bytes"
        )
        self.maxFrameSize = maxFrameSize
    }

    /// Returns the length prefix followed by `body`.
    public func frame(_ body: Data) throws(FrameError) -> Data {
        guard body.count <= FrameCodec.largestEncodableSize else {
            throw .tooLarge(length: body.count, maximum: FrameCodec.largestEncodableSize)
        }

        let length = UInt32(body.count)
        var framed = Data(capacity: FrameCodec.headerSize + body.count)
        framed.append(UInt8(truncatingIfNeeded: length >> 24))
        framed.append(UInt8(truncatingIfNeeded: length >> 16))
        framed.append(UInt8(truncatingIfNeeded: length >> 8))
        framed.append(UInt8(truncatingIfNeeded: length))
        framed.append(body)
        return framed
    }

    /// Reads the body length from the first four bytes of `header`, rejecting lengths above
    /// `maxFrameSize`.
    public func bodyLength(header: Data) throws(FrameError) -> Int {
        precondition(header.count >= FrameCodec.headerSize, "a frame header has four bytes")

        var length = 0
        for byte in header.prefix(FrameCodec.headerSize) {
            length = length << 8 | Int(byte)
        }

        guard length <= maxFrameSize else {
            throw .tooLarge(length: length, maximum: maxFrameSize)
        }
        return length
    }

    /// Removes the first complete frame from the front of `buffer` and returns its body.
    ///
    /// Returns nil, leaving `buffer` unchanged, while the frame is incomplete. Throws `tooLarge`
    /// as soon as the four header bytes are present, whatever follows them. The bytes taken are
    /// zeroed in the old storage, because a frame can contain a token or a secret.
    public func takeFrame(from buffer: inout Data) throws(FrameError) -> Data? {
        guard buffer.count >= FrameCodec.headerSize else {
            return nil
        }

        let length = try bodyLength(header: buffer)
        let frameEnd = buffer.startIndex + FrameCodec.headerSize + length
        guard buffer.endIndex >= frameEnd else {
            return nil
        }

        let body = Data(buffer[(buffer.startIndex + FrameCodec.headerSize)..<frameEnd])
        let remainder = Data(buffer[frameEnd...])
        buffer.wipe()
        buffer = remainder
        return body
    }
}
