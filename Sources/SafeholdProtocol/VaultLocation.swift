#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Locations of the vault directory and the service socket, shared by the command line and the
/// service.
///
/// The vault directory is the first of: the `--vault` option, `SAFEHOLD_VAULT`,
/// `$XDG_DATA_HOME/safehold`, `~/.local/share/safehold`. The socket is the first of: the `--socket`
/// option, `SAFEHOLD_SOCKET`, `<vault>/safehold.sock`. Empty values count as unset, and a relative
/// `XDG_DATA_HOME` is ignored, as the XDG Base Directory specification requires. Paths are used as
/// given: a relative `--vault` is relative to the working directory.
public struct VaultLocation: Sendable, Hashable {
    public static let socketFileName = "safehold.sock"

    public let directory: String
    public let socketPath: String

    public init(directory: String, socketPath: String) {
        self.directory = directory
        self.socketPath = socketPath
    }

    /// Resolves the locations from the options, the environment and the home directory.
    /// `home` defaults to the environment's `HOME`.
    public static func resolve(
        vault vaultOption: String? = nil,
        socket socketOption: String? = nil,
        environment: [String: String],
        home: String? = nil
    ) throws(VaultLocationError) -> VaultLocation {
        let directory = try resolveDirectory(vaultOption: vaultOption, environment: environment, home: home)

        let socketPath =
            nonEmpty(socketOption)
            ?? nonEmpty(environment["SAFEHOLD_SOCKET"])
            ?? joinPath(directory, socketFileName)

        return VaultLocation(directory: directory, socketPath: socketPath)
    }

    private static func resolveDirectory(
        vaultOption: String?, environment: [String: String], home: String?
    ) throws(VaultLocationError) -> String {
        if let vault = nonEmpty(vaultOption) ?? nonEmpty(environment["SAFEHOLD_VAULT"]) {
            return trimmingTrailingSlashes(vault)
        }

        if let dataHome = nonEmpty(environment["XDG_DATA_HOME"]), dataHome.hasPrefix("/") {
            return joinPath(dataHome, "safehold")
        }

        guard let home = nonEmpty(home) ?? nonEmpty(environment["HOME"]) else {
            throw .homeUnknown
        }
        return joinPath(home, ".local/share/safehold")
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else {
            return nil
        }
        return value
    }

    static func joinPath(_ directory: String, _ name: String) -> String {
        trimmingTrailingSlashes(directory) + "/" + name
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") {
            trimmed = trimmed.dropLast()
        }
        return String(trimmed)
    }
}

/// The vault directory cannot be determined.
public enum VaultLocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither an option, `SAFEHOLD_VAULT`, `XDG_DATA_HOME` nor `HOME` is set.
    case homeUnknown

    public var description: String {
        switch self {
        case .homeUnknown:
            "cannot find the vault directory because HOME is not set; pass --vault DIR or set SAFEHOLD_VAULT"
        }
    }
}
