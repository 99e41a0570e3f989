#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import Testing

@Suite struct ConnectorJSONTests {
    @Test(arguments: [
        "{}", " { } ", #"{"a":1}"#, #"{"a":[1,-2.5e+3,0,true,false,null,"x"],"b":{"c":{}}}"#,
        #"{"s":"\"\\\/\b\f\n\r\t\u0041\ud83d\ude00é"}"#,
    ])
    func validObjectsAreAccepted(_ text: String) throws {
        try Array(text.utf8).withUnsafeBytes { try SecretJSONReader.validateObject($0) }
    }

    @Test(arguments: [
        "", "[]", "\"text\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}",
        "{\"a\":tru}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"tab\there\"}",
        "{\"a\":1} {}", "{a:1}", "{\"a\":\"unterminated}",
    ])
    func invalidObjectsAreRejected(_ text: String) {
        #expect(throws: JSONSyntaxError.self) {
            try Array(text.utf8).withUnsafeBytes { try SecretJSONReader.validateObject($0) }
        }
    }

    @Test func deepNestingIsRejected() {
        let text = "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(throws: JSONSyntaxError.self) {
            try Array(text.utf8).withUnsafeBytes { try SecretJSONReader.validateObject($0) }
        }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8)
        #expect(throws: JSONSyntaxError.self) {
            try bytes.withUnsafeBytes { try SecretJSONReader.validateObject($0) }
        }
    }

    @Test func utf8Validation() {
        let cases: [([UInt8], Bool)] = [
            (Array("plain é 😀".utf8), true), ([0xC3], false), ([0xC0, 0xAF], false), ([0xED, 0xA0, 0x80], false),
            ([0xF4, 0x90, 0x80, 0x80], false), ([0xE0, 0x80, 0x80], false), ([0xFF], false), ([0xEF, 0xBF, 0xBF], true),
        ]
        for (bytes, valid) in cases {
            #expect(bytes.withUnsafeBytes { SecretJSONReader.isValidUTF8($0) } == valid, "\(bytes)")
        }
    }

    @Test func stringValueRangesSkipMemberNames() throws {
        let text = #"{"user":"admin","opts":{"pw":"s\u0065cret","list":["a",1]}}"#
        let values = try Array(text.utf8).withUnsafeBytes { bytes in
            try SecretJSONReader.stringValueRanges(inObject: bytes).map { range in
                plainText(SecretJSONReader.decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[range])))
            }
        }
        #expect(values == ["admin", "secret", "a"])
    }

    @Test func writerEscapesControlCharacters() {
        var measuring = SecretJSONWriter.measuring()
        measuring.appendString("a\"b\\c\u{01}\n")
        var output = [UInt8](repeating: 0, count: measuring.count)
        output.withUnsafeMutableBytes { buffer in
            var writer = SecretJSONWriter(into: buffer)
            writer.appendString("a\"b\\c\u{01}\n")
        }
        #expect(String(decoding: output, as: UTF8.self) == #""a\"b\\c\u0001\n""#)
    }
}
