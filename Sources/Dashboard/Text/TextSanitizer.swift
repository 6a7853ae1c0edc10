/// Makes text from the network safe to print on a terminal.
///
/// Skill and group names come from the server: a name could carry escape sequences that clear the
/// screen, retitle the window, or re-order what follows it. ``sanitize(_:)`` replaces, each with one
/// visible ``placeholder``:
/// - a whole escape sequence: `ESC [ … final` (CSI), `ESC ] … BEL|ST` (OSC), `ESC P|X|^|_ … ST` (DCS,
///   SOS, PM, APC; unterminated ones run to the end of the text), other `ESC` sequences, and their 8-bit
///   C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS…);
/// - every other C0 control (tab and newline included), DEL, and C1 control;
/// - the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069.
///
/// ```swift
/// TextSanitizer.sanitize("\u{1b}[2J\u{1b}]0;pwned\u{7}Sales")  // "��Sales"
/// ```
public enum TextSanitizer {
    /// U+FFFD REPLACEMENT CHARACTER: one column wide, and visibly not part of a real name.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"

    public static func sanitize(_ text: String) -> String {
        // The common case, checked without allocating: nothing to replace.
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard needsReplacing(scalar) else {
                out.append(scalar)
                index += 1
                continue
            }
            index = endOfSequence(startingAt: index, in: scalars)
            out.append(placeholder)
        }
        return String(out)
    }

    /// Whether `scalar` is a control or a bidi override (the start of anything that gets replaced).
    public static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The index just past the sequence that starts with the control at `start`.
    private static func endOfSequence(startingAt start: Int, in scalars: [Unicode.Scalar]) -> Int {
        let first = scalars[start].value
        switch first {
        case 0x1B:
            guard start + 1 < scalars.count else { return start + 1 }
            let next = scalars[start + 1].value
            switch next {
            case 0x5B: return endOfCSI(from: start + 2, in: scalars)  // [
            case 0x5D, 0x50, 0x58, 0x5E, 0x5F: return endOfString(from: start + 2, in: scalars)  // ] P X ^ _
            case 0x20...0x2F:
                // nF sequences: intermediates, then one final byte.
                var index = start + 1
                while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
                if index < scalars.count, (0x30...0x7E).contains(scalars[index].value) { index += 1 }
                return index
            case 0x30...0x7E: return start + 2  // ESC c, ESC 7, ESC =…
            default: return start + 1
            }
        case 0x9B: return endOfCSI(from: start + 1, in: scalars)
        case 0x9D, 0x90, 0x98, 0x9E, 0x9F: return endOfString(from: start + 1, in: scalars)
        default: return start + 1
        }
    }

    /// CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, then one final byte 0x40–0x7E.
    private static func endOfCSI(from start: Int, in scalars: [Unicode.Scalar]) -> Int {
        var index = start
        while index < scalars.count, (0x30...0x3F).contains(scalars[index].value) { index += 1 }
        while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
        if index < scalars.count, (0x40...0x7E).contains(scalars[index].value) { index += 1 }
        return index
    }

    /// OSC and the other string sequences: up to and including BEL, ESC \ or ST (U+009C); the whole rest
    /// of the text when unterminated, as a terminal would swallow it too.
    private static func endOfString(from start: Int, in scalars: [Unicode.Scalar]) -> Int {
        var index = start
        while index < scalars.count {
            switch scalars[index].value {
            case 0x07, 0x9C: return index + 1
            case 0x1B:
                if index + 1 < scalars.count, scalars[index + 1] == "\\" { return index + 2 }
                return index + 1
            default: index += 1
            }
        }
        return index
    }
}
