import CNcursesw
import Dashboard

/// Curses input codes to the board's `Key`s, as pure functions so every key is tested without a terminal.
///
/// `get_wch` returns either a character (`OK`) or a key code (`KEY_CODE_YES`); `isKeyCode` says which,
/// because the two ranges overlap (character 0o403 is not `KEY_UP`).
public enum KeyTranslator {
    /// One code as `get_wch` reported it.
    public struct RawKey: Sendable, Hashable {
        public var code: Int32
        public var isKeyCode: Bool

        public init(code: Int32, isKeyCode: Bool) {
            self.code = code
            self.isKeyCode = isKeyCode
        }

        /// A plain character code (not a key code).
        public static func char(_ code: Int32) -> RawKey { RawKey(code: code, isKeyCode: false) }
    }

    static let escape: Int32 = 27

    /// The key for one code, or nil for codes the board does not use (never a crash).
    public static func translate(code: Int32, isKeyCode: Bool) -> Key? {
        isKeyCode ? keyCode(code) : character(code)
    }

    /// Keys for a batch of codes read together. An Esc followed at once by more input is not the Esc
    /// key: it starts an escape sequence curses did not recognise (Ctrl-arrow, a key missing from
    /// terminfo) or an Alt-chord. Those are dropped whole, so `ESC [ 1 ; 5 A` never turns into
    /// "focus panel 1"; only an Esc with nothing after it (or followed by another Esc, the key pressed
    /// twice) is `.escape`.
    public static func translate(_ codes: [RawKey]) -> [Key] {
        var keys: [Key] = []
        var index = 0
        while index < codes.count {
            let raw = codes[index]
            index += 1
            if !raw.isKeyCode, raw.code == escape, index < codes.count, codes[index] != .char(escape) {
                index = skipEscapeSequence(codes, from: index)
                continue
            }
            if let key = translate(code: raw.code, isKeyCode: raw.isKeyCode) { keys.append(key) }
        }
        return keys
    }

    /// The index after the escape sequence whose first byte after ESC is at `start`: a CSI
    /// (`[` parameters… final byte) or SS3 (`O` and one byte) sequence, or an Alt-chord (one character).
    static func skipEscapeSequence(_ codes: [RawKey], from start: Int) -> Int {
        let introducer = codes[start]
        var index = start + 1
        if introducer.isKeyCode { return index }
        switch introducer.code {
        case 0x5B:  // "[": CSI; parameters and intermediates 0x20...0x3F, then a final byte 0x40...0x7E.
            while index < codes.count {
                let raw = codes[index]
                if raw.isKeyCode { break }  // a real key curses decoded: not part of the sequence
                index += 1
                if !(0x20...0x3F).contains(raw.code) { break }  // the final byte
            }
        case 0x4F:  // "O": SS3, one more byte.
            if index < codes.count { index += 1 }
        default:
            break
        }
        return index
    }

    /// Special keys curses decoded (keypad mode).
    static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        default:
            for number in 1...12 where code == kmm_key_f(Int32(number)) { return .function(number) }
            return nil
        }
    }

    /// Characters: controls by name, Ctrl-letters, printable Unicode.
    static func character(_ code: Int32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace  // Ctrl-H and DEL: terminals send either for Backspace.
        case escape: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + code))))
        default:
            guard code >= 0x20, !(0x7F..<0xA0).contains(code),
                  let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .char(Character(scalar))
        }
    }
}
