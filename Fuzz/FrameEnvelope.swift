#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol

/// libFuzzer target: the service's read path for one connection. The bytes arrive in chunks
/// whose size the first input byte chooses, so frames split at every boundary. Each complete
/// frame goes through `RequestHeader.decode`, as the service decodes every frame it reads.
///
/// Checked beyond "no crash": a frame that was taken frames back to the same bytes, and a
/// decoded header always has the protocol's version.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameEnvelope(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let input = Data(bytes: start, count: count)
    let codec = FrameCodec(maxFrameSize: 64 * 1024)
    let chunkSize = Int(input[input.startIndex]) + 1
    var buffer = Data()
    var offset = input.startIndex + 1

    while offset < input.endIndex {
        let end = min(input.endIndex, offset + chunkSize)
        buffer.append(input[offset..<end])
        offset = end
        while true {
            let body: Data
            do {
                guard let taken = try codec.takeFrame(from: &buffer) else { break }
                body = taken
            } catch {
                // The service replies to a frame that is too large with an error and closes.
                return 0
            }
            checkRoundTrip(body, codec: codec)
            if let header = try? RequestHeader.decode(from: body), header.version != protocolVersion {
                fatalError("RequestHeader.decode accepted version \(header.version)")
            }
        }
    }
    return 0
}

private func checkRoundTrip(_ body: Data, codec: FrameCodec) {
    guard var framed = try? codec.frame(body) else {
        fatalError("a frame that was read cannot be written again")
    }
    guard let again = try? codec.takeFrame(from: &framed), again == body, framed.isEmpty else {
        fatalError("a frame does not survive frame(_:) and takeFrame(from:)")
    }
}
