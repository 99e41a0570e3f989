#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

private struct Stamp: Codable, Equatable {
    var at: Date
    var name: String
}

struct WireMessageTests {
    @Test func requestEncodesSortedEnvelope() throws {
        let request = WireRequest(id: 7, operation: .checkIn, token: "t", params: ["id": "4f2c"])

        let json = String(decoding: try WireCoding.encode(request), as: UTF8.self)

        #expect(json == #"{"id":7,"op":"CheckIn","params":{"id":"4f2c"},"token":"t","v":1}"#)
    }

    @Test func requestWithoutTokenOmitsIt() throws {
        let request = WireRequest(id: 1, operation: .me, params: EmptyPayload())

        let json = String(decoding: try WireCoding.encode(request), as: UTF8.self)

        #expect(json == #"{"id":1,"op":"Me","params":{},"v":1}"#)
    }

    @Test func requestRoundTrip() throws {
        let request = WireRequest(id: 2, operation: .create, token: "x", params: ["account": "a/b"])

        let decoded = try WireCoding.decoder().decode(WireRequest<[String: String]>.self, from: WireCoding.encode(request))

        #expect(decoded.header == request.header)
        #expect(decoded.params == request.params)
    }

    @Test func successResponseEncoding() throws {
        let body = try ResponseBody.success(id: 3, result: ["state": "Approved"])

        #expect(String(decoding: body, as: UTF8.self) == #"{"id":3,"ok":true,"result":{"state":"Approved"},"v":1}"#)
    }

    @Test func errorResponseEncoding() {
        let body = ResponseBody.failure(id: 4, error: WireError(code: .notFound, message: "request 4f2c not found", hint: "run `safehold requests`"))

        let expected = #"{"error":{"code":"notFound","hint":"run `safehold requests`","message":"request 4f2c not found"},"id":4,"ok":false,"v":1}"#
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }

    @Test func errorResponseWithoutHintOmitsIt() {
        let body = ResponseBody.failure(id: 0, error: WireError(code: .busy, message: "busy"))

        #expect(String(decoding: body, as: UTF8.self) == #"{"error":{"code":"busy","message":"busy"},"id":0,"ok":false,"v":1}"#)
    }

    @Test func responseDecodesBothOutcomes() throws {
        let success = try WireCoding.decoder().decode(
            WireResponse<[String: Int]>.self, from: Data(#"{"v":1,"id":5,"ok":true,"result":{"n":3}}"#.utf8)
        )
        let failure = try WireCoding.decoder().decode(
            WireResponse<[String: Int]>.self,
            from: Data(#"{"v":1,"id":6,"ok":false,"error":{"code":"rotating","message":"key is rotating"}}"#.utf8)
        )

        #expect(success.id == 5)
        #expect(try success.outcome.get() == ["n": 3])
        #expect(failure.id == 6)
        #expect(throws: WireError(code: .rotating, message: "key is rotating")) {
            _ = try failure.outcome.get()
        }
    }

    @Test func successWithoutResultDecodesEmptyPayload() throws {
        let response = try WireCoding.decoder().decode(WireResponse<EmptyPayload>.self, from: Data(#"{"v":1,"id":1,"ok":true}"#.utf8))

        #expect(try response.outcome.get() == EmptyPayload())
    }

    @Test func datesAreIntegerMilliseconds() throws {
        let stamp = Stamp(at: Date(timeIntervalSince1970: 1_700_000_000.1234), name: "x")

        let json = String(decoding: try WireCoding.encode(stamp), as: UTF8.self)
        let decoded = try WireCoding.decoder().decode(Stamp.self, from: Data(json.utf8))

        #expect(json == #"{"at":1700000000123,"name":"x"}"#)
        #expect(decoded.at == Date(timeIntervalSince1970: 1_700_000_000.123))
    }

    @Test func storedMillisecondsSurviveRoundTrip() throws {
        // A time read back from the store is a whole millisecond whose Double may sit a hair
        // below it, as many do in this range of 2038; the wire must carry that same millisecond.
        var changed: [Int64] = []
        for milliseconds in stride(from: Int64(2_150_000_000_000), to: 2_150_000_000_000 + 20_000, by: 7) {
            let stamp = Stamp(at: Date(timeIntervalSince1970: Double(milliseconds) / 1000), name: "")
            let json = String(decoding: try WireCoding.encode(stamp), as: UTF8.self)
            if json != #"{"at":\#(milliseconds),"name":""}"# { changed.append(milliseconds) }
        }
        #expect(changed.isEmpty, "\(changed.count) times changed, such as \(changed.first ?? 0)")
    }

    @Test func responseDescriptionHidesResult() {
        let response = WireResponse(id: 1, result: ["clientSecret": "hunter2"])
        var dumped = ""
        dump(response, to: &dumped)

        #expect(!"\(response)".contains("hunter2"))
        #expect(!dumped.contains("hunter2"))
    }

    @Test func requestDescriptionHidesParamsAndToken() {
        let request = WireRequest(id: 1, operation: .apiKeyAdd, token: "tok-9", params: ["clientSecret": "hunter2"])
        var dumped = ""
        dump(request, to: &dumped)

        #expect(!"\(request)".contains("hunter2"))
        #expect(!"\(request)".contains("tok-9"))
        #expect(!dumped.contains("hunter2"))
        #expect(!dumped.contains("tok-9"))
    }
}
