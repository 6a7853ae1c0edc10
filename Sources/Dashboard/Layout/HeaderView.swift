import KeyMetrics

/// Rows 0 and 1: which data is on screen and how fresh it is, then the account-wide (ALL) numbers.
///
/// The title always names the view whose numbers are on screen (while another loads it says so:
/// `loading 4h…`) and never cuts the account id; what does not fit goes in a fixed order: the view's
/// facts take their compact form, then the least needed status items go, and a failure's message is
/// cut last of all.
enum HeaderView {
    static func draw(_ frame: inout Frame, _ state: DashboardState) {
        drawTitle(&frame, state)
        drawAll(&frame, state)
    }

    struct Item {
        var text: String
        var style: Style
        /// Higher goes first when there is no room.
        var drop: Int
        /// May be cut (with `…`) instead of dropped.
        var cuttable = false
    }

    /// The right side: `PAUSED (3 held) · loading 4h… · polling 2s · data 4s old · next 6s · interval 1s→3s (budget) · 18/60 req/min`.
    static func status(_ state: DashboardState) -> [Item] {
        var items: [Item] = []
        if state.paused {
            items.append(Item(text: "PAUSED" + (state.heldCount > 0 ? " (\(state.heldCount) held)" : ""), style: Style(.warn, bold: true, reverse: true), drop: 0))
        }
        if state.view.key != state.shownKey || state.shown.snapshot == nil {
            let what = state.shown.snapshot == nil ? "" : " " + state.view.key.difference(from: state.shownKey)
            items.append(Item(text: "loading\(what)…", style: Style(.title, bold: true), drop: 0))
        }
        let requested = state.requestedState
        if let inFlight = requested?.inFlight {
            let elapsed = state.now - inFlight.windowEnd
            let words = elapsed >= slowAfterMillis ? "waiting on server" : "polling"
            items.append(Item(text: "\(words) \(ValueText.age(elapsed))", style: Style(elapsed >= slowAfterMillis ? .warn : .dim), drop: 1))
        }
        if let failure = requested?.lastFailure {
            items.append(Item(text: "poll failed \(ValueText.age(state.now - failure.at)) ago: \(failure.message)", style: Style(.error, bold: true), drop: 1, cuttable: true))
            if requested?.inFlight == nil, let retry = state.plan.nextStart(of: state.view.key, now: state.now) {
                items.append(Item(text: "retry in \(ValueText.countdown(retry - state.now))", style: Style(.error), drop: 1))
            }
        }
        if let age = state.dataAgeMillis {
            items.append(Item(text: "data \(ValueText.age(age)) old", style: state.isStale() ? Style(.error, bold: true) : Style(.normal), drop: 0))
        } else if requested?.lastFailure == nil, requested?.inFlight == nil {
            items.append(Item(text: "no data yet", style: Style(.dim), drop: 1))
        }
        if requested?.lastFailure == nil, requested?.inFlight == nil, let next = state.plan.nextStart(of: state.view.key, now: state.now), next > state.now {
            items.append(Item(text: "next \(ValueText.countdown(next - state.now))", style: Style(.dim), drop: 2))
        }
        let effective = state.effectiveIntervalMillis
        if effective > state.plan.intervalMillis {
            items.append(Item(text: "interval \(seconds(state.plan.intervalMillis))→\(seconds(effective)) (budget)", style: Style(.warn), drop: 2))
        }
        if let budget = state.budget {
            items.append(Item(text: "\(budget.usedLastMinute)/\(budget.requestsPerMinute) req/min", style: Style(.dim), drop: 3))
        }
        return items
    }

    /// A request in flight this long is the server being slow, and the header says so.
    static let slowAfterMillis: Int64 = 5_000

    /// `10s`, `2.5s`, `1m30s`.
    static func seconds(_ millis: Int64) -> String {
        DurationText.format(milliseconds: Double(millis), precision: millis % 1000 == 0 ? .seconds : .tenths) ?? "?"
    }

    /// `kmmtop  acct 90412345 DEMO`: never cut.
    static func identity(_ state: DashboardState) -> String {
        "kmmtop  acct \(DisplayName.of(state.account, charset: state.charset))" + (state.isDemo ? " DEMO" : "")
    }

