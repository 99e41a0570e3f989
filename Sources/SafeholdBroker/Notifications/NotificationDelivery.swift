#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem

/// One run of the notify command for one notification.
struct NotificationDelivery {
    /// Bytes of the command's standard error kept in a failure reason.
    static let errorExcerptLimit = 300

    let configuration: NotificationDispatcher.Configuration

    /// Runs the command and returns nil on success, or the reason for the failure: the exit
    /// status or signal and the start of the command's standard error. `spawned` receives the
    /// command's process group id.
    func run(_ notification: Notification, spawned: (pid_t) -> Void = { _ in }) -> String? {
        let executable: String
        do {
            executable = try TrustedProgram.validate(configuration.command, role: .notifier)
        } catch {
            return error.description
        }

        var environment = Subprocess.minimalEnvironment()
        environment.merge(configuration.environment) { _, added in added }
        let process = Subprocess(
            executable: executable, arguments: configuration.arguments, environment: environment,
            timeout: configuration.timeout, outputLimit: 16 * 1024
        )

        // A command may exit without reading its input; that must not kill the service.
        signal(SIGPIPE, SIG_IGN)
        let input = notification.encodedJSON()
        let attempt = input.withUnsafeBytes { bytes in
            Result { () throws(SubprocessError) in try process.run(input: bytes, spawned: spawned) }
        }
        switch attempt {
        case .failure(let error):
            return error.description
        case .success(let result):
            return Self.failureReason(result)
        }
    }

    private static func failureReason(_ result: Subprocess.Result) -> String? {
        if result.timedOut { return "timed out" }
        let status: String
        if let exitStatus = result.exitStatus {
            if exitStatus == 0 { return nil }
            status = "exit status \(exitStatus)"
        } else {
            status = "killed by signal \(result.terminatingSignal ?? 0)"
        }
        let excerpt = SecretRedactor(values: []).redact(Array(result.standardError.prefix(errorExcerptLimit)))
        return excerpt.isEmpty ? status : "\(status): \(excerpt)"
    }
}
