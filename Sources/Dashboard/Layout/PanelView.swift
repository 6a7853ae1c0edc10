import KeyMetrics

/// One panel: a titled box, a column-title line, and one line per group in the panel's own sort order.
///
/// Each metric cell is its value right-aligned and a one-column breach glyph; the sort column's change
/// since the last poll closes the row. New rows are marked `+`, vanished ones `-` (dimmed), for one poll.
/// Columns that do not fit are dropped by priority, never the sort column or a column in breach, so
/// the board works, reduced, at 80×24 and a critical value always shows.
enum PanelView {
    static let valueWidth = 6
    static let deltaWidth = 7
    static let minimumNameWidth = 8

    static func draw(_ frame: inout Frame, _ state: DashboardState, _ panel: Panel, in rect: Rect) {
        let focused = panel == state.focus
        let sort = state.sort(of: panel)
        let data = state.shown
        frame.box(rect, title: "\(panel.rawValue + 1) \(panel.title)", label: sortLabel(sort), Style(focused ? .focusBorder : .border, bold: focused))
        let inner = rect.inner
        let body = BoardGeometry.bodyRows(rect)
        let placed = Placement(state, panel, in: rect)
        let (all, top, visible) = (placed.rows, placed.top, placed.visible)
        let needle = state.filter.lowercased()
        let gone = data.diff.goneRows.filter { PanelRows.matches($0, needle) }
        var lines: [(group: MetricsResponse.Group, gone: Bool)] = visible.map { ($0, false) }
        if lines.count < body { lines += gone.prefix(body - lines.count).map { ($0, true) } }

        func mark(_ group: MetricsResponse.Group, _ metric: Metric) -> Severity { placed.mark(group, metric) }
        let (metrics, showDelta, nameWidth, left) = (placed.metrics, placed.showDelta, placed.nameWidth, inner.x)
        func cellX(_ index: Int) -> Int { placed.cellX(index) }

        // Column titles; by agent group, how much of the tree is read while it is being read, and once
        // it is drawn what a parent's numbers are: without sub-groups its own agents' only, which under
        // a tree's indentation would otherwise read as its children's total.
        let tree = state.panelRows(panel)
        var title = state.shownGrouping.columnTitle
        if tree.inputs.treeVersion != nil { title += state.shownKey.includeSubGroups ? " (with subs)" : " (own only)" }
        if state.shownGrouping == .agentGroup, tree.inputs.treeVersion == nil, state.filter.isEmpty, let groups = data.snapshot?.groups, !groups.isEmpty {
            let keys = groups.map(\.key)
            let unreadable = keys.filter(state.groupTree.unreadable.contains).count
            title += unreadable > 0 ? " (tree: \(unreadable) unreadable)" : " (tree \(keys.filter(state.groupTree.isProbed).count)/\(keys.count))"
        }
        frame.put(" " + title, x: left, y: inner.y, Style(.columnHeader, bold: true), limit: nameWidth)
        for (index, metric) in metrics.enumerated() {
            let label = DisplayWidth.pad(MetricLabels.label(metric), to: valueWidth, .right)
            frame.put(" " + label, x: cellX(index), y: inner.y, Style(.columnHeader, bold: true, reverse: sort.column == .metric(metric) && focused))
        }

        let stale = state.isStale()
        for (offset, line) in lines.enumerated() {
            let rowY = inner.y + 1 + offset
            let group = line.group
            let isNew = data.diff.newKeys.contains(group.key)
            let marker = line.gone ? "-" : isNew ? "+" : " "
            let nameStyle = Style(line.gone ? .dim : isNew ? .up : .normal, bold: isNew)
            let prefix = line.gone ? "" : treePrefix(group.key, tree, collapsed: state.collapsed)
            let name = DisplayWidth.truncate(prefix + DisplayName.of(group.keyDescription, charset: state.charset), to: nameWidth - 2)
            frame.put(marker + name, x: left, y: rowY, nameStyle, limit: nameWidth - 1)
            for (index, metric) in metrics.enumerated() {
                let level = line.gone ? Severity.ok : mark(group, metric)
                let text = cellText(group.metrics[metric], metric: metric, level: level, threshold: state.thresholds.threshold(for: metric, key: group.key))
                let style = Style(line.gone || stale ? .dim : ValueText.role(level), bold: level == .crit)
                frame.put(" " + DisplayWidth.pad(text, to: valueWidth, .right), x: cellX(index), y: rowY, style, limit: valueWidth + 1)
                frame.put(ValueText.glyph(level), x: cellX(index) + valueWidth + 1, y: rowY, Style(ValueText.role(level), bold: true))
            }
            if showDelta, case .metric(let metric) = sort.column, !line.gone,
                let delta = ValueText.delta(data.diff.delta(key: group.key, metric: metric), unit: metric.unit)
            {
                frame.put(" " + delta, x: cellX(metrics.count), y: rowY, Style(delta.hasPrefix("▲") ? .up : .down), limit: deltaWidth)
            }
            if focused, !line.gone, group.key == state.selectedKey {
                for column in left..<inner.maxX {
                    var cell = frame[column, rowY]
                    cell.style.reverse = true
                    if cell.style.role == .normal || cell.style.role == .dim { cell.style.role = .selected }
                    frame[column, rowY] = cell
                }
            }
        }
        if all.isEmpty && gone.isEmpty {
            let message = data.snapshot == nil ? (state.isLoading ? "loading…" : "waiting for the first poll…")
                : state.filter.isEmpty ? "no groups" : "no group matches '\(state.filter)'"
            frame.put(" " + message, x: left, y: inner.y + 1, Style(.dim), limit: inner.width)
        } else if all.count > top + body {
            frame.put(" ↓\(all.count - top - body) more ", x: rect.maxX - 12, y: rect.maxY - 1, Style(.dim), limit: 11)
        }
    }

