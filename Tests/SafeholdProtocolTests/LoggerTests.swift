#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

struct LoggerTests {
    @Test func recorderKeepsRecords() {
        let recorder = LogRecorder()
        let logger = Logger.recording(label: "safehold.socket", into: recorder)

        logger.info("socket server started", ["path": "/tmp/s.sock"])
        logger.error("accept failed", ["errno": "24"])

        #expect(recorder.records == [
            LogRecord(level: .info, label: "safehold.socket", message: "socket server started", metadata: ["path": "/tmp/s.sock"]),
            LogRecord(level: .error, label: "safehold.socket", message: "accept failed", metadata: ["errno": "24"]),
        ])
    }

    @Test func formattedSortsAndQuotesMetadata() {
        let record = LogRecord(
            level: .error, label: "safehold.socket", message: "read failed",
            metadata: ["reason": "Broken pipe (errno 32)", "connection": "7", "note": "a=\"b\"\n"]
        )

        #expect(record.formatted()
            == #"error safehold.socket: read failed connection=7 note="a=\"b\"\n" reason="Broken pipe (errno 32)""#)
    }

    @Test func withLabelKeepsSink() {
        let recorder = LogRecorder()

        Logger.recording(label: "a", into: recorder).withLabel("b").info("stopped")

        #expect(recorder.records.first?.label == "b")
    }
}
