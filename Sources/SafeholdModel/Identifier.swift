#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An opaque, immutable identifier of one stored object, typed by the object it names so that a
/// user id cannot be passed where a request id is expected.
///
/// Identifiers are 12 lowercase hexadecimal characters (48 random bits) drawn from the broker's
/// injected random source. People may type any unique prefix of at least four characters.
public struct Identifier<Entity>: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Number of hexadecimal characters in a generated identifier.
    public static var length: Int { 12 }

    /// Returns whether `text` has the shape of a full identifier.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

public typealias UserID = Identifier<User>
public typealias TokenID = Identifier<Token>
public typealias AssetID = Identifier<Asset>
public typealias AccountID = Identifier<Account>
public typealias ApiKeyID = Identifier<ApiKey>
public typealias PolicyID = Identifier<Policy>
public typealias RequestID = Identifier<AccessRequest>
public typealias JournalEntryID = Identifier<RotationJournalEntry>
