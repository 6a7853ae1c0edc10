import KeyMetrics

/// `Enter`: the selected row in full: every metric with its change and history, its breaches, and the
/// agents behind it (the agent view with the row's filter, polled while the detail is open).
///
/// From 120 columns the two sit side by side (metrics left, agents right) and the agent list scrolls
/// under its pinned titles; narrower, they are one document, metrics first, that scrolls as a whole.
/// ↑↓ PgUp PgDn Home End scroll, ←→ pick the agents' sort column and `r` reverses it, as in a panel.
enum DetailOverlay {
    /// A line of the detail: drawn at `(x, y)` within `width` columns.
    typealias Line = (inout Frame, _ x: Int, _ y: Int, _ width: Int) -> Void

    /// The left pane's width when side by side; side by side from this inner width.
    static let metricsWidth = 56
    static let sideBySideWidth = 108

    /// Inside the detail's box on this screen.
    static func inner(_ state: DashboardState) -> Rect {
        let area = BoardGeometry.panelArea(state.size)
        return Layout.overlayInner(Layout.overlayRect(in: area, height: area.height, maxWidth: area.width, margin: 0))
    }

    /// Side by side when both fit: the width for two panes, the height for every metric line (else
    /// the stacked document, which scrolls as a whole, so nothing is out of reach).
    static func sideBySide(_ inner: Rect, metricLines: Int) -> Bool {
        inner.width >= sideBySideWidth && metricLines <= inner.height
    }

    /// The detail's lines for one screen, built once: what the drawing puts down and what the scrolling
    /// is measured by (building them sorts the agents, so once per frame, not once per use).
    struct Document {
        let inner: Rect
        let sideBySide: Bool
        let metrics: [Line]
        let agents: (pinned: [Line], rows: [Line])
        /// The agents' pane when side by side, else the whole box.
        let agentsX: Int
        let agentsWidth: Int

        init(_ state: DashboardState, _ group: MetricsResponse.Group, inner: Rect) {
            self.inner = inner
            // The stacked layout's sparklines take the width; side by side they are a series' width.
            let wide = metricLines(state, group, sparkWidth: Int(ViewKey.seriesPoints))
            sideBySide = DetailOverlay.sideBySide(inner, metricLines: wide.count)
            metrics = sideBySide ? wide : metricLines(state, group, sparkWidth: max(0, inner.width - 40))
            agentsX = sideBySide ? inner.x + metricsWidth + 2 : inner.x
            agentsWidth = sideBySide ? inner.width - metricsWidth - 2 : inner.width
            agents = agentLines(state, width: agentsWidth)
        }

        /// How far it scrolls, and how many scrolled rows a page shows: the agent rows under their
        /// pinned lines (side by side), or every line (stacked).
        var scrolling: (limit: Int, page: Int) {
            if sideBySide {
                let page = max(1, inner.height - agents.pinned.count)
                return (max(0, agents.rows.count - page), page)
            }
            return (max(0, metrics.count + agents.pinned.count + agents.rows.count - inner.height), max(1, inner.height))
        }
    }

    /// How far the detail can scroll on this screen, and how many scrolled rows one page shows (the
    /// reducer moves and clamps with these, from the same lines as the drawing).
    static func scrolling(_ state: DashboardState) -> (limit: Int, page: Int) {
        guard let group = selectedGroup(state) else { return (0, 1) }
        return Document(state, group, inner: inner(state)).scrolling
    }

    static func selectedGroup(_ state: DashboardState) -> MetricsResponse.Group? {
        guard let key = state.selectedKey else { return nil }
        return state.shown.snapshot?.groups.first { $0.key == key }
    }

    static func draw(_ frame: inout Frame, _ state: DashboardState, in area: Rect) {
        guard let group = selectedGroup(state) else {
            let box = Layout.overlayBox(&frame, title: "Detail", in: area, height: 3)
            frame.put("the selected row is gone", x: box.x, y: box.y, Style(.dim))
            return
        }
        let title = "\(DisplayName.of(group.keyDescription, charset: state.charset)) (\(DisplayName.of(group.key, charset: state.charset)))"
        // The whole width: the board behind adds nothing at the edges, and the agents' names want the room.
        let inner = Layout.overlayBox(&frame, title: title, in: area, height: area.height, maxWidth: area.width, margin: 0)
        let document = Document(state, group, inner: inner)
        let scroll = max(0, min(state.detailScroll, document.scrolling.limit))
        let (metrics, agents, x, width) = (document.metrics, document.agents, document.agentsX, document.agentsWidth)
        if document.sideBySide {
            for (row, line) in metrics.prefix(inner.height).enumerated() { line(&frame, inner.x, inner.y + row, metricsWidth) }
            for column in inner.y..<inner.maxY { frame.put("│", x: x - 2, y: column, Style(.border)) }
            let lines = agents.pinned + Array(agents.rows.dropFirst(scroll))
            for (row, line) in lines.prefix(inner.height).enumerated() { line(&frame, x, inner.y + row, width) }
            if agents.rows.count - scroll > inner.height - agents.pinned.count {
                moreMark(&frame, agents.rows.count - scroll - (inner.height - agents.pinned.count), inner)
            }
        } else {
            let lines = Array((metrics + agents.pinned + agents.rows).dropFirst(scroll))
            for (row, line) in lines.prefix(inner.height).enumerated() { line(&frame, x, inner.y + row, width) }
            if lines.count > inner.height { moreMark(&frame, lines.count - inner.height, inner) }
        }
    }

