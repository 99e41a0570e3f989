#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Random keys made of characters from an alphabet, for example 40 base62 characters after a
/// prefix such as `sk_live_`.
public enum KeyGenerator {
    /// The 62 ASCII digits and letters.
    public static let base62Alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Returns `prefix` followed by `length` characters drawn uniformly from `alphabet`.
    ///
    /// Each character comes from one random byte. Bytes at or above the largest multiple of
    /// `alphabet.count` that fits in 256 are rejected and drawn again, so every character is
    /// equally likely (rejection sampling). The alphabet contains 1 to 256 bytes. A byte listed twice
    /// is drawn twice as often.
    public static func generate(length: Int, alphabet: [UInt8], prefix: [UInt8], random: any RandomSource) -> SecretBytes {
        precondition(length >= 0, "a key length must not be negative, got \(length)")
        precondition((1...256).contains(alphabet.count), "an alphabet holds 1 to 256 characters, got \(alphabet.count)")

        let key = SecretBytes(count: prefix.count + length)
        key.withUnsafeMutableBytes { output in
            for (index, byte) in prefix.enumerated() {
                output[index] = byte
            }
            let characters = UnsafeMutableRawBufferPointer(rebasing: output[prefix.count...])
            fillCharacters(characters, alphabet: alphabet, random: random)
        }
        return key
    }

    /// Fills `characters` with random characters of `alphabet`, in place.
    ///
    /// The raw random bytes are drawn into `characters` itself, so they never leave guarded
    /// memory. Accepted bytes are mapped to characters and packed to the front. The rejected
    /// remainder (about 3 % for base62) is drawn again until every position contains a character.
    private static func fillCharacters(_ characters: UnsafeMutableRawBufferPointer, alphabet: [UInt8], random: any RandomSource) {
        let acceptedLimit = 256 - 256 % alphabet.count
        var written = 0

        while written < characters.count {
            let pending = UnsafeMutableRawBufferPointer(rebasing: characters[written...])
            random.fill(pending)

            for index in pending.indices {
                let candidate = Int(pending[index])
                if candidate < acceptedLimit {
                    characters[written] = alphabet[candidate % alphabet.count]
                    written += 1
                }
            }
        }
    }
}
