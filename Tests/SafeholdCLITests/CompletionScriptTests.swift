#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SafeholdCLI

/// Returns the words that the bash completion offers after `words`, the last one being the word
/// under the cursor, by running the script in a real bash.
private func bashCompletions(_ words: [String]) throws -> [String] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safehold-completion-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let scriptPath = directory.appendingPathComponent("safehold.bash").path
    try Data(CompletionScript.script(for: .bash).utf8).write(to: URL(fileURLWithPath: scriptPath))

    let quotedWords = (["safehold"] + words).map { "'" + $0 + "'" }.joined(separator: " ")
    let program = """
        source '\(scriptPath)'
        COMP_WORDS=(\(quotedWords))
        COMP_CWORD=\(words.count)
        _safehold
        printf '%s\\n' "${COMPREPLY[@]}"
        """
    let (status, output) = try runProcess("/bin/bash", ["--norc", "-c", program])
    #expect(status == 0)
    return output.split(separator: "\n").map(String.init)
}

@Test func completionBashSyntax() throws {
    let result = try bashCompletions([""])
    #expect(!result.isEmpty)
}

@Test func completionBashTopLevelWords() throws {
    #expect(try bashCompletions(["re"]) == ["request", "requests", "remove", "resubmit", "revoke", "reviews", "review", "rekey"])
}

@Test func completionBashSubcommands() throws {
    #expect(try bashCompletions(["user", ""]).prefix(5) == ["add", "list", "update", "disable", "enable"])
}

@Test func completionBashOptionsOfCommand() throws {
    #expect(try bashCompletions(["--vault", "/tmp/v", "copy", "4f2c", "--c"]) == ["--clear-after"])
    #expect(try bashCompletions(["user", "add", "bob", "--a"]) == ["--admin", "--auditor"])
}

@Test func completionBashChoices() throws {
    #expect(try bashCompletions(["show", "4f2c", "--field", "client-s"]) == ["client-secret", "client-secret-id"])
    #expect(try bashCompletions(["completion", "z"]) == ["zsh"])
    #expect(try bashCompletions(["request", "github/ci", "--for", ""]) == [])
}

@Test func completionScriptsNameEveryCommand() {
    for shell in CompletionScript.Shell.allCases {
        let script = CompletionScript.script(for: shell)
        for command in CommandCatalog.commands {
            #expect(script.contains(command.path.last ?? ""), "\(shell) \(command.name)")
        }
        #expect(script.hasSuffix("\n"))
    }
}

@Test func completionZshLoadsBashScript() {
    let script = CompletionScript.script(for: .zsh)
    #expect(script.hasPrefix("#compdef safehold\n"))
    #expect(script.contains("bashcompinit"))
    #expect(script.contains("complete -F _safehold safehold"))
}

@Test func completionFishQuotesDescriptions() {
    let script = CompletionScript.script(for: .fish)
    #expect(script.contains("-a 'request' -d 'Request access to an account\\'s API keys for a time window'"))
    #expect(script.contains("-l field -x -a 'client-secret client-id client-secret-id'"))
}
