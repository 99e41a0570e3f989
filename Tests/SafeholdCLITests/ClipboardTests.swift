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

/// `safehold copy` on a real X clipboard (Xvfb and xclip): the value arrives, is cleared after
/// the delay unless something else was copied meanwhile, and never shows in any process's argv
/// or environment.
@Suite struct ClipboardTests {
    /// Returns a session in which alice's request for pay/billing is Available, with its id and secret.
    private func availableRequest() throws -> (session: EndToEndSession, id: String, secret: String) {
        let session = try EndToEndSession(users: ["alice"])
        let secret = uniqueSecret()
        try session.addKey("pay/billing", "main", clientID: "acct_clip", secret: secret)
        try session.succeed(nil, ["policy", "add", "pay", "--scope", "pay", "--requesters", "alice", "--auto-approve"])
        return (session, try session.request("alice", ["pay/billing"]), secret)
    }

    @Test func copyClearsAfterDelay() throws {
        let (session, id, secret) = try availableRequest()
        let display = try ClipboardDisplay()

        let started = ContinuousClock.now
        let copied = try session.run("alice", ["copy", id, "--clear-after", "5"], environment: display.variables)
        #expect(copied.status == 0)
        #expect(copied.standardOutput == """
            Copied the client secret of pay/billing (key main) to the clipboard. \
            It is cleared in 5 seconds unless you copy something else first.

            """)
        #expect(try display.clipboard() == secret)

        // Polled rather than timed, because a loaded machine may run the helper late.
        var cleared = false
        while !cleared && ContinuousClock.now - started < .seconds(60) {
            cleared = try display.clipboard() ?? "" == ""
            if !cleared { usleep(100_000) }
        }
        #expect(cleared)
        #expect(ContinuousClock.now - started >= .seconds(5))
    }

    @Test func copyKeepsNewerContent() throws {
        let (session, id, _) = try availableRequest()
        let display = try ClipboardDisplay()

        let copied = try session.run("alice", ["copy", id, "--clear-after", "5"], environment: display.variables)
        try display.copy("copied by someone else")
        #expect(copied.status == 0)

        let helper = try #require(ClearHelperProcess.find(display, within: .seconds(4)))
        #expect(helper.waitForExit(timeout: .seconds(60)))
        #expect(try display.clipboard() == "copied by someone else")
    }

    /// While the helper waits to clear the clipboard, no process's command line or environment
    /// contains the secret, because it travels only through pipes.
    @Test func copyKeepsSecretOutOfProc() throws {
        let (session, id, secret) = try availableRequest()
        let display = try ClipboardDisplay()

        let copied = try session.run("alice", ["copy", id, "--clear-after", "20", "--json"], environment: display.variables)
        let helper = try #require(ClearHelperProcess.find(display, within: .seconds(4)))
        let result = try decodeJSON(CopyJSON.self, copied.standardOutput)
        #expect(result.request == id)
        #expect(result.account == "pay/billing")
        #expect(result.key == "main")
        #expect(result.field == "client-secret")
        #expect(result.clearAfterSeconds == 20)
        #expect(!copied.standardOutput.contains(secret))

        // Three passes, because one listing of /proc was seen to miss a process that had just started.
        let needle = Array(secret.utf8)
        var scanned: Set<String> = []
        var holders: Set<String> = []
        for _ in 0..<3 {
            for pid in ClearHelperProcess.processIDs() {
                for file in ["/proc/\(pid)/cmdline", "/proc/\(pid)/environ"] {
                    guard let bytes = TestDescriptors.readFile(file) else { continue }
                    scanned.insert(file)
                    if contains(bytes, needle) { holders.insert(file) }
                }
            }
            usleep(100_000)
        }
        #expect(scanned.contains("/proc/\(helper.pid)/environ"))
        #expect(holders.isEmpty)
        #expect(helper.isRunning)
        kill(pid_t(helper.pid), SIGTERM)
    }

    /// Without a display but on a terminal, the value goes to the terminal's clipboard as an
    /// OSC 52 escape (base64, never the plain text), and an empty one clears it later.
    @Test func copyToTerminalUsesOSC52() throws {
        let (session, id, secret) = try availableRequest()
        let terminal = try PromptTerminal()

        let process = try terminal.spawnSafehold(
            ["--vault", session.vault, "copy", id, "--clear-after", "1"], environment: ["SAFEHOLD_TOKEN_FILE": session.service.tokenFile("alice")]
        )
        #expect(try terminal.finish(process) == 0)
        let copied = "\u{1b}]52;c;" + Data(secret.utf8).base64EncodedString() + "\u{07}"
        #expect(terminal.screenText.hasPrefix(copied))
        #expect(terminal.screenText.contains("Copied the client secret of pay/billing (key main) to the terminal's clipboard. It is cleared in 1 second, whatever it contains then."))
        #expect(terminal.waitFor("\u{1b}]52;c;\u{07}", timeout: .seconds(10)))
        #expect(!contains(terminal.screen, Array(secret.utf8)))
    }

    @Test func copyWithoutDisplayExits69() throws {
        let (session, id, _) = try availableRequest()
        let result = try session.run("alice", ["copy", id])
        #expect(result.status == 69)
        #expect(result.standardOutput.isEmpty)
        #expect(lines(result.standardError) == [
            "safehold: error: no clipboard was found: no Wayland or X display, and standard output is not a terminal",
            "hint: print the key with `safehold show \(id) --field client-secret`",
        ])
        // Nothing was checked out: the request is still Available, not checked out.
        #expect(try session.json(DetailsJSON.self, "alice", ["details", id]).summary.label == "Available")
    }
}

/// The detached `safehold __clipboard-clear` process that one test's copy started, found by the
/// `XAUTHORITY` of the test's private display in its environment.
struct ClearHelperProcess {
    let pid: Int

    /// Returns the ids of the running processes. `readdir` tolerates processes that exit during
    /// the listing, where a directory listing that checks each entry may fail as a whole.
    static func processIDs() -> [Int] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var ids: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let id = Int(name) { ids.append(id) }
        }
        return ids
    }

    /// Scans `/proc` until the helper shows up or `timeout` passes. One scan is not enough:
    /// under the full suite, a helper that had just started was seen missing from one listing.
    static func find(_ display: ClipboardDisplay, within timeout: Duration) -> ClearHelperProcess? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        repeat {
            if let helper = find(display) { return helper }
            usleep(20_000)
        } while ContinuousClock.now < deadline
        return nil
    }

    private static func find(_ display: ClipboardDisplay) -> ClearHelperProcess? {
        let displayEntry = Array("XAUTHORITY=\(display.authority)\u{0}".utf8)
        for pid in processIDs() {
            guard let commandLine = TestDescriptors.readFile("/proc/\(pid)/cmdline"),
                  contains(commandLine, Array("__clipboard-clear".utf8)),
                  let environment = TestDescriptors.readFile("/proc/\(pid)/environ"),
                  contains(environment, displayEntry) else { continue }
            return ClearHelperProcess(pid: pid)
        }
        return nil
    }

    /// Whether the process still runs (a zombie no longer counts).
    var isRunning: Bool {
        guard let status = TestDescriptors.readFile("/proc/\(pid)/stat") else { return false }
        let text = String(decoding: status, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        return !text[close...].hasPrefix(") Z")
    }

    /// Waits until the helper has exited; returns false on timeout.
    func waitForExit(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if !isRunning { return true }
            usleep(50_000)
        }
        return false
    }
}
