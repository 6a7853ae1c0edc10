@testable import Dashboard
#if canImport(Glibc)
import Glibc
#endif
import Testing

@Suite struct DisplayWidthTests {
    /// The process never calls `setlocale` in tests, so the C library's `wcwidth` knows only ASCII here:
    /// the built-in table must give the answers.
    @Test func wideCharactersCountTwoUnderTheCLocale() {
        if let wcwidth = CLibrary.wcwidth {
            #expect(wcwidth(0x65E5) == -1, "the C locale's wcwidth does not know 日")
        }
        #expect(DisplayWidth.of("日本語サポート") == 14)
        #expect(DisplayWidth.of("Billing") == 7)
        #expect(DisplayWidth.of("ＡＢ") == 4)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Café") == 4)
        #expect(DisplayWidth.of("–…�") == 3)
    }

    @Test func fallbackTable() {
        #expect(DisplayWidth.fallback("日") == 2)
        #expect(DisplayWidth.fallback("\u{3000}") == 2)
        #expect(DisplayWidth.fallback("a") == 1)
        #expect(DisplayWidth.fallback("\u{301}") == 0)
        #expect(DisplayWidth.fallback("\u{200B}") == 0)
        #expect(DisplayWidth.fallback("\u{FF61}") == 1)  // halfwidth katakana punctuation
        #expect(DisplayWidth.isWide(0x20000) && !DisplayWidth.isWide(0x3FFFE))
    }

    @Test func truncateAndPadByColumns() {
        #expect(DisplayWidth.truncate("日本語サポート", to: 7) == "日本語…")
        #expect(DisplayWidth.truncate("日本語サポート", to: 8) == "日本語…")
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
        #expect(DisplayWidth.truncate("abcd", to: 3) == "ab…")
        #expect(DisplayWidth.pad("日本", to: 6, .left) == "日本  ")
        #expect(DisplayWidth.pad("日本", to: 6, .right) == "  日本")
    }
}
