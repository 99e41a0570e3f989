#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Looks for plaintext markers in files, as raw bytes and in the encodings a careless program
/// would write them in. Those are base64 and base64url (padded, unpadded, and at any 3-byte
/// alignment inside a longer encoded text) and hex in lower and upper case.
struct SealedStorageScanner {
    /// One encoded form of one marker.
    struct Needle {
        var marker: String
        var encoding: String
        var bytes: [UInt8]
    }

    /// Needles shorter than this are not searched for: they would match by chance.
    static let minimumNeedleLength = 12

    private var needles: [Needle] = []
    /// Needle indexes by their first eight bytes, so one pass over a file tests every needle.
    private var byPrefix: [UInt64: [Int]] = [:]

    /// Prepares needles for every marker, named by the keys of `markers`.
    init(markers: [String: [UInt8]]) {
        for (name, marker) in markers.sorted(by: { $0.key < $1.key }) {
            for (encoding, bytes) in Self.encodings(of: marker) where bytes.count >= Self.minimumNeedleLength {
                byPrefix[Self.prefix(bytes, at: 0), default: []].append(needles.count)
                needles.append(Needle(marker: name, encoding: encoding, bytes: bytes))
            }
        }
    }

    /// Returns "path: marker as encoding" for every needle found in any of `paths`. Missing files
    /// are skipped.
    func findings(in paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            found += findings(in: [UInt8](data), source: path)
        }
        return found
    }

    /// Returns "source: marker as encoding" for every needle found in `bytes`.
    func findings(in bytes: [UInt8], source: String) -> [String] {
        guard bytes.count >= 8 else { return [] }
        var found: Set<String> = []
        for offset in 0...(bytes.count - 8) {
            guard let candidates = byPrefix[Self.prefix(bytes, at: offset)] else { continue }
            for index in candidates where Self.matches(needles[index].bytes, in: bytes, at: offset) {
                found.insert("\(source): \(needles[index].marker) as \(needles[index].encoding)")
            }
        }
        return found.sorted()
    }

    /// Returns the forms of `marker` to look for, by name.
    static func encodings(of marker: [UInt8]) -> [(String, [UInt8])] {
        var forms: [(String, [UInt8])] = [("raw bytes", marker)]
        forms.append(("lower-case hex", Array(marker.map { String(format2: $0, uppercase: false) }.joined().utf8)))
        forms.append(("upper-case hex", Array(marker.map { String(format2: $0, uppercase: true) }.joined().utf8)))
        for urlSafe in [false, true] {
            let name = urlSafe ? "base64url" : "base64"
            let padded = base64(marker, urlSafe: urlSafe)
            forms.append((name, Array(padded.utf8)))
            forms.append(("\(name) without padding", Array(padded.utf8.filter { $0 != UInt8(ascii: "=") })))
            // Inside a longer encoded text the marker starts at any offset modulo 3. Encode it
            // behind 0 to 2 filler bytes and keep only the characters that depend on the marker
            // alone: drop the first group when filler shares it, and the last group when it is partial.
            for shift in 0..<3 {
                let text = Array(base64(Array(repeating: 0, count: shift) + marker, urlSafe: urlSafe).utf8)
                let dropFirst = shift == 0 ? 0 : 4
                let dropLast = (shift + marker.count) % 3 == 0 ? 0 : 4
                guard text.count > dropFirst + dropLast else { continue }
                forms.append(("\(name) at offset \(shift)", Array(text[dropFirst..<(text.count - dropLast)])))
            }
        }
        return forms
    }

    private static func base64(_ bytes: [UInt8], urlSafe: Bool) -> String {
        let text = Data(bytes).base64EncodedString()
        guard urlSafe else { return text }
        return text.replacing("+", with: "-").replacing("/", with: "_")
    }

    private static func prefix(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    }

    private static func matches(_ needle: [UInt8], in bytes: [UInt8], at offset: Int) -> Bool {
        guard offset + needle.count <= bytes.count else { return false }
        return bytes[offset..<(offset + needle.count)].elementsEqual(needle)
    }
}

private extension String {
    /// Two hex digits of `byte`.
    init(format2 byte: UInt8, uppercase: Bool) {
        let digits = String(byte, radix: 16, uppercase: uppercase)
        self = byte < 16 ? "0" + digits : digits
    }
}
