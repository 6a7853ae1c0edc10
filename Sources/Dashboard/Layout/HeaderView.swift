import KeyMetrics

/// Rows 0 and 1: what is shown and how fresh it is, then the account-wide (ALL) numbers.
enum HeaderView {
    static func draw(_ frame: inout Frame, _ state: DashboardState) {
        drawTitle(&frame, state)
        drawAll(&frame, state)
    }

    /// `kmmtop  acct 90412345 DEMO · by skill · last 1h · HUMAN · subgroups off      data 4s old · next 6s · 18/60 req/min`
    static func drawTitle(_ frame: inout Frame, _ state: DashboardState) {
        var status: [(String, Style)] = []
        if state.paused {
            status.append(("PAUSED\(state.heldCount > 0 ? " (\(state.heldCount) held)" : "")", Style(.warn, bold: true, reverse: true)))
        }
        if let failure = state.lastFailure {
            status.append(("poll failed \(ValueText.age(state.now - failure.at)) ago: \(failure.message)", Style(.error, bold: true)))
            status.append(("retry in \(ValueText.age(failure.retryAt - state.now))", Style(.error)))
        }
        if let age = state.dataAgeMillis {
            status.append(("data \(ValueText.age(age)) old", state.isStale() ? Style(.error, bold: true) : Style(.normal)))
        } else if state.lastFailure == nil {
            status.append((state.polling ? "polling…" : "no data yet", Style(.dim)))
        }
        if state.lastFailure == nil, let next = state.nextPollAt, next > state.now {
            status.append(("next \(ValueText.age(next - state.now))", Style(.dim)))
        }
        if let budget = state.budget {
            status.append(("\(budget.usedLastMinute)/\(budget.requestsPerMinute) req/min", Style(.dim)))
        }
        let right = status.map(\.0).joined(separator: " · ")
        let rightWidth = min(DisplayWidth.of(right), frame.width - 20)
        var x = frame.width - rightWidth
        for (index, (text, style)) in status.enumerated() {
            if index > 0 { x += frame.put(" · ", x: x, y: 0, Style(.dim)) }
            x += frame.put(text, x: x, y: 0, style, limit: frame.width - x)
        }

        let limit = frame.width - rightWidth - 2
        var column = frame.put("kmmtop", x: 0, y: 0, Style(.title, bold: true), limit: limit)
        column += frame.put("  acct \(state.account)", x: column, y: 0, .normal, limit: limit - column)
        if state.isDemo {
            column += frame.put(" ", x: column, y: 0, .normal, limit: limit - column)
            column += frame.put("DEMO", x: column, y: 0, Style(.demo, bold: true, reverse: true), limit: limit - column)
        }
        let view = state.view
        let facts = [view.grouping.label, view.windowLabel, view.userTypesLabel, "subgroups \(view.includeSubGroups ? "on" : "off")"]
        // Whole facts or none: a fact cut in the middle reads as something else.
        for fact in facts {
            let text = " · " + fact
            guard column + DisplayWidth.of(text) <= limit else { break }
            column += frame.put(text, x: column, y: 0, .normal)
        }
    }

    /// `ALL  online 42  back-soon 3  away 7  slots 31 │ load 78% human 81% │ wait 1m12s first 2m03s │ closed 312 ▲12`
    static func drawAll(_ frame: inout Frame, _ state: DashboardState) {
        guard let all = state.current.snapshot?.all else {
            frame.put("ALL  –", x: 0, y: 1, Style(.dim))
            return
        }
        let groups: [[(String, Metric)]] = [
            [("online", .onlineAgents), ("back-soon", .backSoonAgents), ("away", .awayAgents), ("slots", .availableSlots)],
            [("load", .agentLoad), ("human", .humanAgentLoad)],
            [("wait", .avgWaitTime), ("first", .avgWaitTimeFirstResponse)],
            [("closed", .closedConversations)],
        ]
        let stale = state.isStale()
        var x = frame.put("ALL ", x: 0, y: 1, Style(.title, bold: true))
        for (index, group) in groups.enumerated() {
            if index > 0 { x += frame.put(" │", x: x, y: 1, Style(.border)) }
            for (label, metric) in group {
                let level = state.current.breaches.alarm(key: nil, metric: metric).level
                let value = MetricText.format(all[metric], unit: metric.unit)
                // Whole items or none, as in the title row: "fi" of "first" reads as nothing.
                guard x + DisplayWidth.of(" \(label) \(value)") + 1 <= frame.width else { return }
                x += frame.put(" \(label) ", x: x, y: 1, Style(.dim))
                x += frame.put(value, x: x, y: 1, Style(stale ? .dim : ValueText.role(level), bold: level != .ok))
                if level != .ok { x += frame.put(ValueText.glyph(level), x: x, y: 1, Style(ValueText.role(level), bold: true)) }
                if metric == .closedConversations,
                    let delta = ValueText.delta(state.current.diff.delta(key: nil, metric: metric), unit: metric.unit)
                {
                    x += frame.put(" " + delta, x: x, y: 1, Style(delta.hasPrefix("▲") ? .up : .down))
                }
            }
        }
    }
}
