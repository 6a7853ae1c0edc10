/// The board drawn from state: a pure function, so whole screens are golden-tested at any size.
///
/// ```
/// row 0      header: account, the shown view's grouping, window, users, sub-groups · its age, the poll state, budget
/// row 1      the ALL line
/// rows 2…    the panels two to a row: four at 80×24, five from 120×40 (or the focused one, zoomed),
///            overlays on top
/// row h-2    open breaches (or the filter being typed)
/// row h-1    key hints
/// ```
public func layout(_ state: DashboardState, size: DashboardState.Size) -> Frame {
    var frame = Frame(width: size.columns, height: size.rows)
    guard size.columns >= Layout.minimum.columns, size.rows >= Layout.minimum.rows else {
        Layout.tooSmall(&frame, size: size)
        return frame
    }
    HeaderView.draw(&frame, state)
    for (panel, rect) in state.placedPanels {
        PanelView.draw(&frame, state, panel, in: rect)
    }
    let area = BoardGeometry.panelArea(size)
    switch state.overlay {
    case .none: break
    case .help: HelpOverlay.draw(&frame, state, in: area)
    case .detail: DetailOverlay.draw(&frame, state, in: area)
    case .breachLog: BreachLogOverlay.draw(&frame, state, in: area)
    }
    FooterView.draw(&frame, state)
    return frame
}

public enum Layout {
    /// Below this the board says so instead of drawing (dashboard.md: "say so below 60×15").
    public static let minimum = DashboardState.Size(columns: 60, rows: 15)

    static func tooSmall(_ frame: inout Frame, size: DashboardState.Size) {
        let lines = [
            "kmmtop needs at least \(minimum.columns)×\(minimum.rows);",
            "this terminal is \(size.columns)×\(size.rows).",
            "Enlarge it, or press q to quit.",
        ]
        let top = max(0, (size.rows - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let columns = DisplayWidth.of(line)
            frame.put(line, x: max(0, (size.columns - columns) / 2), y: top + index, Style(.error, bold: index == 0))
        }
    }

    /// A centred box in `area`, `height` × `maxWidth` at most; returns its inner rectangle.
    static func overlayBox(_ frame: inout Frame, title: String, label: String = "Esc closes", in area: Rect, height: Int, maxWidth: Int = 100, margin: Int = 2) -> Rect {
        let rect = overlayRect(in: area, height: height, maxWidth: maxWidth, margin: margin)
        frame.clear(rect)
        frame.box(rect, title: title, label: label, Style(.focusBorder))
        return overlayInner(rect)
    }

    /// Where ``overlayBox(_:title:label:in:height:maxWidth:)`` puts its box, for a reducer that must
    /// know what fits in it (the detail's scrolling).
    static func overlayRect(in area: Rect, height: Int, maxWidth: Int = 100, margin: Int = 2) -> Rect {
        let width = min(area.width - 2 * margin, maxWidth)
        return Rect(x: (area.width - width) / 2, y: area.y, width: width, height: min(height, area.height))
    }

    /// Inside the border, a column of padding each side.
    static func overlayInner(_ rect: Rect) -> Rect { Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2) }
}
