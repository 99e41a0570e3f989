#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdCrypto
import SafeholdProtocol
import Testing

private let texts = [
    "plain", "", "quote \" backslash \\ slash / end", "line\nfeed\ttab\rreturn\u{08}\u{0C}",
    "control \u{01}\u{1F}\u{7F}", "accents é ü, check ✓, emoji 🔑",
]

private func secretText(_ secret: WireSecret) -> String {
    secret.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
}

private func read<Value: WireJSONReadable>(_ type: Value.Type, _ json: String) throws -> Value {
    try type.read(from: Data(json.utf8))
}

struct JSONReaderTests {
    @Test func checkOutReplyRoundTrips() throws {
        for (index, text) in texts.enumerated() {
            let values = WireApiKeyValues(
                clientId: WireSecret(SecretBytes(copying: Array("id \(text)".utf8))),
                clientSecret: WireSecret(SecretBytes(copying: Array("secret \(text)".utf8))),
                clientSecretId: index.isMultiple(of: 2) ? WireSecret(SecretBytes(copying: Array("sid".utf8))) : nil
            )
            let sent = CheckOutResult(
                requestId: "req \(text)", accountPath: "asset/\(text)",
                keys: [WireRevealedKey(name: "name \(text)", description: text, version: index, values: values)]
            )

            let body = try WireCoding.encode(WireResponse(id: index, result: sent))
            let response = try WireCoding.decode(WireResponse<CheckOutResult>.self, from: body)

            let received = try response.outcome.get()
            #expect(response.id == index)
            #expect(received.requestId == sent.requestId)
            #expect(received.accountPath == sent.accountPath)
            #expect(received.keys[0].name == "name \(text)")
            #expect(received.keys[0].description == text)
            #expect(received.keys[0].version == index)
            #expect(secretText(received.keys[0].values.clientId) == "id \(text)")
            #expect(secretText(received.keys[0].values.clientSecret) == "secret \(text)")
            #expect(received.keys[0].values.clientSecretId.map(secretText) == (index.isMultiple(of: 2) ? "sid" : nil))
        }
    }

    @Test func readerAcceptsAnyKeyOrder() throws {
        let json = """
            { "v" : 1 , "ok": true, "id": 4,
              "extra": [1, {"a": null}, "x\\"y", -2.5e3, false, true],
              "result": {"keys": [], "requestId": "r", "accountPath": "a/b", "more": {}} }
            """

        let response = try read(WireResponse<CheckOutResult>.self, json)

        #expect(response.id == 4)
        #expect(try response.outcome.get().accountPath == "a/b")
        #expect(try response.outcome.get().keys.isEmpty)
    }

    @Test func readerResolvesEscapes() throws {
        let json = #"{"accountPath":"\u00e9\ud83d\udd11\/\t","requestId":"r","keys":[{"name":"n","description":"","version":1,"values":{"clientId":"\/\/\/\/","clientSecret":"YQ==","clientSecretId":null}}]}"#

        let result = try read(CheckOutResult.self, json)

        #expect(result.accountPath == "é🔑/\t")
        #expect(result.keys[0].values.clientId.bytes == SecretBytes(copying: [0xFF, 0xFF, 0xFF]))
        #expect(secretText(result.keys[0].values.clientSecret) == "a")
        #expect(result.keys[0].values.clientSecretId == nil)
    }

    @Test func errorReplyReads() throws {
        let response = try read(WireResponse<EmptyPayload>.self, #"{"v":1,"id":2,"ok":false,"error":{"code":"notFound","message":"m","hint":null}}"#)

        guard case let .failure(error) = response.outcome else {
            Issue.record("expected an error outcome")
            return
        }
        #expect(error == WireError(code: .notFound, message: "m"))
    }

    @Test func successWithoutResultReadsEmpty() throws {
        let response = try read(WireResponse<EmptyPayload>.self, #"{"v":1,"id":3,"ok":true}"#)

        #expect(try response.outcome.get() == EmptyPayload())
    }

    @Test func readerRejectsBadInput() {
        let cases: [(json: String, reason: String)] = [
            (#"{"v":1,"id":3}"#, "missing key ok"),
            (#"{"v":1,"id":3,"ok":true"#, "expected }"),
            (#"{"v":1,"id":3,"ok":true} x"#, "extra text after the value"),
            (#"{"v":1.5,"id":3,"ok":true}"#, "expected a whole number"),
            (#"{"v":1,"id":99999999999999999999,"ok":true}"#, "number out of range"),
            (#"{"v":1,"id":3,"ok":false,"error":{"code":"nope","message":"m"}}"#, "unknown error code"),
            ("{\"v\":1,\"id\":3,\"ok\":false,\"error\":{\"code\":\"busy\",\"message\":\"a\u{01}b\"}}", "control character inside a string"),
            (#"{"v":1,"id":3,"ok":false,"error":{"code":"busy","message":"\q"}}"#, "invalid escape"),
            (#"{"v":1,"id":3,"ok":tru}"#, "expected true or false"),
            (#"{"v":1,"id":3,"ok":false,"error":{"code":"busy","message":"\ud800x"}}"#, "lone surrogate in a \\u escape"),
        ]
        for (json, reason) in cases {
            let error = #expect(throws: JSONReader.Failure.self, "\(json)") {
                _ = try read(WireResponse<EmptyPayload>.self, json)
            }
            #expect(error?.reason == reason, "\(json)")
        }
    }

    @Test func invalidUTF8Rejected() {
        var frame = Array(#"{"v":1,"id":3,"ok":false,"error":{"code":"busy","message":"ab"}}"#.utf8)
        frame[frame.count - 5] = 0xFF

        let error = #expect(throws: JSONReader.Failure.self) {
            _ = try WireResponse<EmptyPayload>.read(from: Data(frame))
        }
        #expect(error?.reason == "invalid UTF-8 inside a string")
    }

    @Test func badSecretFailureHidesText() throws {
        let json = #"{"clientId":"c2VjcmV0!!","clientSecret":"YQ=="}"#

        let error = try #require(throws: JSONReader.Failure.self) { try read(WireApiKeyValues.self, json) }

        #expect(error.reason == "a secret field is not valid base64")
        #expect(!error.description.contains("c2Vj"))
        #expect(error.offset == 13)
    }

    @Test func decodeReportsReaderFailure() {
        #expect(throws: DecodingError.self) {
            _ = try WireCoding.decode(WireResponse<CheckOutResult>.self, from: Data("{}".utf8))
        }
    }
}
