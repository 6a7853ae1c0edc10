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

/// `Enter`: every metric of the selected row, its change, its recent history, and its breaches.
enum DetailOverlay {
    static func draw(_ frame: inout Frame, _ state: DashboardState, in area: Rect) {
        let data = state.shown
        guard let key = state.selectedKey, let group = data.snapshot?.groups.first(where: { $0.key == key }) else {
            let box = Layout.overlayBox(&frame, title: "Detail", in: area, height: 3)
            frame.put("the selected row is gone", x: box.x, y: box.y, Style(.dim))
            return
        }
        let title = "\(DisplayName.of(group.keyDescription, charset: state.charset)) (\(DisplayName.of(group.key, charset: state.charset)))"
        let box = Layout.overlayBox(&frame, title: title, in: area, height: area.height)
        let sparkWidth = max(0, box.width - 34)
        var row = box.y
        for panel in Panel.allCases where row < box.maxY {
            frame.put(panel.title, x: box.x, y: row, Style(.columnHeader, bold: true))
            row += 1
            for metric in panel.metrics where row < box.maxY {
                let threshold = state.thresholds.threshold(for: metric, key: key)
                let level = CellMark.severity(group.metrics[metric], threshold: threshold)
                var x = box.x + frame.put("  " + DisplayWidth.pad(MetricLabels.label(metric), to: 8, .left), x: box.x, y: row, Style(.dim))
                let value = PanelView.cellText(group.metrics[metric], metric: metric, level: level, threshold: threshold)
                x += frame.put(DisplayWidth.pad(value, to: 8, .right), x: x, y: row, Style(ValueText.role(level), bold: level != .ok))
                x += frame.put(ValueText.glyph(level), x: x, y: row, Style(ValueText.role(level), bold: true))
                let delta = ValueText.delta(data.diff.delta(key: key, metric: metric), unit: metric.unit) ?? ""
                x += frame.put(DisplayWidth.pad(delta, to: 9, .right), x: x, y: row, Style(delta.hasPrefix("▲") ? .up : .down))
                let history = data.history.values(key: key, metric: metric)
                frame.put("  " + Sparkline.render(history, width: sparkWidth), x: x, y: row, Style(.title))
                row += 1
            }
        }
        let breaches = data.breaches.breaches.filter { $0.key == key }
        if row < box.maxY {
            frame.put(breaches.isEmpty ? "no breaches" : "Breaches", x: box.x, y: row, Style(breaches.isEmpty ? .dim : .columnHeader, bold: true))
            row += 1
        }
        for breach in breaches where row < box.maxY {
            BreachLogOverlay.drawEntry(&frame, breach, state, x: box.x, y: row, width: box.width)
            row += 1
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
    static func drawEntry(_ frame: inout Frame, _ breach: Breach, _ state: DashboardState, x: Int, y: Int, width: Int, selected: Bool = false) {
        var column = x
        // A gutter for the selection mark, so the entries stay aligned.
        column += frame.put(selected ? (state.charset == .utf8 ? "▸ " : "> ") : "  ", x: column, y: y, Style(.title, bold: true))
        column += frame.put(ValueText.clock(breach.onset, offsetSeconds: state.utcOffsetSeconds) + "  ", x: column, y: y, Style(.dim))
        let level = breach.shownLevel
        column += frame.put(level == .crit ? "CRIT" : "WARN", x: column, y: y, Style(ValueText.role(level), bold: true, reverse: breach.isOpen))
        column += frame.put("  " + FooterView.describe(breach, state), x: column, y: y, Style(breach.isOpen ? .normal : .dim), limit: x + width - column)
        let acknowledged = state.acknowledged.contains(.init(view: state.shownDataKey, key: breach.key, metric: breach.metric))
        let status = !breach.isOpen ? "  (ended)" : acknowledged ? "  (acknowledged)" : "  (open)"
        frame.put(status, x: column, y: y, Style(.dim), limit: x + width - column)
    }
}
