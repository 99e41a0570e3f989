#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem
import SafeholdTestSupport

/// A private X server (`Xvfb`) on a free display number, for tests of the real clipboard.
/// Xvfb picks the number itself (`-displayfd`), so parallel tests never share a display. The
/// server, and with it every `xclip` that still serves a selection on it, ends on `deinit`.
final class ClipboardDisplay {
    let number: Int
    /// An `XAUTHORITY` path of this display alone. The file never exists (Xvfb runs without
    /// access control), but the value marks every process that the test started for this display,
    /// since display numbers are reused once a test's server ends.
    let authority = "/nonexistent/safehold-test-\(UInt64.random(in: 0...UInt64.max))"
    private let server: SpawnedProcess

    init() throws {
        let numberPipe = try TestDescriptors.pipe()
        do {
            server = try SpawnedProcess(
                "/usr/bin/Xvfb", ["-displayfd", "3", "-nolisten", "tcp"],
                environment: Subprocess.minimalEnvironment(),
                actions: [
                    .open("/dev/null", to: 0, flags: O_RDONLY), .open("/dev/null", to: 1, flags: O_WRONLY),
                    .open("/dev/null", to: 2, flags: O_WRONLY), .duplicate(numberPipe.write, to: 3),
                ]
            )
        } catch {
            close(numberPipe.read)
            close(numberPipe.write)
            throw error
        }
        close(numberPipe.write)
        let text = Self.readLine(numberPipe.read, timeout: .seconds(20))
        close(numberPipe.read)
        guard let number = Int(text) else {
            kill(server.pid, SIGKILL)
            _ = try? server.wait()
            throw TestSupportError("Xvfb did not report a display number (it wrote \"\(text)\")")
        }
        self.number = number
    }

    deinit {
        kill(server.pid, SIGTERM)
        _ = try? server.wait(timeout: .seconds(10))
    }

    /// Reads up to the first newline, which Xvfb writes once it accepts connections.
    private static func readLine(_ fd: Int32, timeout: Duration) -> String {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            guard read(fd, &byte, 1) == 1, byte != 0x0a else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `DISPLAY` for this server.
    var display: String { ":\(number)" }

    /// Returns the clipboard's text, or nil when `xclip` finds nothing to paste.
    func clipboard() throws -> String? {
        let process = Subprocess(
            executable: "/usr/bin/xclip", arguments: ["-selection", "clipboard", "-out"], environment: environment, timeout: .seconds(10)
        )
        let result = try process.run()
        guard result.exitStatus == 0 else { return nil }
        return String(decoding: result.standardOutput, as: UTF8.self)
    }

    /// Copies `text` to the clipboard as another program would.
    func copy(_ text: String) throws {
        let process = Subprocess(
            executable: "/usr/bin/xclip", arguments: ["-selection", "clipboard", "-in"], environment: environment, timeout: .seconds(10)
        )
        let bytes = Array(text.utf8)
        let result = try bytes.withUnsafeBytes { try process.run(input: $0, discardOutput: true) }
        guard result.exitStatus == 0 else { throw TestSupportError("xclip -in failed on \(display)") }
    }

    /// `DISPLAY` and `XAUTHORITY` for programs that use this display.
    var variables: [String: String] {
        ["DISPLAY": display, "XAUTHORITY": authority]
    }

    private var environment: [String: String] {
        Subprocess.minimalEnvironment().merging(variables) { _, new in new }
    }
}
