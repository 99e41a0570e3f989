#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

private struct Row: Encodable {
    let state: String
    let at: Date
    let asset: String
}

@Test func outputRulesJSONLine() throws {
    let line = try OutputRules.jsonLine(Row(state: "Approved", at: instant(1_796_392_800), asset: "aws/prod"))
    #expect(line == "{\"asset\":\"aws/prod\",\"at\":\"2026-12-04T14:00:00Z\",\"state\":\"Approved\"}\n")
}
