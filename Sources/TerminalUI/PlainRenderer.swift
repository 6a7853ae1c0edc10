import Dashboard

/// A Frame as plain text, for pipes, logs and tests: one line per row, trailing spaces trimmed, each
/// line ending in a newline, no escape codes, no styles.
public enum PlainRenderer {
    public static func render(_ frame: Frame, charset: DashboardState.Charset = .utf8) -> String {
        guard frame.height > 0 else { return "" }
        var output = ""
        for y in 0..<frame.height {
            var line = ""
            for x in 0..<frame.width {
                // `Frame.put` already sanitises; a cell set directly could still hold a control
                // character, and an ESC reaching a pipe's reader is exactly what must not happen.
                // A cell of nothing but controls becomes a space, so the columns after it stay put;
                // "" (the second half of a wide character) stays empty.
                let text = charset == .ascii ? ASCIIGlyphs.cell(frame[x, y].text) : frame[x, y].text
                let printable = text.unicodeScalars.filter(CellText.isPrintable)
                if printable.isEmpty, !frame[x, y].text.isEmpty {
                    line += " "
                } else {
                    line.unicodeScalars.append(contentsOf: printable)
                    // An ASCII stand-in for a wide character is one column: keep the next column's place.
                    if charset == .ascii, x + 1 < frame.width, frame[x + 1, y].text.isEmpty { line += " " }
                }
            }
            while line.last == " " { line.removeLast() }
            output += line
            output += "\n"
        }
        return output
    }
}
