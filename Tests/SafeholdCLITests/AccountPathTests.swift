#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func accountPathValid() throws {
    let path = try #require(AccountPath("github/ci-bot"))
    #expect(path.asset == "github")
    #expect(path.account == "ci-bot")
    #expect(path.description == "github/ci-bot")
}

@Test(arguments: [
    ("github", "the \"/\" between asset and account is missing"),
    ("/ci", "the asset name is empty"),
    ("github/", "the account name is empty"),
    ("a/b/c", "it contains more than one \"/\""),
    ("", "the asset name is empty"),
])
func accountPathInvalid(text: String, problem: String) {
    #expect(AccountPath(text) == nil)
    #expect(throws: AccountPathProblem(problem: problem)) {
        try AccountPath.parse(text)
    }
}

@Test func accountPathScopeItemWithoutAccount() throws {
    let item = try AccountPath.parse("aws", accountOptional: true)
    #expect(item.asset == "aws")
    #expect(item.account == nil)
}