    /// `kmmtop  acct 90412345 DEMO · by skill · last 1h · HUMAN · subgroups off      data 4s old · next 6s · 18/60 req/min`
    static func drawTitle(_ frame: inout Frame, _ state: DashboardState) {
        let identity = identity(state)
        let facts = state.shownKey.facts
        var items = status(state)
        var compact = false
        var factCount = facts.count
        func factsText() -> String { facts.prefix(factCount).map { " · " + (compact ? $0.short : $0.long) }.joined() }
        func rightWidth() -> Int { DisplayWidth.of(items.map(\.text).joined(separator: " · ")) }
        func fits() -> Bool { DisplayWidth.of(identity + factsText()) + 2 + rightWidth() <= frame.width }
        func dropItems(atLeast level: Int) {
            while !fits(), let drop = items.indices.filter({ items[$0].drop >= level && !items[$0].cuttable }).max(by: { items[$0].drop < items[$1].drop }) {
                items.remove(at: drop)
            }
        }
        // The budget first, then the facts' long form, then the next poll and the interval, then a
        // failure's words, then the rest of the state; the view's facts last (sub-groups, then users,
        // then window: the grouping stays).
        dropItems(atLeast: 3)
        if !fits() { compact = true }
        dropItems(atLeast: 2)
        if !fits(), let cut = items.firstIndex(where: \.cuttable) {
            let room = frame.width - DisplayWidth.of(identity + factsText()) - 2 - (rightWidth() - DisplayWidth.of(items[cut].text))
            if room >= 12 {
                items[cut].text = DisplayWidth.truncate(items[cut].text, to: room)
            } else {
                items.remove(at: cut)
            }
        }
        dropItems(atLeast: 1)
        while !fits(), factCount > 1 { factCount -= 1 }

        var column = frame.put("kmmtop", x: 0, y: 0, Style(.title, bold: true))
        column += frame.put("  acct \(DisplayName.of(state.account, charset: state.charset))", x: column, y: 0)
        if state.isDemo {
            column += frame.put(" ", x: column, y: 0)
            column += frame.put("DEMO", x: column, y: 0, Style(.demo, bold: true, reverse: true))
        }
        frame.put(factsText(), x: column, y: 0)

        var x = frame.width - min(rightWidth(), frame.width)
        for (index, item) in items.enumerated() {
            if index > 0 { x += frame.put(" · ", x: x, y: 0, Style(.dim)) }
            x += frame.put(item.text, x: x, y: 0, item.style, limit: frame.width - x)
        }
    }

    /// `ALL  online 42  back-soon 3  away 7  slots 31 │ queued 4 p90 3m10s │ load 78% human 81% │ wait 1m12s first 2m03s │ closed 312 ▲12`
    ///
    /// Who waits now comes second, before the loads: it is what a supervisor acts on first. Items are
    /// whole or absent ("fi" of "first" reads as nothing); when the line is too narrow the least needed
    /// go first (``allItems``'s ranks), so 120 columns keep the queue and 80 keep online, queued and wait.
    static func drawAll(_ frame: inout Frame, _ state: DashboardState) {
        let data = state.shown
        guard let all = data.snapshot?.all else {
            frame.put("ALL  –", x: 0, y: 1, Style(.dim))
            return
        }
        struct Shown {
            var group: Int
            var label: String
            var metric: Metric
            var rank: Int
            var value: String
            var level: Severity
            var delta: String?
            var width: Int { DisplayWidth.of(" \(label) \(value)") + (level == .ok ? 0 : 1) + (delta.map { DisplayWidth.of(" " + $0) } ?? 0) }
        }
        var items: [Shown] = allItems.map { item in
            let threshold = state.thresholds.threshold(for: item.metric, key: nil)
            let level = CellMark.severity(all[item.metric], threshold: threshold)
            let value = PanelView.cellText(all[item.metric], metric: item.metric, level: level, threshold: threshold)
            let delta = item.metric == .closedConversations ? ValueText.delta(data.diff.delta(key: nil, metric: item.metric), unit: item.metric.unit) : nil
            return Shown(group: item.group, label: item.label, metric: item.metric, rank: item.rank, value: value, level: level, delta: delta)
        }
        func width() -> Int {
            let groups = Set(items.map(\.group)).count
            return DisplayWidth.of("ALL ") + items.reduce(0) { $0 + $1.width } + max(0, groups - 1) * 2
        }
        while width() > frame.width, let drop = items.indices.max(by: { items[$0].rank < items[$1].rank }) { items.remove(at: drop) }

        let stale = state.isStale()
        var x = frame.put("ALL ", x: 0, y: 1, Style(.title, bold: true))
        for (index, item) in items.enumerated() {
            if index > 0, items[index - 1].group != item.group { x += frame.put(" │", x: x, y: 1, Style(.border)) }
            x += frame.put(" \(item.label) ", x: x, y: 1, Style(.dim))
            x += frame.put(item.value, x: x, y: 1, Style(stale ? .dim : ValueText.role(item.level), bold: item.level != .ok))
            if item.level != .ok { x += frame.put(ValueText.glyph(item.level), x: x, y: 1, Style(ValueText.role(item.level), bold: true)) }
            if let delta = item.delta { x += frame.put(" " + delta, x: x, y: 1, Style(delta.hasPrefix("▲") ? .up : .down)) }
        }
    }

    /// The ALL line's items in order, by group (a `│` between groups); `rank`: higher is given up first
    /// when the line is too narrow.
    static let allItems: [(group: Int, label: String, metric: Metric, rank: Int)] = [
        (0, "online", .onlineAgents, 0), (0, "back-soon", .backSoonAgents, 7), (0, "away", .awayAgents, 4), (0, "slots", .availableSlots, 5),
        (1, "queued", .unassignedConversations, 0), (1, "p90", .queueWaitTime90thPercentile, 2),
        (2, "load", .agentLoad, 3), (2, "human", .humanAgentLoad, 6),
        (3, "wait", .avgWaitTime, 1), (3, "first", .avgWaitTimeFirstResponse, 9),
        (4, "closed", .closedConversations, 8),
    ]
}
