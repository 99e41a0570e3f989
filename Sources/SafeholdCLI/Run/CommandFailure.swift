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
    static func from(_ error: any Error) -> any ReportableError {
        switch error {
        case let error as any ReportableError:
            return error
        case let error as ClientError:
            if case let .service(wire) = error { return from(wire) }
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
