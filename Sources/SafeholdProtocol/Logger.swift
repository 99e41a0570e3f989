#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Operational log of the service and its parts: constant messages plus metadata.
///
/// Messages are `StaticString`, so no value can be interpolated into one. Values go into metadata,
/// and a caller must never put a frame, a token or a secret there. The sink decides where records
/// go: `standardError(label:)` for the service, `recording(label:into:)` for tests.
public struct Logger: Sendable {
    public typealias Metadata = [String: String]

    public enum Level: String, Sendable, Hashable, Comparable {
        case info
        case error

        public static func < (lhs: Level, rhs: Level) -> Bool {
            lhs == .info && rhs == .error
        }
    }

    /// Component name, such as `safehold.socket`.
    public let label: String
    private let sink: @Sendable (LogRecord) -> Void

    public init(label: String, sink: @escaping @Sendable (LogRecord) -> Void) {
        self.label = label
        self.sink = sink
    }

    public func info(_ message: StaticString, _ metadata: Metadata = [:]) {
        sink(LogRecord(level: .info, label: label, message: message.description, metadata: metadata))
    }

    public func error(_ message: StaticString, _ metadata: Metadata = [:]) {
        sink(LogRecord(level: .error, label: label, message: message.description, metadata: metadata))
    }

    /// Returns a logger with the same sink and another label.
    public func withLabel(_ label: String) -> Logger {
        Logger(label: label, sink: sink)
    }

    /// Writes one line per record to standard error, each with a single `write` so that lines
    /// from several threads do not interleave. `now` supplies the timestamp.
    public static func standardError(label: String, now: @escaping @Sendable () -> Date = { Date.now }) -> Logger {
        Logger(label: label) { record in
            let line = "\(now().formatted(.iso8601)) \(record.formatted())\n"
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { buffer in
                _ = Glibc.write(STDERR_FILENO, buffer.baseAddress, buffer.count)
            }
        }
    }

    /// Appends every record to `recorder`.
    public static func recording(label: String, into recorder: LogRecorder) -> Logger {
        Logger(label: label) { record in
            recorder.append(record)
        }
    }

    /// Drops every record.
    public static func discarding(label: String) -> Logger {
        Logger(label: label) { _ in }
    }
}
