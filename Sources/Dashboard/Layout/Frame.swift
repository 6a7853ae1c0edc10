/// The whole screen as styled cells, built from state every time (ratatui's way): the terminal layer
/// compares it with what is on screen and sends only what changed.
///
/// A wide character (2 columns) fills its cell and leaves the next one as a continuation (`text == ""`),
/// so every row is exactly `width` columns whatever the script.
public struct Frame: Sendable, Equatable {
    public struct Cell: Sendable, Hashable {
        /// One grapheme cluster; `""` for the second column of a wide character.
        public var text: String
        public var style: Style

        public init(_ text: String = " ", _ style: Style = .normal) {
            self.text = text
            self.style = style
        }
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// A cell. Setting one keeps wide characters whole: overwriting either half of a wide character
    /// blanks its other half, so no row can end up a column longer or shorter than `width`.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            let index = y * width + x
            let old = cells[index]
            if old.text.isEmpty, x > 0, !(newValue.text.isEmpty) {
                cells[index - 1] = Cell(" ", cells[index - 1].style)
            }
            if !old.text.isEmpty, x + 1 < width, cells[index + 1].text.isEmpty, !(newValue.text.isEmpty && old.text == newValue.text) {
                if DisplayWidth.of(newValue.text) < 2 { cells[index + 1] = Cell(" ", cells[index + 1].style) }
            }
            cells[index] = newValue
        }
    }

    /// Writes `text` from column `x` of row `y`, clipped at `x + limit` (or the edge); returns the
    /// columns used. Text is sanitised here as a last line of defence: a control character can never
    /// reach the terminal, whatever the caller forgot.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, _ style: Style = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in TextSanitizer.sanitize(text) {
            let grapheme = String(character)
            let columns = DisplayWidth.of(grapheme)
            if columns == 0 { continue }
            if column + columns > end { break }
            if column >= 0 {
                self[column, y] = Cell(grapheme, style)
                if columns == 2 { self[column + 1, y] = Cell("", style) }
            }
            column += columns
        }
        return column - x
    }

    /// Paints the style over a run of cells, keeping their text (selection bars, highlights).
    public mutating func restyle(x: Int, y: Int, count: Int, _ style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + count) { self[column, y].style = style }
    }

    /// Fills a rectangle with spaces in `style` (an overlay's background).
    public mutating func clear(x: Int, y: Int, width w: Int, height h: Int, _ style: Style = .normal) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) { self[column, row] = Cell(" ", style) }
        }
    }

    public mutating func clear(_ rect: Rect, _ style: Style = .normal) {
        clear(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style)
    }

    public mutating func box(_ rect: Rect, title: String = "", label: String = "", _ style: Style = Style(.border)) {
        box(x: rect.x, y: rect.y, width: rect.width, height: rect.height, title: title, label: label, style)
    }

    /// A box-drawing border with an optional title on the top edge (left) and a label (right).
    public mutating func box(x: Int, y: Int, width w: Int, height h: Int, title: String = "", label: String = "", _ style: Style = Style(.border)) {
        guard w >= 2, h >= 2 else { return }
        put("┌" + String(repeating: "─", count: w - 2) + "┐", x: x, y: y, style)
        for row in (y + 1)..<(y + h - 1) {
            put("│", x: x, y: row, style)
            put("│", x: x + w - 1, y: row, style)
        }
        put("└" + String(repeating: "─", count: w - 2) + "┘", x: x, y: y + h - 1, style)
        if !title.isEmpty { put(" \(title) ", x: x + 1, y: y, Style(style.role, bold: true), limit: w - 2) }
        if !label.isEmpty {
            let text = " \(label) "
            let columns = DisplayWidth.of(text)
            if columns < w - 4 - DisplayWidth.of(title) { put(text, x: x + w - 1 - columns, y: y, style) }
        }
    }

    /// Row `y` as plain text (wide characters once, trailing spaces kept): for golden tests and the
    /// plain renderer used when stdout is not a terminal.
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<width { text += self[x, y].text }
        return text
    }

    /// Every row, trailing spaces trimmed, joined with newlines.
    public var text: String {
        (0..<height).map { y in
            var line = line(y)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
