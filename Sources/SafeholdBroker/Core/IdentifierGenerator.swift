#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel

/// Draws new identifiers from the injected random source, so that tests get repeatable ids.
enum IdentifierGenerator {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func make<Entity>(_ type: Entity.Type = Entity.self, random: any RandomSource) -> Identifier<Entity> {
        let bytes = random.bytes(count: Identifier<Entity>.length / 2)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return Identifier(String(decoding: text, as: UTF8.self))
    }
}
