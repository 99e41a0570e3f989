#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Keeps log records in memory, so that tests can check what was logged.
public final class LogRecorder: Sendable {
    private let storage = Mutex<[LogRecord]>([])

    public init() {}

    public func append(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    public var records: [LogRecord] {
        storage.withLock { $0 }
    }

    /// Every record as formatted text, one per line.
    public var text: String {
        records.map { $0.formatted() }.joined(separator: "\n")
    }
}