    /// Where a panel's rows and columns lie on screen: what ``draw(_:_:_:in:)`` writes and what a click
    /// is matched against (``DashboardState/click(column:row:)``), computed one way for both.
    struct Placement {
        let rect: Rect
        /// Every row of the panel (filtered, sorted), the first one shown, and those shown.
        let rows: [MetricsResponse.Group]
        let top: Int
        let visible: [MetricsResponse.Group]
        let metrics: [Metric]
        let showDelta: Bool
        let nameWidth: Int
        private let thresholds: ThresholdSet

        init(_ state: DashboardState, _ panel: Panel, in rect: Rect) {
            self.rect = rect
            thresholds = state.thresholds
            let body = BoardGeometry.bodyRows(rect)
            rows = state.rows(of: panel)
            top = min(state.scroll[panel] ?? 0, max(0, rows.count - body))
            visible = Array(rows.dropFirst(top).prefix(body))
            let thresholds = state.thresholds
            let breaching = Set(visible.flatMap { group in
                panel.metrics.filter { CellMark.severity(group.metrics[$0], threshold: thresholds.threshold(for: $0, key: group.key)) != .ok }
            })
            (metrics, showDelta) = PanelView.columns(panel, innerWidth: rect.inner.width, sort: state.sort(of: panel), breaching: breaching)
            nameWidth = rect.inner.width - metrics.count * (PanelView.valueWidth + 2) - (showDelta ? PanelView.deltaWidth : 0)
        }

        func mark(_ group: MetricsResponse.Group, _ metric: Metric) -> Severity {
            CellMark.severity(group.metrics[metric], threshold: thresholds.threshold(for: metric, key: group.key))
        }

        func cellX(_ index: Int) -> Int { rect.inner.x + nameWidth + index * (PanelView.valueWidth + 2) }

