#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The place a sealed value belongs to: record kind, record id and key version.
///
/// It is authenticated with the ciphertext (AEAD associated data), so a ciphertext copied to
/// another row, another version or another kind of record fails to open.
public struct AssociatedData: Sendable, Hashable {
    /// Purpose tag of the associated data. Sealed values and the wrapped data keys of
    /// `RecordSealing` get different tags, so that no kind string can make one pass for the other.
    enum Purpose: UInt8, Sendable, Hashable {
        case sealedValue = 1
        case wrappedDataKey = 2
    }

    /// Kind of record, for example "apikey.clientSecret" or "connector.settings".
    public let kind: String
    public let recordID: String
    public let version: Int
    let purpose: Purpose

    public init(kind: String, recordID: String, version: Int) {
        self.init(kind: kind, recordID: recordID, version: version, purpose: .sealedValue)
    }

    init(kind: String, recordID: String, version: Int, purpose: Purpose) {
        self.kind = kind
        self.recordID = recordID
        self.version = version
        self.purpose = purpose
    }

    /// The same place, tagged for the wrapped data key of a record.
    var forWrappedDataKey: AssociatedData {
        AssociatedData(kind: kind, recordID: recordID, version: version, purpose: .wrappedDataKey)
    }

    /// Canonical encoding: a domain tag, the purpose, then the length-prefixed kind and record id
    /// and the version as a 64-bit big-endian integer.
    public var bytes: [UInt8] {
        var encoder = CanonicalEncoder()
        encoder.append(field: "safehold associated data v1")
        encoder.append(field: [purpose.rawValue])
        encoder.append(field: kind)
        encoder.append(field: recordID)
        encoder.append(integer: UInt64(bitPattern: Int64(version)))
        return encoder.bytes
    }
}
