#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel

/// A value that reads itself from JSON with `JSONReader`, accepting what `JSONDecoder` would
/// accept for it from the service: keys in any order, unknown keys skipped, optional keys absent
/// or null.
///
/// The client decodes the check-out reply this way. Decoding it with `JSONDecoder` took two thirds
/// of the client's CPU per check-out and turned each secret's base64 text into a Swift string. The
/// reader decodes a secret from the frame's bytes straight into `SecretBytes`.
public protocol WireJSONReadable {
    init(from reader: inout JSONReader) throws(JSONReader.Failure)
}

extension WireJSONReadable {
    /// Reads one value that fills the whole of `data`, apart from whitespace.
    public static func read(from data: Data) throws(JSONReader.Failure) -> Self {
        try JSONReader.read(data) { reader throws(JSONReader.Failure) in try Self(from: &reader) }
    }
}

extension JSONReader {
    /// Reads a standard base64 string, as `WireSecret` writes it, into guarded memory. The text
    /// never becomes a Swift string, and an unescaped copy is wiped.
    public mutating func readSecret() throws(Failure) -> SecretBytes {
        try readStringContent(failure: "a secret field is not valid base64") { SecretEncoding.decodeBase64($0) }
    }
}
