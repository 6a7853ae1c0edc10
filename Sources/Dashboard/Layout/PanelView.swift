import KeyMetrics

/// One panel: a titled box, a column-title line, and one line per group in the panel's own sort order.
///
/// Each metric cell is its value right-aligned and a one-column breach glyph; the sort column's change
/// since the last poll closes the row. New rows are marked `+`, vanished ones `-` (dimmed), for one poll.
/// Columns that do not fit are dropped from the right, so the board works, reduced, at 80×24.
enum PanelView {
    static let valueWidth = 6
    static let deltaWidth = 7
    static let minimumNameWidth = 8

    static func draw(_ frame: inout Frame, _ state: DashboardState, _ panel: Panel, x: Int, y: Int, width: Int, height: Int) {
        let focused = panel == state.focus
        let sort = state.sort(of: panel)
        frame.box(
            x: x, y: y, width: width, height: height, title: "\(panel.rawValue + 1) \(panel.title)", label: sortLabel(sort),
            Style(focused ? .focusBorder : .border, bold: focused))
        let inner = width - 2
        let (metrics, showDelta) = columns(panel, innerWidth: inner)
        let nameWidth = inner - metrics.count * (valueWidth + 2) - (showDelta ? deltaWidth : 0)
        let left = x + 1

        // Column titles.
        let headerY = y + 1
        frame.put(" " + state.view.grouping.columnTitle, x: left, y: headerY, Style(.columnHeader, bold: true), limit: nameWidth)
        for (index, metric) in metrics.enumerated() {
            let label = DisplayWidth.pad(MetricLabels.label(metric), to: valueWidth, .right)
            let cellX = left + nameWidth + index * (valueWidth + 2)
            let sorted = sort.column == .metric(metric)
            frame.put(" " + label, x: cellX, y: headerY, Style(.columnHeader, bold: true, reverse: sorted && focused))
        }

        // Rows.
        let body = height - 3
        let rows = state.rows(of: panel)
        let top = min(state.scroll[panel] ?? 0, max(0, rows.count - body))
        let gone = state.current.diff.goneRows.filter { group in
            state.filter.isEmpty || group.keyDescription.lowercased().contains(state.filter.lowercased())
        }
        var lines: [(group: MetricsResponse.Group, gone: Bool)] = rows.dropFirst(top).prefix(body).map { ($0, false) }
        if lines.count < body { lines += gone.prefix(body - lines.count).map { ($0, true) } }
        let stale = state.isStale()
        for (offset, line) in lines.enumerated() {
            let rowY = y + 2 + offset
            let group = line.group
            let isNew = state.current.diff.newKeys.contains(group.key)
            let marker = line.gone ? "-" : isNew ? "+" : " "
            let nameStyle = Style(line.gone ? .dim : isNew ? .up : .normal, bold: isNew)
            let name = DisplayWidth.truncate(TextSanitizer.sanitize(group.keyDescription), to: nameWidth - 2)
            frame.put(marker + name, x: left, y: rowY, nameStyle, limit: nameWidth - 1)
            for (index, metric) in metrics.enumerated() {
                let cellX = left + nameWidth + index * (valueWidth + 2)
                let level = line.gone ? Severity.ok : state.current.breaches.alarm(key: group.key, metric: metric).level
                let text = DisplayWidth.pad(MetricText.format(group.metrics[metric], unit: metric.unit), to: valueWidth, .right)
                let style = Style(line.gone || stale ? .dim : ValueText.role(level), bold: level == .crit)
                frame.put(" " + text, x: cellX, y: rowY, style, limit: valueWidth + 1)
                frame.put(ValueText.glyph(level), x: cellX + valueWidth + 1, y: rowY, Style(ValueText.role(level), bold: true))
            }
            if showDelta, case .metric(let metric) = sort.column, !line.gone,
                let delta = ValueText.delta(state.current.diff.delta(key: group.key, metric: metric), unit: metric.unit)
            {
                let deltaX = left + nameWidth + metrics.count * (valueWidth + 2)
                frame.put(" " + delta, x: deltaX, y: rowY, Style(delta.hasPrefix("▲") ? .up : .down), limit: deltaWidth)
            }
            if focused, !line.gone, group.key == state.selectedKey {
                for column in left..<(left + inner) {
                    var cell = frame[column, rowY]
                    cell.style.reverse = true
                    if cell.style.role == .normal || cell.style.role == .dim { cell.style.role = .selected }
                    frame[column, rowY] = cell
                }
            }
        }
        if rows.isEmpty && gone.isEmpty {
            let message = state.current.snapshot == nil ? "waiting for the first poll…"
                : state.filter.isEmpty ? "no groups" : "no group matches '\(state.filter)'"
            frame.put(" " + message, x: left, y: y + 2, Style(.dim), limit: inner)
        } else if rows.count > top + body {
            frame.put(" ↓\(rows.count - top - body) more ", x: x + width - 12, y: y + height - 1, Style(.dim), limit: 11)
        }
    }

    /// The metric columns that fit beside a name column of at least `minimumNameWidth`, and whether the
    /// change column fits too. Narrow panels give up the change column first, then metrics from the right.
    static func columns(_ panel: Panel, innerWidth: Int) -> (metrics: [Metric], showDelta: Bool) {
        func room(_ count: Int, _ delta: Bool) -> Int { innerWidth - count * (valueWidth + 2) - (delta ? deltaWidth : 0) }
        var metrics = panel.metrics
        if room(metrics.count, true) >= minimumNameWidth { return (metrics, true) }
        while metrics.count > 1, room(metrics.count, false) < minimumNameWidth { metrics.removeLast() }
        return (metrics, false)
    }

    /// `online▼`: the sort column and direction, on the panel's top edge.
    static func sortLabel(_ sort: PanelSort) -> String {
        let arrow = sort.descending ? "▼" : "▲"
        switch sort.column {
        case .name: return "name\(arrow)"
        case .metric(let metric): return MetricLabels.label(metric).lowercased() + arrow
        }
    }
}