    /// `↓12 more` on the box's bottom edge.
    static func moreMark(_ frame: inout Frame, _ count: Int, _ inner: Rect) {
        let text = " ↓\(count) more "
        frame.put(text, x: inner.maxX - DisplayWidth.of(text), y: inner.maxY, Style(.dim))
    }

    /// Every metric by panel: label, value with its mark, change, sparkline and its range; then the
    /// row's breaches. A panel's title says what its sparklines span: by-time metrics come from the
    /// view's series (the historical route: `per 4m, last 1h`, there from the first second), current
    /// values from the board's own polls (`last 12 polls`), the only history the API has of them.
    static func metricLines(_ state: DashboardState, _ group: MetricsResponse.Group, sparkWidth: Int) -> [Line] {
        let data = state.shown
        let key = group.key
        let series = state.shownSeries
        var lines: [Line] = []
        for panel in Panel.allCases {
            let byTime = panel.metrics.allSatisfy { $0.kind == .byTime }
            let span: String
            if byTime, let series {
                span = "per \(ViewKey.span(Int64(series.intervalMinutes) * 60_000)), last \(ViewKey.span(state.shownDataKey.windowMillis))"
            } else {
                if byTime, let failure = state.plan.state(of: state.shownDataKey.series)?.lastFailure {
                    // The series could not be read: these sparklines are the polls', and the title says why.
                    span = "history failed: \(failure.message)"
                } else {
                    // The polls the sparkline shows (it keeps the last `sparkWidth`).
                    let polls = min(panel.metrics.map { data.history.values(key: key, metric: $0).count }.max() ?? 0, sparkWidth)
                    span = polls == 0 ? "no history yet" : polls == 1 ? "last poll" : "last \(polls) polls"
                }
            }
            lines.append { frame, x, y, width in
                let used = frame.put(panel.title, x: x, y: y, Style(.columnHeader, bold: true), limit: width)
                frame.put(" · " + span, x: x + used, y: y, Style(.dim), limit: width - used)
            }
            for metric in panel.metrics {
                let history = byTime && series != nil ? series?.values(key: key, metric: metric) ?? [] : data.history.values(key: key, metric: metric)
                lines.append { frame, x0, y, width in
                    let threshold = state.thresholds.threshold(for: metric, key: key)
                    let level = CellMark.severity(group.metrics[metric], threshold: threshold)
                    var x = x0 + frame.put("  " + DisplayWidth.pad(MetricLabels.label(metric), to: 8, .left), x: x0, y: y, Style(.dim))
                    let value = PanelView.cellText(group.metrics[metric], metric: metric, level: level, threshold: threshold)
                    x += frame.put(DisplayWidth.pad(value, to: 7, .right), x: x, y: y, Style(ValueText.role(level), bold: level != .ok))
                    x += frame.put(ValueText.glyph(level), x: x, y: y, Style(ValueText.role(level), bold: true))
                    let delta = ValueText.delta(data.diff.delta(key: key, metric: metric), unit: metric.unit) ?? ""
                    x += frame.put(DisplayWidth.pad(delta, to: 7, .right), x: x, y: y, Style(delta.hasPrefix("▲") ? .up : .down))
                    x += frame.put(" " + Sparkline.render(history, width: sparkWidth), x: x, y: y, Style(.title), limit: x0 + width - x)
                    frame.put(" " + range(history.suffix(sparkWidth), unit: metric.unit), x: x, y: y, Style(.dim), limit: x0 + width - x)
                }
            }
        }
        let breaches = data.breaches.breaches.filter { $0.key == key }
        lines.append { frame, x, y, width in
            frame.put(breaches.isEmpty ? "no breaches" : "Breaches", x: x, y: y, Style(breaches.isEmpty ? .dim : .columnHeader, bold: true), limit: width)
        }
        for breach in breaches {
            lines.append { frame, x, y, width in BreachLogOverlay.drawEntry(&frame, breach, state, x: x, y: y, width: width, name: "") }
        }
        return lines
    }

    /// `48s–6m12s`: the least and the most of what the sparkline shows (one value once; none: empty).
    static func range(_ values: ArraySlice<Double?>, unit: Metric.Unit) -> String {
        let known = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = known.min(), let high = known.max() else { return "" }
        func text(_ value: Double) -> String {
            unit == .count && value == value.rounded() && abs(value) < 1e15
                ? MetricText.format(.long(Int64(value)), unit: unit, width: 6) : MetricText.format(.double(value), unit: unit, width: 6)
        }
        return low == high ? text(low) : text(low) + "–" + text(high)
    }

