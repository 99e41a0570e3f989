#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdCrypto
import SafeholdSystem

/// The system clipboard, through whichever tool fits the running display: `wl-copy` under
/// Wayland, `xclip` or `xsel` under X, or the terminal's OSC 52 escape. The value always reaches
/// a tool through its standard input, never argv, the environment or a file.
struct Clipboard: Equatable {
    enum Tool: String, Equatable {
        case wayland, xclip, xsel, osc52
    }

    let tool: Tool
    /// The copy program, or for OSC 52 the terminal device.
    let path: String
    let environment: [String: String]

    /// Finds a clipboard for `environment`, or nil when there is none.
    static func detect(environment: [String: String], standardOutputIsTerminal: Bool) -> Clipboard? {
        let forwarded = forwardedEnvironment(environment)
        if environment["WAYLAND_DISPLAY"] != nil, let path = find("wl-copy", environment), find("wl-paste", environment) != nil {
            return Clipboard(tool: .wayland, path: path, environment: forwarded)
        }
        if environment["DISPLAY"] != nil {
            if let path = find("xclip", environment) { return Clipboard(tool: .xclip, path: path, environment: forwarded) }
            if let path = find("xsel", environment) { return Clipboard(tool: .xsel, path: path, environment: forwarded) }
        }
        if standardOutputIsTerminal, let terminal = terminalPath() {
            return Clipboard(tool: .osc52, path: terminal, environment: forwarded)
        }
        return nil
    }

    /// Puts `value` on the clipboard.
    func copy(_ value: SecretBytes) throws {
        switch tool {
        case .osc52:
            try writeOSC52(value)
        case .wayland:
            try run([], input: value)
        case .xclip:
            try run(["-selection", "clipboard", "-in"], input: value)
        case .xsel:
            try run(["--clipboard", "--input"], input: value)
        }
    }

    /// Reads the clipboard's content, or nil when it cannot be read (OSC 52 is write-only).
    func read() -> SecretBytes? {
        let arguments: [String]
        let program: String
        switch tool {
        case .osc52: return nil
        case .wayland:
            program = PathText.directory(of: path) + "/wl-paste"
            arguments = ["--no-newline"]
        case .xclip:
            program = path
            arguments = ["-selection", "clipboard", "-out"]
        case .xsel:
            program = path
            arguments = ["--clipboard", "--output"]
        }
        // Only the detached helper reads, and no command waits for it, so a busy display gets time:
        // a read that times out leaves the secret on the clipboard.
        let process = Subprocess(executable: program, arguments: arguments, environment: environment, timeout: .seconds(30))
        guard var result = try? process.run(), result.exitStatus == 0 else { return nil }
        defer { result.wipeOutput() }
        return SecretBytes(copying: result.standardOutput)
    }

    /// Empties the clipboard.
    func clear() throws {
        switch tool {
        case .osc52: try writeOSC52(SecretBytes(count: 0))
        case .wayland: try run(["--clear"], input: nil)
        case .xclip: try run(["-selection", "clipboard", "-in"], input: nil)
        case .xsel: try run(["--clipboard", "--clear"], input: nil)
        }
    }

    private func run(_ arguments: [String], input: SecretBytes?) throws {
        let process = Subprocess(executable: path, arguments: arguments, environment: environment, timeout: .seconds(10))
        let result = try (input ?? SecretBytes(count: 0)).withUnsafeBytes { bytes in
            try process.run(input: bytes, discardOutput: true)
        }
        guard result.exitStatus == 0 else {
            let display = environment["WAYLAND_DISPLAY"].map { "Wayland display \($0)" } ?? environment["DISPLAY"].map { "X display \($0)" }
            throw CommandFailure(
                "failed to use the clipboard through \(path) (exit status \(result.exitStatus.map(String.init) ?? "none"))",
                hint: (display.map { "check that the \($0) is running, or " } ?? "") + "print the key with `safehold show` instead",
                exitCode: .unavailable
            )
        }
    }

    /// Writes `ESC ] 52 ; c ; BASE64 BEL` to the terminal, which sets its clipboard.
    private func writeOSC52(_ value: SecretBytes) throws {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure("failed to open the terminal \(path) for the clipboard") }
        defer { close(fd) }
        let encoded = SecretEncoding.base64(value)
        let sequence = SecretBytes(count: encoded.count + 8)
        sequence.withUnsafeMutableBytes { output in
            let head: [UInt8] = [0x1b, 0x5d, 0x35, 0x32, 0x3b, 0x63, 0x3b]
            for (index, byte) in head.enumerated() { output[index] = byte }
            encoded.withUnsafeBytes { bytes in
                if bytes.count > 0 { UnsafeMutableRawBufferPointer(rebasing: output[7..<(7 + bytes.count)]).copyMemory(from: bytes) }
            }
            output[7 + encoded.count] = 0x07
        }
        _ = sequence.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
    }

    /// Only what the tools need to reach the display.
    static func forwardedEnvironment(_ environment: [String: String]) -> [String: String] {
        var forwarded = Subprocess.minimalEnvironment()
        for name in ["DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "HOME"] {
            if let value = environment[name] { forwarded[name] = value }
        }
        if let path = environment["PATH"] { forwarded["PATH"] = path }
        return forwarded
    }

    static func find(_ program: String, _ environment: [String: String]) -> String? {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    static func terminalPath() -> String? {
        guard let name = ttyname(STDOUT_FILENO) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: name, count: strlen(name)), as: UTF8.self)
    }
}

