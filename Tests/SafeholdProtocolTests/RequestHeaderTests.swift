#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

private struct ApproveParams: Codable, Equatable {
    var ids: [String]
    var comment: String?
}

struct RequestHeaderTests {
    @Test func decodesEnvelope() throws {
        let frame = Data(#"{"v":1,"id":42,"op":"Approve","token":"tok","params":{"ids":["a1"]}}"#.utf8)

        let header = try RequestHeader.decode(from: frame)

        #expect(header == RequestHeader(version: 1, id: 42, operation: .approve, token: "tok"))
    }

    @Test func decodesTypedParamsInSecondPass() throws {
        let frame = Data(#"{"v":1,"id":42,"op":"Approve","params":{"ids":["a1","b2"],"comment":"ok"}}"#.utf8)

        let header = try RequestHeader.decode(from: frame)
        let params = try header.decodeParams(ApproveParams.self, from: frame)

        #expect(header.token == nil)
        #expect(params == ApproveParams(ids: ["a1", "b2"], comment: "ok"))
    }

    @Test func missingParamsDecodeAsEmptyObject() throws {
        let frame = Data(#"{"v":1,"id":1,"op":"Me"}"#.utf8)

        let header = try RequestHeader.decode(from: frame)

        #expect(try header.decodeParams(EmptyPayload.self, from: frame) == EmptyPayload())
    }

    @Test func invalidParamsNameThePathNotTheValue() throws {
        let frame = Data(#"{"v":1,"id":3,"op":"Approve","params":{"ids":["a1",7]}}"#.utf8)
        let header = try RequestHeader.decode(from: frame)

        let error = #expect(throws: EnvelopeError.self) {
            _ = try header.decodeParams(ApproveParams.self, from: frame)
        }

        #expect(error == .invalidParams(.approve, codingPath: "params.ids[1]", reason: "has the wrong type", requestID: 3))
        #expect(error?.wireError.code == .invalidInput)
        #expect(error?.keepsConnection == true)
    }

    @Test func missingParamsFieldNamed() throws {
        let frame = Data(#"{"v":1,"id":3,"op":"Approve"}"#.utf8)
        let header = try RequestHeader.decode(from: frame)

        let error = #expect(throws: EnvelopeError.self) {
            _ = try header.decodeParams(ApproveParams.self, from: frame)
        }

        #expect(error?.description == "invalid parameters for Approve: params.ids is missing")
    }

    @Test func malformedFramesRejected() {
        let cases: [(frame: String, expected: EnvelopeError)] = [
            (#"{"v":1,"id":"#, .malformedJSON),
            ("", .malformedJSON),
            (#"[1,2]"#, .notAnObject),
            (#"{"v":1,"op":"Me"}"#, .missingField("id", requestID: nil)),
            (#"{"id":4,"op":"Me"}"#, .missingField("v", requestID: 4)),
            (#"{"v":1,"id":4}"#, .missingField("op", requestID: 4)),
            (#"{"v":1,"id":"4","op":"Me"}"#, .invalidField("id", requestID: nil)),
            (#"{"v":1,"id":4,"op":"Me","token":5}"#, .invalidField("token", requestID: 4)),
        ]

        for testCase in cases {
            let error = #expect(throws: EnvelopeError.self) {
                _ = try RequestHeader.decode(from: Data(testCase.frame.utf8))
            }
            #expect(error == testCase.expected, "frame \(testCase.frame)")
            #expect(error?.wireError.code == .malformedFrame)
            #expect(error?.keepsConnection == false)
        }
    }

    @Test func invalidUTF8Rejected() {
        #expect(throws: EnvelopeError.malformedJSON) {
            _ = try RequestHeader.decode(from: Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))
        }
    }

    @Test func invalidUTF8TokenRejected() {
        var frame = Array(#"{"v":1,"id":5,"op":"Me","token":"ab"}"#.utf8)
        frame[frame.count - 3] = 0xFF

        #expect(throws: EnvelopeError.self) {
            _ = try RequestHeader.decode(from: Data(frame))
        }
    }

    @Test func readerPathTakesAnyKeyOrder() throws {
        let frame = Data(#" { "params" : { "id" : "r-1", "x": [1] }, "token": null, "op": "CheckOutApiKeys", "id": 9, "v": 1 } "#.utf8)

        let header = try RequestHeader.decode(from: frame)
        let params = try header.decodeParams(RequestIDParams.self, from: frame)

        #expect(header == RequestHeader(version: 1, id: 9, operation: .checkOutApiKeys, token: nil))
        #expect(params == RequestIDParams(id: "r-1"))
    }

    @Test func readableParamsErrorNamesPath() throws {
        let frame = Data(#"{"v":1,"id":3,"op":"CheckOutApiKeys","params":{"id":7}}"#.utf8)
        let header = try RequestHeader.decode(from: frame)

        let error = #expect(throws: EnvelopeError.self) {
            _ = try header.decodeParams(RequestIDParams.self, from: frame)
        }

        guard case let .invalidParams(operation, codingPath, _, requestID) = error else {
            Issue.record("expected invalidParams, got \(String(describing: error))")
            return
        }
        #expect(operation == .checkOutApiKeys)
        #expect(codingPath == "params.id")
        #expect(requestID == 3)
    }

    @Test func otherVersionRejectedWithItsID() {
        let error = #expect(throws: EnvelopeError.self) {
            _ = try RequestHeader.decode(from: Data(#"{"v":2,"id":8,"op":"FutureThing"}"#.utf8))
        }

        #expect(error == .unsupportedVersion(2, requestID: 8))
        #expect(error?.requestID == 8)
        #expect(error?.wireError.code == .unsupportedVersion)
        #expect(error?.keepsConnection == true)
    }

    @Test func unknownOperationRejected() {
        let error = #expect(throws: EnvelopeError.self) {
            _ = try RequestHeader.decode(from: Data(#"{"v":1,"id":8,"op":"Teleport"}"#.utf8))
        }

        #expect(error == .unknownOperation("Teleport", requestID: 8))
        #expect(error?.wireError.code == .unsupportedVersion)
    }

    @Test func descriptionHidesToken() {
        let header = RequestHeader(id: 1, operation: .me, token: "tok-secret")
        var dumped = ""
        dump(header, to: &dumped)

        #expect(!"\(header)".contains("tok-secret"))
        #expect(!String(reflecting: header).contains("tok-secret"))
        #expect(!dumped.contains("tok-secret"))
        #expect("\(header)".contains("token: redacted"))
    }
}
