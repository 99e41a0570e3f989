#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

private struct ConnectionFailure: ReportableError {
    var message: String { "failed to connect to the service at \(ErrorRenderer.quoted("/run/safehold.sock")): no such file" }
    var hint: String? { "start it with 'safehold serve', or pass --socket" }
    var exitCode: ExitCode { .unavailable }
}

@Test func errorRendererFailureWithHint() {
    #expect(ErrorRenderer.render(ConnectionFailure()) == """
        safehold: error: failed to connect to the service at "/run/safehold.sock": no such file
        hint: start it with 'safehold serve', or pass --socket

        """)
}

@Test func errorRendererMessageOnly() {
    #expect(ErrorRenderer.render(message: "failed to check in request 4f2c: it expired") == "safehold: error: failed to check in request 4f2c: it expired\n")
}

@Test func errorRendererColour() {
    let text = ErrorRenderer.render(message: "failed", hint: "retry", colour: true)
    #expect(text == "\u{1B}[31msafehold: error:\u{1B}[0m failed\n\u{1B}[33mhint:\u{1B}[0m retry\n")
}

@Test func errorRendererUsageErrorWithoutColourHasNoEscapes() throws {
    let error = try #require(usageError(["reqest"]))
    #expect(!ErrorRenderer.render(error).contains("\u{1B}"))
}

@Test func errorRendererQuotesSpecialCharacters() {
    #expect(ErrorRenderer.quoted("plain") == "\"plain\"")
    #expect(ErrorRenderer.quoted("say \"hi\"") == "\"say \\\"hi\\\"\"")
    #expect(ErrorRenderer.quoted("back\\slash") == "\"back\\\\slash\"")
    #expect(ErrorRenderer.quoted("a\nb\tc\rd") == "\"a\\nb\\tc\\rd\"")
    #expect(ErrorRenderer.quoted("\u{1B}[2J\u{7F}") == "\"\\u{1b}[2J\\u{7f}\"")
    #expect(ErrorRenderer.quoted("東京 🔑") == "\"東京 🔑\"")
}
