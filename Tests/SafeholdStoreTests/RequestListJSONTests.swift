#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

@Suite struct RequestListJSONTests {
    private let approvals = [
        Approval(userID: UserID("u00000000002"), setIndex: 0, at: date(1100), comment: "ok"),
        Approval(userID: UserID("u00000000003"), setIndex: 1, at: date(1200)),
    ]
    private let reviews = [
        Review(userID: UserID("u00000000004"), at: date(9000), comment: "quote \" slash / back \\ tab \t line \n bell \u{07} 🔥 é"),
        Review(userID: UserID("u00000000005"), at: date(9100)),
    ]
    private let revealed: [ApiKeyID: Int] = [ApiKeyID("k00000000002"): 1, ApiKeyID("k00000000001"): 3]

    @Test func encodingMatchesStoreJSON() throws {
        #expect(RequestListJSON.encode(approvals) == (try StoreJSON.encode(approvals)))
        #expect(RequestListJSON.encode([Approval]()) == "[]")
        #expect(RequestListJSON.encode(revealed) == (try StoreJSON.encode(revealed)))
        #expect(RequestListJSON.encode([ApiKeyID: Int]()) == "{}")
    }

    @Test func roundTrip() {
        #expect(RequestListJSON.approvals(RequestListJSON.encode(approvals)) == approvals)
        #expect(RequestListJSON.reviews(RequestListJSON.encode(reviews)) == reviews)
        #expect(RequestListJSON.revealedVersions(RequestListJSON.encode(revealed)) == revealed)
    }

    @Test func readsStoreJSONText() throws {
        #expect(RequestListJSON.approvals(try StoreJSON.encode(approvals)) == approvals)
        #expect(RequestListJSON.reviews(try StoreJSON.encode(reviews)) == reviews)
        #expect(RequestListJSON.revealedVersions(try StoreJSON.encode(revealed)) == revealed)
    }

    @Test func storeJSONReadsEncodedText() throws {
        #expect(try StoreJSON.decode([Review].self, from: RequestListJSON.encode(reviews)) == reviews)
        #expect(try StoreJSON.decode([ApiKeyID: Int].self, from: RequestListJSON.encode(revealed)) == revealed)
    }

    @Test func readsSpacesAndEscapes() {
        let text = #" [ { "userID" : "u\u00301" , "at" : -5 , "comment" : null } ] "#
        #expect(RequestListJSON.reviews(text) == [Review(userID: UserID("u01"), at: date(-5))])
        #expect(RequestListJSON.reviews(#"[{"userID":"u1","at":1,"comment":"\ud83d\udd25"}]"#)?.first?.comment == "🔥")
    }

    @Test func unexpectedTextIsLeftToStoreJSON() {
        let unexpected = [
            "", "[", "[{}]", #"[{"userID":"u1"}]"#, #"[{"userID":"u1","at":1.5}]"#, #"[{"userID":"u1","at":1,"extra":2}]"#,
            #"[{"userID":"u1","at":1,"at":2}]"#, #"[{"userID":"u1","at":1}] x"#, #"[{"userID":"u\x","at":1}]"#,
            #"[{"userID":"u\ud83d","at":1}]"#, "[{\"userID\":\"u\n\",\"at\":1}]", #"[{"userID":"u1","at":99999999999999999999}]"#,
        ]
        for text in unexpected {
            #expect(RequestListJSON.reviews(text) == nil, "\(text)")
        }
        #expect(RequestListJSON.revealedVersions(#"{"k1":1,"k1":2}"#) == nil)
        #expect(RequestListJSON.approvals(#"[{"userID":"u1","at":1}]"#) == nil)
    }

    @Test func rowFallsBackToStoreJSON() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.insert(Fixture.request("r00000000001"), deadline: nil) }
        let database = try Database(path: vault.path, access: .readWrite)
        try database.execute("UPDATE requests SET reviews = ?1", [#"[ {"userID": "u00000000004", "at": 9000000, "comment": "fine", "extra": true} ]"#])

        let request = try vault.store.read { try $0.request(id: RequestID("r00000000001")) }

        #expect(request?.reviews == [Review(userID: UserID("u00000000004"), at: date(9_000_000), comment: "fine")])
    }
}
