import CNcursesw
import Dashboard

/// Puts one Frame cell into curses' virtual screen through the wide-character API, so UTF-8 and
/// Japanese draw as whole characters (the narrow `addch` API would split them into bytes).
@MainActor
struct CellWriter {
    let theme: Theme
    let charset: DashboardState.Charset
    /// Curses attributes per style, computed once: a frame has thousands of cells and a dozen styles.
    private var cache: [Style: (attributes: attr_t, pair: Int16)] = [:]

    init(theme: Theme, charset: DashboardState.Charset) {
        self.theme = theme
        self.charset = charset
    }

    /// Writes `text` at (`x`, `y`). `wide` says whether the Frame gave it two columns (the next cell is
    /// the continuation) and `room` how many columns are left on the screen row.
    ///
    /// Curses and the Frame measure with the same `wcwidth` once the locale is set, but a character
    /// they disagree on must not shift the rest of the row: a wide character with no room for its
    /// second column, or one the Frame measured narrow, is drawn as a space; a character the Frame
    /// measured wide and curses narrow gets a space after it, so the continuation column is not stale.
    mutating func put(_ text: String, style: Style, x: Int, y: Int, wide: Bool, room: Int) {
        if charset == .ascii {
            putASCII(text, style: style, x: x, y: y, wide: wide, room: room)
            return
        }
        var scalars = Array(text.unicodeScalars.filter(CellText.isPrintable))
        var columns = scalars.first.map { Int(kmm_wcwidth(wchar_t(bitPattern: $0.value))) } ?? 1
        if columns < 1 || (columns == 2 && !(wide && room >= 2)) {
            scalars = [" "]
            columns = 1
        }
        let look = lookup(style)
        put(scalars, look: look, x: x, y: y)
        if wide, columns == 1, room >= 2 { put([" "], look: look, x: x + 1, y: y) }
    }

    /// Without UTF-8: lines from the terminal's own line-drawing set, the other glyphs as ASCII stand-ins.
    private mutating func putASCII(_ text: String, style: Style, x: Int, y: Int, wide: Bool, room: Int) {
        let look = lookup(style)
        if ASCIIGlyphs.isLineDrawing(text) {
            let line: chtype =
                switch text {
                case "─": kmm_acs_hline()
                case "│": kmm_acs_vline()
                case "┌": kmm_acs_ulcorner()
                case "┐": kmm_acs_urcorner()
                case "└": kmm_acs_llcorner()
                default: kmm_acs_lrcorner()
                }
            _ = mvaddch(Int32(y), Int32(x), line | chtype(look.attributes) | kmm_color_pair(Int32(look.pair)))
            return
        }
        let ascii = ASCIIGlyphs.cell(text)
        put(Array(ascii.unicodeScalars.filter(CellText.isPrintable).prefix(1)), look: look, x: x, y: y)
        if wide, room >= 2 { put([" "], look: look, x: x + 1, y: y) }
    }

    /// A base character with the zero-width characters that follow it (combining marks, variation
    /// selectors), at most `CCHARW_MAX` of them, as `setcchar` wants: a NUL-terminated wchar_t string.
    private func put(_ scalars: [Unicode.Scalar], look: (attributes: attr_t, pair: Int16), x: Int, y: Int) {
        var wide: [wchar_t] = []
        for (index, scalar) in scalars.enumerated() {
            let character = wchar_t(bitPattern: scalar.value)
            if index > 0, kmm_wcwidth(character) != 0 { break }
            wide.append(character)
            if wide.count == Int(CCHARW_MAX) { break }
        }
        if wide.isEmpty { wide = [wchar_t(0x20)] }
        wide.append(0)
        var cell = cchar_t()
        guard setcchar(&cell, wide, look.attributes, look.pair, nil) == OK else { return }
        // ERR at the bottom-right corner only means the cursor could not advance; the cell is written.
        _ = mvadd_wch(Int32(y), Int32(x), &cell)
    }

    private mutating func lookup(_ style: Style) -> (attributes: attr_t, pair: Int16) {
        if let cached = cache[style] { return cached }
        let attributes = theme.attributes(for: style)
        var bits = kmm_a_normal()
        if attributes.bold { bits |= kmm_a_bold() }
        if attributes.reverse { bits |= kmm_a_reverse() }
        if attributes.underline { bits |= kmm_a_underline() }
        if attributes.dim { bits |= kmm_a_dim() }
        let look = (attributes: bits, pair: attributes.pair)
        cache[style] = look
        return look
    }
}
