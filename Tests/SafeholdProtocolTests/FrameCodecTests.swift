#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

struct FrameCodecTests {
    @Test func frameHasBigEndianLength() throws {
        let framed = try FrameCodec().frame(Data(repeating: 0x41, count: 0x0102))

        #expect(Array(framed.prefix(4)) == [0x00, 0x00, 0x01, 0x02])
        #expect(framed.count == 4 + 0x0102)
    }

    @Test func takeFrameRoundTrip() throws {
        let codec = FrameCodec()
        var buffer = try codec.frame(Data("{\"a\":1}".utf8)) + codec.frame(Data("[]".utf8))

        let first = try codec.takeFrame(from: &buffer)
        let second = try codec.takeFrame(from: &buffer)
        let third = try codec.takeFrame(from: &buffer)

        #expect(first == Data("{\"a\":1}".utf8))
        #expect(second == Data("[]".utf8))
        #expect(third == nil)
        #expect(buffer.isEmpty)
    }

    @Test func takeFrameWaitsForWholeFrame() throws {
        let codec = FrameCodec()
        let framed = try codec.frame(Data("hello".utf8))

        for length in 0..<framed.count {
            var partial = Data(framed.prefix(length))
            #expect(try codec.takeFrame(from: &partial) == nil)
            #expect(partial.count == length)
        }
    }

    @Test func oversizedLengthRejectedFromHeaderAlone() {
        let codec = FrameCodec(maxFrameSize: 16)
        var header = Data([0x00, 0x00, 0x00, 0x11])

        #expect(throws: FrameError.tooLarge(length: 17, maximum: 16)) {
            _ = try codec.takeFrame(from: &header)
        }
    }

    @Test func lengthAtMaximumAccepted() throws {
        let codec = FrameCodec(maxFrameSize: 16)
        var buffer = Data([0x00, 0x00, 0x00, 0x10]) + Data(repeating: 0x20, count: 16)

        #expect(try codec.takeFrame(from: &buffer)?.count == 16)
    }

    @Test func defaultMaximumIsOneMebibyte() {
        #expect(FrameCodec().maxFrameSize == 1_048_576)
    }

    @Test func emptyBodyIsAFrame() throws {
        let codec = FrameCodec()
        var buffer = try codec.frame(Data())

        #expect(try codec.takeFrame(from: &buffer) == Data())
    }

    @Test func sliceWithOffsetIndicesDecodes() throws {
        let codec = FrameCodec()
        let bytes = Data([0xFF, 0xFF]) + (try codec.frame(Data("xy".utf8)))
        var slice = bytes[2...]

        #expect(try codec.takeFrame(from: &slice) == Data("xy".utf8))
    }
}
