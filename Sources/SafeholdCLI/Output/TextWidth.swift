#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Display width of text on a terminal, in columns: 2 for East Asian wide and fullwidth characters
/// and emoji, 0 for combining marks and control or format characters, 1 otherwise. Written by hand
/// because the standard library has no East Asian Width property.
///
/// NOTE: `wideRanges` covers the CJK, Hangul, Kana and fullwidth blocks, not every character
/// that Unicode's East Asian Width property marks Wide. A rare wide symbol counts as 1 column.
public enum TextWidth {
    /// Returns the number of terminal columns `text` takes.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// Returns the number of terminal columns one user-perceived character takes.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else {
            return 0
        }
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) {
            return 2
        }
        // U+FE0F selects the emoji form of the character before it, such as ❤️.
        if scalars.contains("\u{FE0F}"), first.properties.isEmoji {
            return 2
        }
        switch first.properties.generalCategory {
        case .control, .format, .nonspacingMark, .enclosingMark:
            return 0
        default:
            return isWide(first) ? 2 : 1
        }
    }

    /// Returns `text` padded with spaces to `width` columns, on the right for left alignment and
    /// on the left for right alignment. Text already as wide or wider is returned unchanged.
    public static func padded(_ text: String, to width: Int, alignment: TableColumn.Alignment = .left) -> String {
        let padding = String(repeating: " ", count: max(0, width - of(text)))
        return alignment == .left ? text + padding : padding + text
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, // Hangul Jamo initial consonants
        0x2E80...0x303E, // CJK radicals, Kangxi radicals, CJK symbols and punctuation
        0x3041...0x33FF, // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        0x3400...0x4DBF, // CJK unified ideographs extension A
        0x4E00...0x9FFF, // CJK unified ideographs
        0xA000...0xA4CF, // Yi
        0xA960...0xA97F, // Hangul Jamo extended A
        0xAC00...0xD7A3, // Hangul syllables
        0xF900...0xFAFF, // CJK compatibility ideographs
        0xFE10...0xFE19, // vertical forms
        0xFE30...0xFE6F, // CJK compatibility forms, small form variants
        0xFF00...0xFF60, // fullwidth forms
        0xFFE0...0xFFE6, // fullwidth signs
        0x16FE0...0x16FE4, // ideographic symbols
        0x17000...0x18AFF, // Tangut
        0x1B000...0x1B2FF, // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF, // enclosed ideographic supplement
        0x20000...0x2FFFD, // CJK unified ideographs extensions B to F
        0x30000...0x3FFFD, // CJK unified ideographs extension G and later
    ]

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        wideRanges.contains { $0.contains(scalar.value) }
    }
}