        /// The column whose title or cells cover screen column `x`: the name, a metric, or none (the
        /// border, the change column).
        func column(at x: Int) -> PanelSort.Column? {
            guard x >= rect.inner.x, x < rect.inner.maxX else { return nil }
            if x < rect.inner.x + nameWidth { return .name }
            let index = (x - rect.inner.x - nameWidth) / (PanelView.valueWidth + 2)
            return metrics.indices.contains(index) ? .metric(metrics[index]) : nil
        }

        /// The group on screen row `y`, if a shown row is there.
        func group(at y: Int) -> MetricsResponse.Group? {
            let index = y - rect.inner.y - 1
            return visible.indices.contains(index) ? visible[index] : nil
        }
    }

    /// A cell's text: the value in `valueWidth` columns; a cell past its line gets the precision that
    /// keeps its mark true (`95.3%` under a `> 95%` line, not `95%`) when that fits.
    static func cellText(_ value: MetricValue?, metric: Metric, level: Severity, threshold: Threshold?) -> String {
        let plain = MetricText.format(value, unit: metric.unit, width: valueWidth)
        guard level != .ok, let value, let threshold, let line = threshold.line(level), threshold.isPast(value.doubleValue, line) else { return plain }
        let precise = ComparedText.value(value.doubleValue, pastLine: line, direction: threshold.direction, unit: metric.unit)
        if precise.count <= valueWidth { return precise }
        // Too precise for the cell (`1m50.4s` past a 1m50s line): the plain form would read as on the line
        // (`1m50s‼`), so the cell says what is true and fits: past the line (`>1m50s`).
        let bound = (threshold.direction == .above ? ">" : "<") + ComparedText.line(line, unit: metric.unit)
        if bound.count <= valueWidth, !readsPast(plain, line, threshold, metric.unit) {
            return bound
        }
        return plain
    }

    /// Whether `text`, read back as a number, is strictly past `line`: the plain form is a true claim.
    static func readsPast(_ text: String, _ line: Double, _ threshold: Threshold, _ unit: Metric.Unit) -> Bool {
        let value: Double?
        switch unit {
        case .milliseconds: value = (try? DurationText.milliseconds(text)).map(Double.init)
        case .fraction: value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : nil
        case .count: value = Double(text)
        }
        guard let value else { return false }
        return threshold.isPast(value, line)
    }

    /// The metric columns that fit beside a name column of at least `minimumNameWidth`, in the panel's
    /// order, and whether the change column fits too. A narrow panel gives up the change column first,
    /// then columns by the panel's keep order, but keeps the sort column and any column in breach.
    static func columns(_ panel: Panel, innerWidth: Int, sort: PanelSort, breaching: Set<Metric>) -> (metrics: [Metric], showDelta: Bool) {
        func room(_ count: Int, _ delta: Bool) -> Int { innerWidth - count * (valueWidth + 2) - (delta ? deltaWidth : 0) }
        if room(panel.metrics.count, true) >= minimumNameWidth { return (panel.metrics, true) }
        var fits = panel.metrics.count
        while fits > 1, room(fits, false) < minimumNameWidth { fits -= 1 }
        var chosen: [Metric] = []
        if case .metric(let metric) = sort.column { chosen.append(metric) }
        for metric in panel.keepOrder where breaching.contains(metric) && !chosen.contains(metric) { chosen.append(metric) }
        for metric in panel.keepOrder where !chosen.contains(metric) { chosen.append(metric) }
        let kept = Set(chosen.prefix(fits))
        return (panel.metrics.filter(kept.contains), false)
    }

    /// In a tree: two columns per level, then `▾ ` before an unfolded parent, `▸ ` before a folded
    /// one, two spaces before a leaf (so names at one level line up). Nothing in a flat list.
    static func treePrefix(_ key: String, _ rows: PanelRows, collapsed: Set<String>) -> String {
        guard rows.inputs.treeVersion != nil else { return "" }
        let indent = String(repeating: "  ", count: rows.depth[key] ?? 0)
        guard rows.parents.contains(key) else { return indent + "  " }
        return indent + (collapsed.contains(key) ? "▸ " : "▾ ")
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
