#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SafeholdCrypto
import SafeholdTestSupport
import Testing
@testable import SafeholdCLI

/// The no-echo prompt under a real pseudo-terminal: what a person types must never appear on
/// the screen, and the value must arrive intact.
@Suite struct PromptTests {
    @Test func apikeyAddPromptHidesSecret() throws {
        let session = try EndToEndSession()
        try session.succeed(nil, ["asset", "add", "pay"])
        try session.succeed(nil, ["account", "add", "pay/billing"])
        let clientID = uniqueSecret("id_")
        let secret = uniqueSecret()
        let terminal = try PromptTerminal()

        let process = try terminal.spawnSafehold(["--vault", session.vault, "apikey", "add", "pay/billing", "main"])
        try #require(terminal.waitFor("Client ID: "))
        terminal.type(clientID + "\n")
        try #require(terminal.waitFor("Client secret: "))
        terminal.type(secret + "\n")
        try #require(terminal.waitFor("Client secret ID (Enter for none): "))
        terminal.type("\n")
        let status = try terminal.finish(process)

        #expect(status == 0)
        #expect(terminal.screenText.contains("Added key main to pay/billing (version 1, sealed)."))
        #expect(!contains(terminal.screen, Array(secret.utf8)))
        #expect(!contains(terminal.screen, Array(clientID.utf8)))
        #expect(try session.run(nil, ["verify", "pay/billing", "main"], input: secret).status == 0)
    }

    @Test func verifyPromptHidesSecret() throws {
        let session = try EndToEndSession()
        let secret = uniqueSecret()
        try session.addKey("pay/billing", "main", clientID: "acct", secret: secret)
        let terminal = try PromptTerminal()

        let process = try terminal.spawnSafehold(["--vault", session.vault, "verify", "pay/billing"])
        try #require(terminal.waitFor("Secret: "))
        terminal.type(secret + "\n")
        let status = try terminal.finish(process)

        #expect(status == 0)
        #expect(terminal.screenText.contains("valid: the key is current for pay/billing"))
        #expect(!contains(terminal.screen, Array(secret.utf8)))
    }

    /// The control case: a program that leaves echo on shows the typed line on the screen, so
    /// the absence checks above can fail.
    @Test func screenShowsEchoedLine() throws {
        let terminal = try PromptTerminal()
        let typed = uniqueSecret()
        let process = try terminal.spawn("/usr/bin/head", ["-n", "1"], environment: safeholdEnvironment())
        terminal.type(typed + "\n")
        #expect(try terminal.finish(process) == 0)
        #expect(contains(terminal.screen, Array(typed.utf8)))
    }

    /// In process, on the slave side of a pseudo-terminal: the line arrives without echo, and
    /// echo is on again afterwards.
    @Test func readLineRestoresEcho() throws {
        let terminal = try PromptTerminal()
        let slave = open(terminal.slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        try #require(slave >= 0)
        defer { close(slave) }
        let secret = uniqueSecret()

        // The prompt flushes input typed before it appears, so the typist waits for it.
        let typed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if terminal.waitFor("Secret: ") { terminal.type(secret + "\n") }
            typed.signal()
        }
        let line = try TerminalPrompt.readLine(prompt: "Secret: ", fd: slave)
        typed.wait()

        var settings = termios()
        #expect(tcgetattr(slave, &settings) == 0)
        #expect(settings.c_lflag & tcflag_t(ECHO) != 0)
        #expect(line == SecretBytes(copying: Array(secret.utf8)))
        #expect(!contains(terminal.screen, Array(secret.utf8)))
    }

    /// A descriptor that is not a terminal gets no prompt at all.
    @Test func readLineRejectsPipe() throws {
        let pipe = try TestDescriptors.pipe()
        defer {
            close(pipe.read)
            close(pipe.write)
        }
        #expect(throws: InputError.noTerminal) {
            _ = try TerminalPrompt.readLine(prompt: "Secret: ", fd: pipe.read)
        }
    }
}
