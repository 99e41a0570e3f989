#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// Cost parameters of Argon2id (`crypto_pwhash` with `crypto_pwhash_ALG_ARGON2ID13`).
public struct Argon2Limits: Sendable, Hashable, Codable {
    /// Number of passes over the memory.
    public var opsLimit: UInt64
    /// Memory used, in bytes.
    public var memLimit: UInt64

    public init(opsLimit: UInt64, memLimit: UInt64) {
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// libsodium's moderate limits (3 passes, 256 MiB in libsodium 1.0.18): what the product
    /// uses to wrap the master key.
    public static let moderate = Argon2Limits(
        opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_moderate()),
        memLimit: UInt64(crypto_pwhash_argon2id_memlimit_moderate())
    )

    /// libsodium's interactive limits (2 passes, 64 MiB in libsodium 1.0.18).
    public static let interactive = Argon2Limits(
        opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_interactive()),
        memLimit: UInt64(crypto_pwhash_argon2id_memlimit_interactive())
    )

    /// The smallest limits libsodium accepts (1 pass, 8 KiB). They give no protection against
    /// guessing: only tests use them.
    public static let minimalForTests = Argon2Limits(
        opsLimit: UInt64(crypto_pwhash_argon2id_opslimit_min()),
        memLimit: UInt64(crypto_pwhash_argon2id_memlimit_min())
    )

    /// Whether libsodium accepts these limits for Argon2id on this platform.
    public var isWithinLibsodiumBounds: Bool {
        let opsRange = UInt64(crypto_pwhash_argon2id_opslimit_min())...UInt64(crypto_pwhash_argon2id_opslimit_max())
        let memRange = UInt64(crypto_pwhash_argon2id_memlimit_min())...UInt64(crypto_pwhash_argon2id_memlimit_max())
        return opsRange.contains(opsLimit) && memRange.contains(memLimit)
    }
}
