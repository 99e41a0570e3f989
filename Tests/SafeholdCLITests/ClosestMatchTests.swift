#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func closestMatchEditDistance() {
    #expect(ClosestMatch.editDistance("request", "request") == 0)
    #expect(ClosestMatch.editDistance("reqest", "request") == 1)
    #expect(ClosestMatch.editDistance("fro", "for") == 1)
    #expect(ClosestMatch.editDistance("", "abc") == 3)
    #expect(ClosestMatch.editDistance("kitten", "sitting") == 3)
}

@Test func closestMatchSuggestion() {
    let words = CommandCatalog.subcommandWords(after: [])
    #expect(ClosestMatch.suggestion(for: "aprove", among: words) == "approve")
    #expect(ClosestMatch.suggestion(for: "reviw", among: words) == "review")
    #expect(ClosestMatch.suggestion(for: "chekin", among: words) == "checkin")
    #expect(ClosestMatch.suggestion(for: "completi", among: words) == "completion")
    #expect(ClosestMatch.suggestion(for: "frobnicate", among: words) == nil)
}

@Test func closestMatchAmbiguousPrefix() {
    // "revi" starts both "review" and "reviews" and is two edits from either.
    #expect(ClosestMatch.suggestion(for: "revi", among: ["review", "reviews"]) == nil)
    #expect(ClosestMatch.suggestion(for: "revie", among: ["review", "reviews"]) == "review")
}
