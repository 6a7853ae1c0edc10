/// The board as plain text for a pipe, a log or a dumb terminal: one report per poll, stamped with the
/// time, its panels one under another with every row (so `grep Billing` sees whole rows), then every
/// open breach on a line of its own.
///
/// ```
/// 2026-12-02T00:42:36+00:00 kmmtop  acct 90412345 DEMO · by skill · last 1h · HUMAN · subgroups off · data 0s old · next 10s
/// ALL  online 42 back-soon 3 away 7 slots 31 │ load 78% human 81% │ wait 1m12s first 2m03s │ closed 312 ▲12
/// ┌ 1 Availability ──────────── online▼ ┐
/// │ SKILL            ONLINE BSOON AWAY … │
/// …
/// breach  CRIT Tech Support wait 6m12s > 5m for 4m12s
/// ```
public enum PlainReport {
    public static func render(_ state: DashboardState, width: Int) -> [Frame] {
        let width = max(Layout.minimum.columns, width)
        var frames: [Frame] = []
        // The time, the title with every status item (nothing dropped), then the ALL line at the page width.
        let title = ClockText.iso8601(state.now, offsetSeconds: state.utcOffsetSeconds) + " " + HeaderView.identity(state)
            + state.shownKey.facts.map { " · " + $0.long }.joined() + HeaderView.status(state).map { " · " + $0.text }.joined()
        var stamp = Frame(width: DisplayWidth.of(title), height: 1)
        stamp.put(title, x: 0, y: 0)
        var header = Frame(width: width, height: 2)
        HeaderView.drawAll(&header, state)
        frames.append(stamp)
        frames.append(header.rows(1..<2))

        var copy = state
        copy.selectedKey = nil
        copy.scroll = [:]
        for panel in state.panels {
            copy.focus = panel
            let rows = copy.rows(of: panel).count + copy.shown.diff.goneRows.count
            var frame = Frame(width: width, height: max(1, rows) + 3)
            PanelView.draw(&frame, copy, panel, in: Rect(x: 0, y: 0, width: width, height: frame.height))
            frames.append(frame)
        }
        let breaches = state.shown.breaches.open
        var footer = Frame(width: 400, height: max(1, breaches.count))
        if breaches.isEmpty {
            footer.put("breach  " + (state.thresholds.isEmpty ? "no thresholds set" : "none"), x: 0, y: 0)
        }
        for (index, breach) in breaches.enumerated() {
            footer.put("breach  \(breach.level == .crit ? "CRIT" : "WARN") " + FooterView.describe(breach, state), x: 0, y: index)
        }
        frames.append(footer)
        return frames
    }
}

extension Frame {
    /// A frame of just `range`'s rows.
    func rows(_ range: Range<Int>) -> Frame {
        var copy = Frame(width: width, height: range.count)
        for (row, y) in range.enumerated() {
            for x in 0..<width { copy[x, row] = self[x, y] }
        }
        return copy
    }
}
