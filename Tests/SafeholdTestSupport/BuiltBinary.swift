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

/// The `safehold` executable that `swift build --build-tests` built next to the test bundle, and
/// a way to run it as a user would: arguments, environment and standard input, with its exit
/// status and output collected.
public enum BuiltBinary {
    /// Absolute path of the built `safehold`, found beside the running test bundle.
    public static var path: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        var directory = executable
        while let slash = directory.lastIndex(of: "/"), directory != "/" {
            directory = String(directory[..<slash])
            if access(directory + "/safehold", X_OK) == 0 { return directory + "/safehold" }
        }
        return ".build/debug/safehold"
    }

    /// The outcome of one run, with output decoded as UTF-8.
    public struct Run: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// Runs `safehold` with `arguments`, an environment made of `environment` plus a fixed PATH,
    /// and `input` on standard input.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], input: String = "", timeout: Duration = .seconds(60)
    ) throws -> Run {
        var fullEnvironment = Subprocess.minimalEnvironment()
        fullEnvironment["HOME"] = environment["HOME"] ?? "/nonexistent"
        fullEnvironment.merge(environment) { _, new in new }
        let process = Subprocess(executable: path, arguments: arguments, environment: fullEnvironment, timeout: timeout, outputLimit: 16 << 20)
        let bytes = Array(input.utf8)
        let result = try bytes.withUnsafeBytes { try process.run(input: $0) }
        if result.timedOut {
            throw TestSupportError("safehold \(arguments.joined(separator: " ")) timed out")
        }
        return Run(
            status: result.exitStatus ?? -1,
            standardOutput: String(decoding: result.standardOutput, as: UTF8.self),
            standardError: String(decoding: result.standardError, as: UTF8.self)
        )
    }
}
