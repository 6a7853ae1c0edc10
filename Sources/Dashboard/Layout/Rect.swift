/// A rectangle of screen cells. Every place on the board is one of these, cut by one function
/// (``BoardGeometry/panels(size:order:zoomed:focus:)``), so the layout, the panels and the reducer's paging
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
    /// From this size up the grid holds five panels (three rows); below it four (two rows), so a
    /// panel at 80×24 keeps rows enough to read.
    public static let fivePanelSize = DashboardState.Size(columns: 120, rows: 40)

    /// Between the header and the footer.
    public static func panelArea(_ size: DashboardState.Size) -> Rect {
        Rect(x: 0, y: headerRows, width: size.columns, height: size.rows - headerRows - footerRows)
    }

    /// How many panels the grid holds at `size`.
    public static func capacity(_ size: DashboardState.Size) -> Int {
        size.columns >= fivePanelSize.columns && size.rows >= fivePanelSize.rows ? 5 : 4
    }

    /// The panels on screen, in `order`: as many as the grid holds, and always the focused one (it
    /// takes the last place when the order puts it past the grid), as htop keeps the selected meter.
    public static func shown(_ order: [Panel], size: DashboardState.Size, focus: Panel) -> [Panel] {
        var shown = Array(order.prefix(capacity(size)))
        if !shown.contains(focus), order.contains(focus), !shown.isEmpty { shown[shown.count - 1] = focus }
        return shown
    }

    /// Where each panel goes: two to a row, in `order` (the last one alone on its row spans it), rows
    /// sharing the height; or the focused panel alone when zoomed.
    public static func panels(size: DashboardState.Size, order: [Panel], zoomed: Bool, focus: Panel) -> [(panel: Panel, rect: Rect)] {
        let area = panelArea(size)
        if zoomed { return [(focus, area)] }
        let shown = shown(order, size: size, focus: focus)
        let rowCount = (shown.count + 1) / 2
        guard rowCount > 0 else { return [] }
        let left = area.width / 2
        var placed: [(panel: Panel, rect: Rect)] = []
        for (index, panel) in shown.enumerated() {
            let row = index / 2
            let top = area.y + area.height * row / rowCount
            let bottom = area.y + area.height * (row + 1) / rowCount
            let alone = index % 2 == 0 && index == shown.count - 1
            let x = index % 2 == 0 ? 0 : left
            let width = alone ? area.width : index % 2 == 0 ? left : area.width - left
            placed.append((panel, Rect(x: x, y: top, width: width, height: bottom - top)))
        }
        return placed
    }

    /// Rows of a panel's body: inside its border, under its column titles.
    public static func bodyRows(_ rect: Rect) -> Int { max(1, rect.height - 3) }

    /// The body rows of `panel` on this screen (the focused panel's when it is not placed: zoomed away).
    public static func bodyRows(of panel: Panel, size: DashboardState.Size, order: [Panel], zoomed: Bool, focus: Panel) -> Int {
        let placed = panels(size: size, order: order, zoomed: zoomed, focus: focus)
        let rect = placed.first { $0.panel == panel }?.rect ?? placed.first?.rect ?? panelArea(size)
        return bodyRows(rect)
    }
}
