#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test(arguments: [
    ("abc", 3), ("", 0), ("東京", 4), ("한국어", 6), ("ｶﾀｶﾅ", 4), ("ＡＢ", 4), ("🔑", 2), ("❤\u{FE0F}", 2),
    ("👩‍👩‍👧", 2), ("e\u{301}", 1), ("\u{200B}", 0), ("\u{7}", 0), ("Ünïcödé", 7), ("a·b", 3),
])
func textWidth(text: String, width: Int) {
    #expect(TextWidth.of(text) == width)
}

@Test func textWidthPadding() {
    #expect(TextWidth.padded("東京", to: 6) == "東京  ")
    #expect(TextWidth.padded("東京", to: 6, alignment: .right) == "  東京")
    #expect(TextWidth.padded("toolong", to: 3) == "toolong")
}
