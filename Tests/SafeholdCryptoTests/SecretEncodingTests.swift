#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

// Known-answer vectors: RFC 4648, section 10.
@Test(arguments: [
    ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
] as [(String, String)])
func secretEncodingBase64(input: String, expected: String) {
    let encoded = SecretEncoding.base64(SecretBytes(copying: Array(input.utf8)))
    #expect(encoded.exposedBytes == Array(expected.utf8))
}

@Test(arguments: [("", ""), ("f", "66"), ("foobar", "666f6f626172")] as [(String, String)])
func secretEncodingHex(input: String, expected: String) {
    let encoded = SecretEncoding.hex(SecretBytes(copying: Array(input.utf8)))
    #expect(encoded.exposedBytes == Array(expected.utf8))
}

@Test func secretEncodingHexIsLowercase() {
    let encoded = SecretEncoding.hex(SecretBytes(copying: [0xAB, 0xCD, 0xEF]))
    #expect(encoded.exposedBytes == Array("abcdef".utf8))
}
