import Dashboard
import Testing

@Suite struct TextSanitizerTests {
    @Test func replacesWholeEscapeSequencesWithOnePlaceholder() {
        #expect(TextSanitizer.sanitize("\u{1b}[2J\u{1b}]0;pwned\u{7}") == "��")
        #expect(TextSanitizer.sanitize("a\u{1b}[1;31mred\u{1b}[0mb") == "a�red�b")
        #expect(TextSanitizer.sanitize("\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\") == "�link�")
        #expect(TextSanitizer.sanitize("x\u{9b}2Jy") == "x�y")
        #expect(TextSanitizer.sanitize("x\u{1b}cy") == "x�y")
        #expect(TextSanitizer.sanitize("x\u{1b}(By") == "x�y")
        #expect(TextSanitizer.sanitize("unterminated \u{1b}]0;title") == "unterminated �")
        #expect(TextSanitizer.sanitize("trailing\u{1b}") == "trailing�")
    }

    @Test func replacesControlsAndBidiOverrides() {
        #expect(TextSanitizer.sanitize("tab\there\nnew\r\u{0}\u{7f}\u{85}") == "tab�here�new����")
        #expect(TextSanitizer.sanitize("\u{202E}evil\u{202C} \u{2066}x\u{2069}") == "�evil� �x�")
    }

    @Test func leavesOrdinaryTextAlone() {
        for text in ["Billing", "日本語サポート", "Café — Support", "Ünïcödé 😀", ""] {
            #expect(TextSanitizer.sanitize(text) == text)
        }
    }
}
