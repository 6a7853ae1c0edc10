import Dashboard
import Testing
@testable import TerminalUI

/// Every key of the key table in dashboard.md, from the codes ncurses 6 reports (the values of
/// ncurses.h, written out so the test does not trust the code under test for them).
@Suite struct KeyTranslatorTests {
    // ncurses.h key codes (octal there).
    static let keyDown: Int32 = 0o402, keyUp: Int32 = 0o403, keyLeft: Int32 = 0o404, keyRight: Int32 = 0o405
    static let keyHome: Int32 = 0o406, keyBackspace: Int32 = 0o407, keyF0: Int32 = 0o410
    static let keyNPage: Int32 = 0o522, keyPPage: Int32 = 0o523, keyEnter: Int32 = 0o527
    static let keyBTab: Int32 = 0o541, keyEnd: Int32 = 0o550, keyResize: Int32 = 0o632, keyDC: Int32 = 0o512

    private func code(_ code: Int32) -> Key? { KeyTranslator.translate(code: code, isKeyCode: true) }
    private func char(_ code: Int32) -> Key? { KeyTranslator.translate(code: code, isKeyCode: false) }
    private func char(_ text: Character) -> Key? { char(Int32(text.unicodeScalars.first!.value)) }

    @Test func arrowsPagesHomeEnd() {
        #expect(code(Self.keyUp) == .up)
        #expect(code(Self.keyDown) == .down)
        #expect(code(Self.keyLeft) == .left)
        #expect(code(Self.keyRight) == .right)
        #expect(code(Self.keyPPage) == .pageUp)
        #expect(code(Self.keyNPage) == .pageDown)
        #expect(code(Self.keyHome) == .home)
        #expect(code(Self.keyEnd) == .end)
    }

    @Test(arguments: 1...12) func functionKeys(number: Int) {
        #expect(code(Self.keyF0 + Int32(number)) == .function(number))
    }

    @Test func enterTabEscapeBackspace() {
        #expect(char(13) == .enter)
        #expect(char(10) == .enter)
        #expect(code(Self.keyEnter) == .enter)
        #expect(char(9) == .tab)
        #expect(code(Self.keyBTab) == .backTab)
        #expect(char(27) == .escape)
        #expect(code(Self.keyBackspace) == .backspace)
        #expect(char(127) == .backspace)
        #expect(char(8) == .backspace)
    }

    @Test func controlLetters() {
        #expect(char(1) == .ctrl("a"))
        #expect(char(12) == .ctrl("l"))
        #expect(char(18) == .ctrl("r"))
        #expect(char(26) == .ctrl("z"))
        for code in Int32(1)...26 where ![8, 9, 10, 13].contains(code) {
            #expect(char(code) == .ctrl(Character(Unicode.Scalar(UInt8(96 + code)))))
        }
    }

    @Test func printableCharacters() {
        for text: Character in ["q", "?", "h", "1", "2", "3", "4", "z", "<", ">", "r", "j", "k", "g", "s", "u", "w", "/", "b", "p", " ", "Q"] {
            #expect(char(text) == .char(text))
        }
        #expect(char("é") == .char("é"))
        #expect(char("日") == .char("日"))
        #expect(char("😀") == .char("😀"))
    }

    @Test func everyBindingInTheKeyMapIsReachable() {
        // The inverse direction: each key the board binds has a code that produces it.
        var produced: Set<Key> = []
        for value in Int32(0)...0x7F { if let key = char(value) { produced.insert(key) } }
        for value in Int32(0o400)...0o777 { if let key = code(value) { produced.insert(key) } }
        for binding in KeyMap.bindings {
            for key in binding.keys { #expect(produced.contains(key), "\(key) (\(binding.label)) has no code") }
        }
    }

    @Test func unknownCodesAreIgnored() {
        #expect(code(Self.keyResize) == nil)
        #expect(code(Self.keyDC) == nil)
        #expect(code(0o777) == nil)
        #expect(code(-1) == nil)
        #expect(char(0) == nil)
        #expect(char(28) == nil)
        #expect(char(31) == nil)
        #expect(char(0x85) == nil)  // C1 control
        #expect(char(0xD800) == nil)  // a surrogate is no scalar
        #expect(char(0x110000) == nil)
        #expect(char(-1) == nil)
        #expect(char(Int32.max) == nil)
        #expect(char(Int32.min) == nil)
    }

    @Test func escapeAloneIsEscape() {
        #expect(KeyTranslator.translate([.char(27)]) == [.escape])
        #expect(KeyTranslator.translate([.char(27), .char(27)]) == [.escape, .escape])
    }

    @Test func unknownEscapeSequencesAreDroppedWhole() {
        let ctrlUp = "\u{1B}[1;5A".unicodeScalars.map { KeyTranslator.RawKey.char(Int32($0.value)) }
        #expect(KeyTranslator.translate(ctrlUp + [.char(0x71)]) == [.char("q")])
        let ss3 = "\u{1B}OP".unicodeScalars.map { KeyTranslator.RawKey.char(Int32($0.value)) }
        #expect(KeyTranslator.translate(ss3 + [.char(0x6A)]) == [.char("j")])
        // Alt-1 is not "1".
        #expect(KeyTranslator.translate([.char(27), .char(0x31), .char(0x6B)]) == [.char("k")])
        // A key curses decoded right after an unfinished sequence is still a key.
        #expect(KeyTranslator.translate([.char(27), .char(0x5B), KeyTranslator.RawKey(code: Self.keyUp, isKeyCode: true)]) == [.up])
        // A truncated sequence ends the batch without a crash.
        #expect(KeyTranslator.translate([.char(27), .char(0x5B), .char(0x31)]) == [])
    }

    @Test func aBatchKeepsOrder() {
        let batch: [KeyTranslator.RawKey] = [
            .char(0x6A), KeyTranslator.RawKey(code: Self.keyUp, isKeyCode: true), .char(13), .char(12), .char(0x65E5),
        ]
        #expect(KeyTranslator.translate(batch) == [.char("j"), .up, .enter, .ctrl("l"), .char("日")])
    }
}
