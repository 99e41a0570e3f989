#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// libFuzzer target: `SecretJSONObject`, which reads the one JSON object of `apikey add` and of
/// a connector's output without copying secret strings into Swift strings. Each member's value
/// is decoded both as a secret and as plain text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretJSON(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let object = try? SecretJSONObject(parsing: bytes) else { return 0 }
    for member in object.members {
        guard let range = member.range else { continue }
        if range.lowerBound < 0 || range.upperBound > count { fatalError("member \(member.name) has a range outside the input") }
        let secret = SecretJSONObject.secret(bytes, range)
        let text = SecretJSONObject.text(bytes, range)
        if secret.count != text.utf8.count && !text.contains("\u{FFFD}") {
            fatalError("member \(member.name) decodes to \(secret.count) secret bytes but \(text.utf8.count) text bytes")
        }
    }
    return 0
}
