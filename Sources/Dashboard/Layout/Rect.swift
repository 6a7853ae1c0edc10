/// A rectangle of screen cells. Every place on the board is one of these, cut by one function
/// (``BoardGeometry/panels(size:zoomed:focus:)``), so the layout, the panels and the reducer's paging
/// can never disagree about how tall a panel is.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
    public var maxX: Int { x + width }

    public func contains(column: Int, row: Int) -> Bool { column >= x && column < maxX && row >= y && row < maxY }
    public var maxY: Int { y + height }
}

/// The board's geometry: header rows, the panel grid, footer rows.
public enum BoardGeometry {
    public static let headerRows = 2
    public static let footerRows = 2

    /// Between the header and the footer.
    public static func panelArea(_ size: DashboardState.Size) -> Rect {
        Rect(x: 0, y: headerRows, width: size.columns, height: size.rows - headerRows - footerRows)
    }

    /// Where each panel goes: a 2×2 grid, or the focused panel alone when zoomed.
    public static func panels(size: DashboardState.Size, zoomed: Bool, focus: Panel) -> [(panel: Panel, rect: Rect)] {
        let area = panelArea(size)
        if zoomed { return [(focus, area)] }
        let left = area.width / 2
        let upper = area.height / 2
        return [
            (.availability, Rect(x: 0, y: area.y, width: left, height: upper)),
            (.load, Rect(x: left, y: area.y, width: area.width - left, height: upper)),
            (.waits, Rect(x: 0, y: area.y + upper, width: left, height: area.height - upper)),
            (.closures, Rect(x: left, y: area.y + upper, width: area.width - left, height: area.height - upper)),
        ]
    }

    /// Rows of a panel's body: inside its border, under its column titles.
    public static func bodyRows(_ rect: Rect) -> Int { max(1, rect.height - 3) }

    /// The body rows of `panel` on this screen (the focused panel's when it is not placed: zoomed away).
    public static func bodyRows(of panel: Panel, size: DashboardState.Size, zoomed: Bool, focus: Panel) -> Int {
        let placed = panels(size: size, zoomed: zoomed, focus: focus)
        let rect = placed.first { $0.panel == panel }?.rect ?? placed.first?.rect ?? panelArea(size)
        return bodyRows(rect)
    }
}
