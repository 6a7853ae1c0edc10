/// The board drawn from state: a pure function, so whole screens are golden-tested at any size.
///
/// ```
/// row 0      header: account, grouping, window, users, sub-groups · data age, next poll, budget
/// row 1      the ALL line
/// rows 2…    four panels in a 2×2 grid (or the focused one, zoomed), overlays on top
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
    let top = PanelGeometry.headerRows
    let height = size.rows - PanelGeometry.headerRows - PanelGeometry.footerRows
    if state.zoomed {
        PanelView.draw(&frame, state, state.focus, x: 0, y: top, width: size.columns, height: height)
    } else {
        let left = size.columns / 2
        let upper = height / 2
        PanelView.draw(&frame, state, .availability, x: 0, y: top, width: left, height: upper)
        PanelView.draw(&frame, state, .load, x: left, y: top, width: size.columns - left, height: upper)
        PanelView.draw(&frame, state, .waits, x: 0, y: top + upper, width: left, height: height - upper)
        PanelView.draw(&frame, state, .closures, x: left, y: top + upper, width: size.columns - left, height: height - upper)
    }
    switch state.overlay {
    case .none: break
    case .help: HelpOverlay.draw(&frame, state, y: top, height: height)
    case .detail: DetailOverlay.draw(&frame, state, y: top, height: height)
    case .breachLog: BreachLogOverlay.draw(&frame, state, y: top, height: height)
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

    /// A centred box over the panel area, `width` × `height` at most; returns its inner rectangle.
    static func overlayBox(_ frame: inout Frame, title: String, label: String = "Esc closes", y: Int, height: Int, maxWidth: Int = 100) -> (x: Int, y: Int, width: Int, height: Int) {
        let width = min(frame.width - 4, maxWidth)
        let x = (frame.width - width) / 2
        frame.clear(x: x, y: y, width: width, height: height)
        frame.box(x: x, y: y, width: width, height: height, title: title, label: label, Style(.focusBorder))
        return (x + 2, y + 1, width - 4, height - 2)
    }
}
