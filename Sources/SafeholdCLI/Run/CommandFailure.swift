#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdClient
import SafeholdCrypto
import SafeholdProtocol
import SafeholdStore
import SafeholdSystem

/// A failure of a command, in the words the error renderer prints, with its exit code.
struct CommandFailure: ReportableError {
    var message: String
    var hint: String?
    var exitCode: ExitCode

    init(_ message: String, hint: String? = nil, exitCode: ExitCode = .failure) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    /// Translates an error from any layer. Errors whose text could hold a value the user did not
    /// type themselves never carry one: every layer below keeps secrets out of its messages.
    /// `location` is where the command looked for the vault and the service, for the hint that
    /// says how to start a service that is not running.
    static func from(_ error: any Error, location: VaultLocation? = nil) -> any ReportableError {
        switch error {
        case let error as any ReportableError:
            return error
        case let error as ClientError:
            if case let .service(wire) = error { return from(wire) }
            if case let .serviceNotRunning(socketPath) = error { return serviceNotRunning(socketPath: socketPath, location: location) }
            return CommandFailure(error.description, exitCode: ExitCode(rawValue: error.exitCode) ?? .failure)
        case let error as WireError:
            return from(error)
        case let error as TokenFileError:
            return CommandFailure(error.description, exitCode: ExitCode(rawValue: error.exitCode) ?? .failure)
        case let error as VaultError:
            return CommandFailure(error.description, hint: error.hint, exitCode: exitCode(for: error))
        case let error as BrokerError:
            return CommandFailure(error.description, hint: error.hint)
        case let error as VaultLocationError:
            return CommandFailure(error.description, exitCode: .usage)
        case let error as StoreError:
            return CommandFailure(error.description)
        case let error as PrivateFile.Failure:
            return CommandFailure("failed to read \(error.path): \(error.reason)", exitCode: .notFound)
        default:
            return CommandFailure("\(error)")
        }
    }

    private static func serviceNotRunning(socketPath: String, location: VaultLocation?) -> CommandFailure {
        let vault = location.map { " --vault \($0.directory)" } ?? ""
        return CommandFailure(
            "the safehold service is not running on \(socketPath)",
            hint: "start it with `safehold serve\(vault)` (add --key-file FILE when a key file unlocks the vault), "
                + "or point --socket or SAFEHOLD_SOCKET at the socket it listens on",
            exitCode: .unavailable
        )
    }

    private static func from(_ error: WireError) -> CommandFailure {
        CommandFailure(error.message, hint: error.hint, exitCode: ExitCode(rawValue: error.code.exitCode) ?? .failure)
    }

    private static func exitCode(for error: VaultError) -> ExitCode {
        switch error {
        case .directoryNotFound, .notAVault: .notFound
        case .wrongPassphrase, .wrongKeyFile, .insecurePermissions: .permissionDenied
        case .keyFileProblem, .protectionMismatch: .usage
        default: .failure
        }
    }
}
