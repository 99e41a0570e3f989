#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdSystem
import Testing

/// The example notifier examples/notifiers/sendmail with a fake sendmail that records its input.
@Suite struct NotifierSendmailTests {
    final class Fixture {
        let directory: ConnectorTestDirectory
        let notifier: String
        let sendmail: String

        init(sendmailStatus: Int32 = 0) throws {
            directory = try ConnectorTestDirectory()
            notifier = try directory.installExample("notifiers/sendmail")
            sendmail = try directory.writeProgram("fake-sendmail", """
                #!/bin/sh
                printf '%s\\n' "$@" > \(directory.file("arguments"))
                cat > \(directory.file("message"))
                echo "fake sendmail status \(sendmailStatus)" >&2
                exit \(sendmailStatus)
                """)
        }

        var environment: [String: String] {
            ["SAFEHOLD_SENDMAIL": sendmail, "SAFEHOLD_MAIL_FROM": "Safehold <vault@example.org>"]
        }

        /// Runs the notifier directly with `notification` on standard input.
        func run(_ notification: Notification) throws -> Subprocess.Result {
            var environment = Subprocess.minimalEnvironment()
            environment.merge(self.environment) { _, added in added }
            let input = notification.encodedJSON()
            return try input.withUnsafeBytes { bytes in
                try Subprocess(executable: notifier, environment: environment, timeout: .seconds(20)).run(input: bytes)
            }
        }
    }

    @Test func messageIsPipedToSendmail() throws {
        let fixture = try Fixture()
        let configuration = NotificationDispatcher.Configuration(command: fixture.notifier, environment: fixture.environment)
        let dispatcher = try NotificationDispatcher(configuration: configuration, log: NotifierLogCapture().log)
        defer { dispatcher.stop() }

        dispatcher.enqueue(sampleNotification())

        #expect(dispatcher.drain(timeout: .seconds(20)))
        #expect(dispatcher.statistics.delivered == 1)
        #expect(fixture.directory.read("arguments") == "-t\n-i\n")
        let message = try #require(fixture.directory.read("message"))
        #expect(message.contains("From: Safehold <vault@example.org>\n"))
        #expect(message.contains("To: Ann Example <ann@example.com>\n"))
        #expect(message.contains("Subject: Safehold: request approved for cache/app\n"))
        #expect(message.contains("Auto-Submitted: auto-generated\n"))
        #expect(message.contains("\n\nYour request for cache/app was approved.\n"))
        #expect(message.contains("Window:  2026-03-20T09:56:00Z to 2026-03-20T11:56:00Z (UTC)\n"))
        #expect(message.contains("Details: safehold details a1b2c3d4e5f6\n"))
    }

    @Test func recipientWithoutEmailIsSkipped() throws {
        let fixture = try Fixture()
        let result = try fixture.run(sampleNotification(email: nil))
        #expect(result.exitStatus == 0)
        #expect(fixture.directory.read("message") == nil)
    }

    @Test func sendmailFailureIsReported() throws {
        let fixture = try Fixture(sendmailStatus: 75)
        let result = try fixture.run(sampleNotification())
        #expect(result.exitStatus == 1)
        let standardError = String(decoding: result.standardError, as: UTF8.self)
        #expect(standardError == "sendmail notifier: \(fixture.sendmail) exited with status 75: fake sendmail status 75\n")
    }

    @Test func lineBreakInAddressIsRejected() throws {
        let fixture = try Fixture()
        let result = try fixture.run(sampleNotification(email: "ann@example.com\nBcc: eve@example.org"))
        #expect(result.exitStatus == 2)
        #expect(fixture.directory.read("message") == nil)
    }
}
