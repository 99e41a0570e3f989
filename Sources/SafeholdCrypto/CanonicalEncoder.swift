#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds an unambiguous byte string from a list of fields, for associated data and checksums.
///
/// Every variable-length field is preceded by its length as a 32-bit big-endian integer and
/// integers are 64-bit big-endian, so that two different field lists never give the same bytes
/// ("ab" + "c" differs from "a" + "bc").
struct CanonicalEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func append<Bytes: Collection>(field: Bytes) where Bytes.Element == UInt8 {
        precondition(field.count <= Int(UInt32.max), "a canonical field holds at most 4 GiB")
        append(length: UInt32(field.count))
        bytes.append(contentsOf: field)
    }

    mutating func append(field: String) {
        append(field: Array(field.utf8))
    }

    mutating func append(integer: UInt64) {
        withUnsafeBytes(of: integer.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func append(length: UInt32) {
        withUnsafeBytes(of: length.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
