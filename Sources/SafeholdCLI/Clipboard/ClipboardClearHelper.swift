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

/// Clears the clipboard after a delay, but only if it still holds the value that was copied:
/// something the user copied meanwhile is left alone.
///
/// `safehold copy` starts this as a detached copy of itself (`safehold __clipboard-clear`, a
/// new session, output to /dev/null) and sends it one message through its standard input: the
/// tool, the path, the delay and the copied value. The value therefore never appears in argv or
/// the environment of any process, and it is wiped when the helper exits.
public enum ClipboardClearHelper {
    /// The hidden command word.
    public static let commandWord = "__clipboard-clear"

    /// Starts the helper for `clipboard` and `value`.
    static func start(clipboard: Clipboard, value: SecretBytes, delaySeconds: Int) throws {
        let header = "\(clipboard.tool.rawValue)\n\(clipboard.path)\n\(delaySeconds)\n"
        let headerBytes = Array(header.utf8)
        let message = SecretBytes(count: headerBytes.count + value.count)
        message.withUnsafeMutableBytes { output in
            for (index, byte) in headerBytes.enumerated() { output[index] = byte }
            value.withUnsafeBytes { bytes in
                if bytes.count > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: output[headerBytes.count..<(headerBytes.count + bytes.count)]).copyMemory(from: bytes)
                }
            }
        }
        let helper = Subprocess(
            executable: "/proc/self/exe", arguments: [commandWord], environment: clipboard.environment, timeout: .seconds(5)
        )
        _ = try message.withUnsafeBytes { try helper.launchDetached(input: $0) }
    }

    /// The helper's main: reads the message, waits, compares and clears. Returns the exit code.
    public static func run() -> Int32 {
        guard let message = try? SecretInput.readAll(fd: STDIN_FILENO, name: "standard input", trimNewline: false, limit: 1 << 20) else { return 1 }
        guard let parsed = parse(message) else { return 1 }
        let clipboard = Clipboard(tool: parsed.tool, path: parsed.path, environment: ProcessInfo.processInfo.environment)

        var request = timespec(tv_sec: parsed.delay, tv_nsec: 0)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }

        if parsed.tool == .osc52 {
            try? clipboard.clear()
            return 0
        }
        guard let current = clipboard.read(), current == parsed.value else { return 0 }
        try? clipboard.clear()
        return 0
    }

    private static func parse(_ message: SecretBytes) -> (tool: Clipboard.Tool, path: String, delay: Int, value: SecretBytes)? {
        message.withUnsafeBytes { bytes in
            var lines: [String] = []
            var start = 0
            var index = 0
            while lines.count < 3, index < bytes.count {
                if bytes[index] == 0x0a {
                    lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = index + 1
                }
                index += 1
            }
            guard lines.count == 3, let tool = Clipboard.Tool(rawValue: lines[0]), let delay = Int(lines[2]), delay >= 0 else { return nil }
            let value = SecretBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count]))
            return (tool, lines[1], delay, value)
        }
    }
}
