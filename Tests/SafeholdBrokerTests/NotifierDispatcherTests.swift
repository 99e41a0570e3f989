#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import SafeholdModel
import Testing

@Suite struct NotifierDispatcherTests {
    @Test func notificationJSONIsExact() {
        let json = String(decoding: sampleNotification().encodedJSON(), as: UTF8.self)
        let expected = #"{"account":"app","asset":"cache","kind":"requestApproved","#
            + #""recipient":{"email":"ann@example.com","id":"0a1b2c3d4e5f","name":"Ann Example"},"#
            + #""requestId":"a1b2c3d4e5f6","text":"Your request for cache/app was approved.","version":1,"#
            + #""windowEnd":"2026-03-20T11:56:00Z","windowStart":"2026-03-20T09:56:00Z"}"# + "\n"
        #expect(json == expected)
    }

    @Test func absentValuesAreNull() {
        var notification = sampleNotification(.rotationFailed, email: nil)
        notification.requestID = nil
        notification.windowStart = nil
        notification.windowEnd = nil
        let json = String(decoding: notification.encodedJSON(), as: UTF8.self)
        #expect(json.contains(#""email":null"#))
        #expect(json.contains(#""requestId":null"#))
        #expect(json.contains(#""windowEnd":null,"windowStart":null"#))
    }

    @Test func eachNotificationReachesStandardInput() throws {
        let directory = try ConnectorTestDirectory()
        let command = try directory.writeProgram("notify", "#!/bin/sh\ncat >> \(directory.file("received"))\n")
        let dispatcher = try NotificationDispatcher(configuration: .init(command: command), log: NotifierLogCapture().log)
        defer { dispatcher.stop() }

        dispatcher.enqueue(sampleNotification(.requestApproved))
        dispatcher.enqueue(sampleNotification(.reviewNeeded, requestID: "ffffffffffff"))

        #expect(dispatcher.drain(timeout: .seconds(10)))
        let expected = sampleNotification(.requestApproved).encodedJSON()
            + sampleNotification(.reviewNeeded, requestID: "ffffffffffff").encodedJSON()
        #expect(directory.read("received") == String(decoding: expected, as: UTF8.self))
        #expect(dispatcher.statistics == .init(delivered: 2, failedAttempts: 0, abandoned: 0, dropped: 0, pending: 0))
    }

    @Test func hangingCommandDoesNotBlockEnqueue() throws {
        let directory = try ConnectorTestDirectory()
        let command = try directory.writeProgram("notify", "#!/bin/sh\nexec sleep 30\n")
        let logs = NotifierLogCapture()
        let configuration = NotificationDispatcher.Configuration(command: command, timeout: .milliseconds(200), maxAttempts: 1)
        let dispatcher = try NotificationDispatcher(configuration: configuration, log: logs.log)
        defer { dispatcher.stop() }

        let started = ContinuousClock.now
        for _ in 0..<3 { dispatcher.enqueue(sampleNotification()) }
        #expect(ContinuousClock.now - started < .milliseconds(100))

        #expect(waitUntil { dispatcher.statistics.abandoned == 3 })
        let dropped = logs.entries("notification dropped after failed attempts")
        #expect(dropped.count == 3)
        #expect(dropped.first?.metadata["reason"] == "timed out")
        #expect(dropped.first?.metadata["request"] == "a1b2c3d4e5f6")
    }

    @Test func failedDeliveryIsRetriedWithBackoff() throws {
        let directory = try ConnectorTestDirectory()
        let counter = directory.file("count")
        let script = """
            #!/bin/sh
            cat > /dev/null
            n=$(cat \(counter) 2>/dev/null || echo 0); n=$((n + 1)); echo $n > \(counter)
            [ $n -ge 3 ] && exit 0
            echo "mail server down" >&2
            exit 75
            """
        let command = try directory.writeProgram("notify", script)
        let clock = NotifierTestClock()
        let logs = NotifierLogCapture()
        let configuration = NotificationDispatcher.Configuration(command: command, recheckInterval: .milliseconds(5))
        let dispatcher = try NotificationDispatcher(configuration: configuration, now: clock.now, log: logs.log)
        defer { dispatcher.stop() }

        dispatcher.enqueue(sampleNotification())
        #expect(waitUntil { dispatcher.statistics.failedAttempts == 1 })
        clock.advance(seconds: 4.9)
        usleep(100_000)
        #expect(dispatcher.statistics.failedAttempts == 1)

        clock.advance(seconds: 0.1)
        #expect(waitUntil { dispatcher.statistics.failedAttempts == 2 })
        clock.advance(seconds: 9.9)
        usleep(100_000)
        #expect(dispatcher.statistics.delivered == 0)

        clock.advance(seconds: 0.1)
        #expect(waitUntil { dispatcher.statistics.delivered == 1 })
        let retries = logs.entries("notification delivery failed; will retry")
        #expect(retries.map { $0.metadata["retryIn"] } == ["5.0 seconds", "10.0 seconds"])
        #expect(retries.first?.metadata["reason"] == "exit status 75: mail server down")
        #expect(logs.entries("notification delivered after retry").first?.metadata["attempt"] == "3")
    }

