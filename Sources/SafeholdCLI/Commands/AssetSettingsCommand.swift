#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol

/// `asset settings NAME`: hands an exec asset's connector settings (a JSON object that may hold
/// an administrator credential of the target) to the service, which stores them sealed. They are
/// read from standard input or a file, never from the command line.
enum AssetSettingsCommand {
    static func run(_ context: CommandContext) throws -> ExitCode {
        let name = context.command.argument("NAME") ?? ""
        let source: SecretSource = context.command.string("from-file").map { .file($0) } ?? .standardInput
        let settings = try SecretInput.read(from: source)
        _ = try context.call(.assetSettings, AssetSettingsParams(name: name, settings: WireSecret(settings)), as: EmptyPayload.self)
        try context.emit(["asset": name, "settings": "sealed"]) {
            "Stored the connector settings of \(name), sealed; its connector receives them as `settings`."
        }
        return .success
    }
}
