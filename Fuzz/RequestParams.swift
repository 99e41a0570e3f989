#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdProtocol

/// libFuzzer target: the second pass of the service's decode, `decodeParams`, for the
/// parameter types of the operations that take the most structured input. The first input byte
/// picks the type; the rest is the frame body. A header is decoded first when the body has one,
/// as the service does. Otherwise a fixed header is used, so that every body reaches the
/// parameter decoders.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParams(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let selector = Int(start[0])
    let frame = Data(bytes: start + 1, count: count - 1)
    let header = (try? RequestHeader.decode(from: frame)) ?? RequestHeader(id: 1, operation: .create)

    switch selector % 14 {
    case 0: _ = try? header.decodeParams(RequestInput.self, from: frame)
    case 1: _ = try? header.decodeParams(RequestActionParams.self, from: frame)
    case 2: _ = try? header.decodeParams(MyRequestsParams.self, from: frame)
    case 3: _ = try? header.decodeParams(PolicySpec.self, from: frame)
    case 4: _ = try? header.decodeParams(ApiKeyAddParams.self, from: frame)
    case 5: _ = try? header.decodeParams(ApiKeyImportParams.self, from: frame)
    case 6: _ = try? header.decodeParams(AuditFilter.self, from: frame)
    case 7: _ = try? header.decodeParams(VerifyParams.self, from: frame)
    case 8: _ = try? header.decodeParams(RotateParams.self, from: frame)
    case 9: _ = try? header.decodeParams(UserAddParams.self, from: frame)
    case 10: _ = try? header.decodeParams(UserUpdateParams.self, from: frame)
    case 11: _ = try? header.decodeParams(RequestIDParams.self, from: frame)
    case 12: _ = try? header.decodeParams(CompletionParams.self, from: frame)
    default: _ = try? header.decodeParams(EmptyPayload.self, from: frame)
    }
    return 0
}