    @Test func deliveryStopsAfterMaxAttempts() throws {
        let directory = try ConnectorTestDirectory()
        let command = try directory.writeProgram("notify", "#!/bin/sh\necho run >> \(directory.file("runs"))\nexit 1\n")
        let logs = NotifierLogCapture()
        let configuration = NotificationDispatcher.Configuration(command: command, maxAttempts: 3)
        let dispatcher = try NotificationDispatcher(configuration: configuration, log: logs.log)
        defer { dispatcher.stop() }

        dispatcher.enqueue(sampleNotification())

        #expect(dispatcher.drain(timeout: .seconds(10)))
        #expect(directory.read("runs") == "run\nrun\nrun\n")
        #expect(dispatcher.statistics == .init(delivered: 0, failedAttempts: 3, abandoned: 1, dropped: 0, pending: 0))
        #expect(logs.entries("notification dropped after failed attempts").first?.metadata["attempt"] == "3")
    }

    @Test func backoffDoublesUpToMaximum() {
        let configuration = NotificationDispatcher.Configuration(
            command: "/bin/true", initialBackoff: .seconds(5), maxBackoff: .seconds(30)
        )
        let queue = NotificationQueue(configuration: configuration, now: { Date() }, log: { _, _ in })
        #expect((1...6).map { queue.backoff(afterAttempt: $0) } == [.seconds(5), .seconds(10), .seconds(20), .seconds(30), .seconds(30), .seconds(30)])
    }

    @Test func fullQueueDropsAndLogs() throws {
        let directory = try ConnectorTestDirectory()
        let started = directory.file("started")
        let command = try directory.writeProgram(
            "notify", "#!/bin/sh\nif [ ! -e \(started) ]; then touch \(started); exec sleep 30; fi\ncat > /dev/null\n"
        )
        let logs = NotifierLogCapture()
        let configuration = NotificationDispatcher.Configuration(command: command, timeout: .seconds(1), maxAttempts: 1, capacity: 1)
        let dispatcher = try NotificationDispatcher(configuration: configuration, log: logs.log)
        defer { dispatcher.stop() }

        dispatcher.enqueue(sampleNotification())
        #expect(waitUntil { directory.read("started") != nil })
        dispatcher.enqueue(sampleNotification())
        dispatcher.enqueue(sampleNotification(requestID: "0123456789ab"))

        #expect(dispatcher.statistics.dropped == 1)
        #expect(dispatcher.statistics.pending == 2)
        let dropped = logs.entries("notification dropped")
        #expect(dropped.first?.metadata["reason"] == "queue full")
        #expect(dropped.first?.metadata["request"] == "0123456789ab")
        // The hanging run ends at its 1-second timeout, which kills the command's process group.
        #expect(waitUntil { dispatcher.statistics.pending == 0 })
        #expect(dispatcher.statistics.abandoned == 1)
        #expect(dispatcher.statistics.delivered == 1)
    }

    @Test func stoppedDispatcherDropsNotifications() throws {
        let directory = try ConnectorTestDirectory()
        let command = try directory.writeProgram("notify", "#!/bin/sh\ncat > /dev/null\n")
        let dispatcher = try NotificationDispatcher(configuration: .init(command: command), log: NotifierLogCapture().log)
        dispatcher.stop()

        dispatcher.enqueue(sampleNotification())

        #expect(dispatcher.statistics.dropped == 1)
    }

    @Test func untrustedCommandIsRejected() throws {
        let directory = try ConnectorTestDirectory()
        let command = try directory.write("notify", "#!/bin/sh\n", mode: 0o777)
        #expect(throws: ProgramPathError.writableByOthers(.notifier, path: command, mode: 0o777)) {
            try NotificationDispatcher(configuration: .init(command: command), log: { _, _ in })
        }
    }
}
