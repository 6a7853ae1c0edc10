import KeyMetrics

/// `F1`: every key, from the key table itself.
enum HelpOverlay {
    static func draw(_ frame: inout Frame, _ state: DashboardState, in area: Rect) {
        let bindings = KeyMap.bindings
        let lines = bindings.map { ($0.label, $0.help) } + [("mouse", "click: focus a panel, select a row; a title sorts")]
        let box = Layout.overlayBox(&frame, title: "Keys", in: area, height: lines.count + 2, maxWidth: 76)
        for (index, line) in lines.prefix(box.height).enumerated() {
            let x = frame.put(DisplayWidth.pad(line.0, to: 12, .left), x: box.x, y: box.y + index, Style(.title, bold: true))
            frame.put(line.1, x: box.x + x, y: box.y + index, .normal, limit: box.width - x)
        }
    }
}

/// `b`: every breach of the view on screen, newest first, open ones marked.
enum BreachLogOverlay {
    static func draw(_ frame: inout Frame, _ state: DashboardState, in area: Rect) {
        let breaches = state.shown.breaches.breaches
        let box = Layout.overlayBox(&frame, title: "Breach log (\(breaches.count))", in: area, height: area.height)
        // The selection stays on screen: the list scrolls under it.
        let selection = state.breachSelection
        let first = max(0, min(selection - box.height + 1, breaches.count - box.height))
        if breaches.isEmpty {
            frame.put(state.thresholds.isEmpty ? "no thresholds set (see thresholds: in the config file)" : "no breaches so far",
                x: box.x, y: box.y, Style(.dim))
        }
        for (row, index) in (first..<min(breaches.count, first + box.height)).enumerated() {
            drawEntry(&frame, breaches[index], state, x: box.x, y: box.y + row, width: box.width, selected: index == selection)
        }
    }

    /// `10:02:11  CRIT  Tech Support wait 6m12s > 5m for 4m12s  (open)`
    /// `name`: the row's name as written (`""` in the row's own detail, where it goes without saying).
    static func drawEntry(_ frame: inout Frame, _ breach: Breach, _ state: DashboardState, x: Int, y: Int, width: Int, selected: Bool = false, name: String? = nil) {
        var column = x
        // A gutter for the selection mark, so the entries stay aligned.
        column += frame.put(selected ? (state.charset == .utf8 ? "▸ " : "> ") : "  ", x: column, y: y, Style(.title, bold: true))
        column += frame.put(ValueText.clock(breach.onset, offsetSeconds: state.utcOffsetSeconds) + "  ", x: column, y: y, Style(.dim))
        let level = breach.shownLevel
        column += frame.put(level == .crit ? "CRIT" : "WARN", x: column, y: y, Style(ValueText.role(level), bold: true, reverse: breach.isOpen))
        column += frame.put("  " + FooterView.describe(breach, state, name: name), x: column, y: y, Style(breach.isOpen ? .normal : .dim), limit: x + width - column)
        let acknowledged = state.acknowledged.contains(.init(view: state.shownDataKey, key: breach.key, metric: breach.metric))
        let status = !breach.isOpen ? "  (ended)" : acknowledged ? "  (acknowledged)" : "  (open)"
        frame.put(status, x: column, y: y, Style(.dim), limit: x + width - column)
    }
}