    /// The agents: a title line with their count, age and sort, the column titles (both pinned when
    /// side by side), then one line per agent in the chosen order.
    static func agentLines(_ state: DashboardState, width: Int) -> (pinned: [Line], rows: [Line]) {
        guard let agentsKey = state.agentsKey else { return ([], []) }
        // Paused, the list is held with the rest of the screen (when it was open at the pause).
        let data = state.frozen?.agents?.key == agentsKey ? state.frozen?.agents?.data : state.views[agentsKey]
        let planState = state.plan.state(of: agentsKey)
        let sort = state.agentSort
        let arrow = sort.descending ? "▼" : "▲"
        var status: String
        var role = Role.dim
        if let snapshot = data?.snapshot {
            let shown = snapshot.groups.count
            status = shown < snapshot.totalCount ? "\(shown) of \(snapshot.totalCount)" : "\(shown)"
            status = "Agents (\(status)) · data \(ValueText.age(state.now - snapshot.fetchedAt)) old · \(sort.column.label.lowercased())\(arrow)"
            role = .columnHeader
        } else if let failure = planState?.lastFailure {
            status = "Agents: poll failed \(ValueText.age(state.now - failure.at)) ago: \(failure.message)"
            role = .error
        } else {
            status = "Agents: loading…"
        }
        let heading = status
        let headingRole = role
        var pinned: [Line] = [{ frame, x, y, width in frame.put(heading, x: x, y: y, Style(headingRole, bold: true), limit: width) }]
        guard let snapshot = data?.snapshot else { return (pinned, []) }
        if let failure = planState?.lastFailure {
            pinned.append { frame, x, y, width in
                frame.put("poll failed \(ValueText.age(state.now - failure.at)) ago: \(failure.message)", x: x, y: y, Style(.error), limit: width)
            }
        }
        if agentsKey.grouping == .skill {
            // The agent view filtered to a skill counts that skill's conversations, but an agent's load is
            // the agent's whole load: "100%" beside "0 assigned" is an agent full with other skills' chats.
            pinned.append { frame, x, y, width in
                frame.put(" LOAD: all skills'; ASSIGN ACTIVE CLOSED: this one's", x: x, y: y, Style(.dim), limit: width)
            }
        }
        let columns = AgentList.Column.allCases.dropFirst()
        let nameWidth = max(6, width - columns.reduce(0) { $0 + $1.width + 1 })
        pinned.append { frame, x0, y, _ in
            var x = x0 + frame.put(DisplayWidth.pad(" " + AgentList.Column.name.label, to: nameWidth, .left), x: x0, y: y,
                Style(.columnHeader, bold: true, reverse: sort.column == .name))
            for column in columns {
                x += frame.put(" ", x: x, y: y)
                x += frame.put(DisplayWidth.pad(column.label, to: column.width, .right), x: x, y: y,
                    Style(.columnHeader, bold: true, reverse: sort.column == column))
            }
        }
        guard !snapshot.groups.isEmpty else {
            return (pinned, [{ frame, x, y, width in frame.put(" no agents", x: x, y: y, Style(.dim), limit: width) }])
        }
        let tracker = data?.agents ?? AgentList.Tracker()
        let precision = 2 * state.effectiveIntervalMillis
        let stale = state.now - snapshot.fetchedAt > 3 * state.effectiveIntervalMillis
        let rows: [Line] = AgentList.sorted(snapshot.groups, by: sort, tracker: tracker, now: state.now).map { agent in
            { frame, x0, y, _ in
                let name = DisplayWidth.truncate(DisplayName.of(agent.keyDescription, charset: state.charset), to: nameWidth - 1)
                var x = x0 + frame.put(DisplayWidth.pad(" " + name, to: nameWidth, .left), x: x0, y: y, Style(stale ? .dim : .normal))
                let agentState = AgentList.State(agent.metrics)
                for column in columns {
                    x += frame.put(" ", x: x, y: y)
                    let text: String
                    var style = Style(stale ? .dim : .normal)
                    switch column {
                    case .state:
                        text = agentState.label
                        style = Style(stale ? .dim : agentState == .online ? .up : agentState == .offline ? .dim : .warn, bold: agentState != .offline)
                    case .time:
                        if let time = tracker.timeInState(agent.key, now: state.now, precision: precision) {
                            text = (time.lowerBound ? (state.charset == .utf8 ? "≥" : ">=") : "") + ValueText.age(time.millis)
                        } else {
                            text = MetricText.noData
                        }
                    default:
                        let metric = column.metric ?? .closedConversations
                        text = MetricText.format(agent.metrics[metric], unit: metric.unit, width: column.width)
                    }
                    x += frame.put(DisplayWidth.pad(text, to: column.width, .right), x: x, y: y, style, limit: column.width)
                }
            }
        }
        return (pinned, rows)
    }
}
