#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parameters or result of an operation that carries none; encoded as `{}`.
public struct EmptyPayload: Codable, Sendable, Hashable {
    public init() {}
}
