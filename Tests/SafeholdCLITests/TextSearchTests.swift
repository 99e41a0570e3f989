#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func textSearchIgnoresCase() {
    #expect(TextSearch.matches(["Alice", "github/CI-bot"], query: "ci-BOT"))
    #expect(TextSearch.matches(["ÉQUIPE"], query: "équipe"))
}

@Test func textSearchMatchesSubstringOfAnyCell() {
    #expect(TextSearch.matches(["4f2c", "Pending 1 approval"], query: "1 appr"))
    #expect(!TextSearch.matches(["4f2c", "Pending 1 approval"], query: "denied"))
}

@Test func textSearchEmptyQueryMatchesAll() {
    #expect(TextSearch.matches([], query: ""))
    #expect(TextSearch.matches(["x"], query: ""))
}
