#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdTestSupport
import Testing

/// `safehold completion SHELL` through the built binary: each script is syntactically valid for
/// its shell, and bash's registers a completion for `safehold` when sourced.
@Suite struct EndToEndCompletionTests {
    /// The shell, the arguments that check a script file without running it, and a line that
    /// the script must contain.
    static let shells: [(shell: String, check: [String], marker: String)] = [
        ("bash", ["-n"], "complete -F"),
        ("zsh", ["-n"], "#compdef safehold"),
        ("fish", ["--no-execute"], "complete -c safehold"),
    ]

    @Test(arguments: shells.map(\.shell))
    func completionScriptParses(_ shell: String) throws {
        let entry = try #require(Self.shells.first { $0.shell == shell })
        let printed = try BuiltBinary.run(["completion", shell])
        #expect(printed.status == 0)
        #expect(printed.standardOutput.contains(entry.marker))
        #expect(printed.standardError.isEmpty)

        let directory = try TemporaryDirectory(prefix: "shc")
        let script = directory.file("safehold.\(shell)")
        try PrivateFileWriter.write(script, printed.standardOutput, mode: 0o600)
        let program = "/usr/bin/\(shell)"
        try #require(access(program, X_OK) == 0, "\(program) is not installed")
        let checked = try runProcess(program, entry.check + [script])
        #expect(checked.status == 0)
    }

    @Test func bashCompletionRegisters() throws {
        let printed = try BuiltBinary.run(["completion", "bash"])
        let directory = try TemporaryDirectory(prefix: "shc")
        let script = directory.file("safehold.bash")
        try PrivateFileWriter.write(script, printed.standardOutput, mode: 0o600)
        let registered = try runProcess("/usr/bin/bash", ["--norc", "-c", "source '\(script)' && complete -p safehold"])
        #expect(registered.status == 0)
        #expect(registered.output.hasPrefix("complete -F "))
        #expect(registered.output.hasSuffix(" safehold\n"))
    }
}
