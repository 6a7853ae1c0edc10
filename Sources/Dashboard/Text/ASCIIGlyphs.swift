/// The board's own glyphs as ASCII, for terminals without a UTF-8 locale (`LANG=C`): borders, arrows,
/// ellipses, separators, breach marks and sparkline blocks each get a stand-in that keeps its meaning
/// (▲/▼ must still tell up from down) and its width (one column). Names are escaped before they get
/// here (``DisplayName``); anything else outside ASCII becomes `?`.
public enum ASCIIGlyphs {
    static let table: [Unicode.Scalar: String] = [
        "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "▲": "^", "▼": "v", "↑": "^", "↓": "v", "←": "<", "→": ">",
        "…": "~", "·": "|", "▸": ">", "▾": "v", "–": "-", "×": "x", "‼": "#",
        "▁": "_", "▂": ".", "▃": ":", "▄": "-", "▅": "=", "▆": "+", "▇": "*", "█": "#",
        "\u{FFFD}": "?",
    ]

    /// One cell's text on an ASCII terminal.
    public static func cell(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += table[scalar] ?? "?" }
        }
        // A cell is one column: a combining sequence of stand-ins keeps only its first.
        return String(out.prefix(1))
    }

    /// Whether a cell is a line-drawing character (a terminal may draw those with its own line set).
    public static func isLineDrawing(_ text: String) -> Bool {
        ["─", "│", "┌", "┐", "└", "┘"].contains(text)
    }
}
