#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdProtocol
import Testing

/// Text that needs every kind of escape, and text that needs none.
private let awkwardTexts = [
    "plain", "", "quote \" backslash \\ slash / end", "line\nfeed\ttab\rreturn\u{08}\u{0C}",
    "control \u{01}\u{1F}\u{7F}", "accents é ü, check ✓, emoji 🔑", "\u{2028}\u{2029}",
]

private func secret(_ text: String) -> WireSecret {
    WireSecret(SecretBytes(copying: Array(text.utf8)))
}

private func key(_ index: Int, text: String, withSecretID: Bool) -> WireRevealedKey {
    WireRevealedKey(
        name: "key-\(index) \(text)", description: text, version: index,
        values: WireApiKeyValues(
            clientId: secret("id-\(index)"), clientSecret: secret("secret \(text)"),
            clientSecretId: withSecretID ? secret("secret-id-\(index)") : nil
        )
    )
}

/// Returns the bytes that `JSONEncoder` gives, without the writer's fast path.
private func encoderBytes(_ value: some Encodable) throws -> Data {
    try WireCoding.encoder().encode(value)
}

struct WireJSONWriterTests {
    @Test func checkOutReplyMatchesEncoder() throws {
        for (index, text) in awkwardTexts.enumerated() {
            let result = CheckOutResult(
                requestId: "req-\(text)", accountPath: "asset/\(text)",
                keys: [key(index, text: text, withSecretID: true), key(index + 1, text: text, withSecretID: false)]
            )
            let response = WireResponse(id: index, result: result)

            let written = try WireCoding.encode(response)

            #expect((response as Any) is any WireJSONWritable)
            #expect(written == (try encoderBytes(response)), "text \(index)")
        }
    }

    @Test func emptyKeyListMatchesEncoder() throws {
        let response = WireResponse(id: 3, result: CheckOutResult(requestId: "r", accountPath: "a/b", keys: []))

        #expect(try WireCoding.encode(response) == (try encoderBytes(response)))
    }

    @Test func errorReplyMatchesEncoder() throws {
        for text in awkwardTexts {
            let withHint = WireResponse<EmptyPayload>(id: 9, error: WireError(code: .notFound, message: text, hint: text))
            let withoutHint = WireResponse<EmptyPayload>(id: 0, error: WireError(code: .internalError, message: text))

            #expect(try WireCoding.encode(withHint) == (try encoderBytes(withHint)))
            #expect(try WireCoding.encode(withoutHint) == (try encoderBytes(withoutHint)))
        }
    }

    @Test func requestMatchesEncoder() throws {
        for text in awkwardTexts {
            let withToken = WireRequest(id: 12, operation: .checkOutApiKeys, token: text, params: RequestIDParams(id: text))
            let withoutToken = WireRequest(id: 1, operation: .checkIn, params: RequestIDParams(id: text))

            #expect(try WireCoding.encode(withToken) == (try encoderBytes(withToken)))
            #expect(try WireCoding.encode(withoutToken) == (try encoderBytes(withoutToken)))
        }
    }

    @Test func largeSecretGrowsBuffer() throws {
        let large = String(repeating: "0123456789abcdef", count: 1024)
        let result = CheckOutResult(requestId: "r", accountPath: "a/b", keys: [key(1, text: large, withSecretID: true)])
        var writer = WireJSONWriter(capacity: 64)

        writer.value(WireResponse(id: 1, result: result))

        #expect(writer.data() == (try encoderBytes(WireResponse(id: 1, result: result))))
    }

    @Test func writtenReplyDecodes() throws {
        let text = awkwardTexts[2]
        let result = CheckOutResult(requestId: "r-1", accountPath: "a/b", keys: [key(4, text: text, withSecretID: true)])

        let written = try WireCoding.encode(WireResponse(id: 5, result: result))
        let decoded = try WireCoding.decoder().decode(WireResponse<CheckOutResult>.self, from: written)

        let values = try decoded.outcome.get().keys[0].values
        #expect(values.clientSecret.bytes == SecretBytes(copying: Array("secret \(text)".utf8)))
        #expect(values.clientSecretId?.bytes == SecretBytes(copying: Array("secret-id-4".utf8)))
        #expect(try decoded.outcome.get().requestId == "r-1")
    }
}
