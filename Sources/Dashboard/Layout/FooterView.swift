import KeyMetrics

/// The last two rows: the open breaches (or the filter being typed), then the key hints.
enum FooterView {
    static func draw(_ frame: inout Frame, _ state: DashboardState) {
        let breachY = frame.height - 2
        let hintY = frame.height - 1
        if state.editingFilter {
            var x = frame.put("/ ", x: 0, y: breachY, Style(.title, bold: true))
            x += frame.put(state.filter, x: x, y: breachY, Style(.normal, bold: true))
            x += frame.put("█", x: x, y: breachY, Style(.title))
            frame.put("  Enter keeps · Esc clears", x: x, y: breachY, Style(.dim))
        } else {
            drawBreaches(&frame, state, y: breachY)
        }
        var x = 0
        if let problem = state.configProblem {
            // Ahead of the hints: an edit that did not take must not pass for one that did.
            let text = "config not reloaded: " + TextSanitizer.sanitize(problem)
            frame.put(text, x: 0, y: hintY, Style(.warn, bold: true), limit: frame.width)
            return
        }
        if !state.filter.isEmpty && !state.editingFilter {
            x += frame.put("filter '\(state.filter)' (Esc clears)  ", x: 0, y: hintY, Style(.warn, bold: true))
        }
        frame.put(hintLine(width: frame.width - x), x: x, y: hintY, Style(.hint))
    }

    /// The key table's hints that fit in `width`, in table order: whole hints only, the most readily
    /// given-up ones dropped first (`p p` is a hint cut in half and reads as nothing).
    static func hintLine(width: Int) -> String {
        var hints = KeyMap.hints
        func line() -> String { hints.map(\.text).joined(separator: "  ") }
        while !hints.isEmpty, DisplayWidth.of(line()) > width {
            guard let drop = hints.indices.max(by: { hints[$0].rank < hints[$1].rank }) else { break }
            hints.remove(at: drop)
        }
        return line()
    }

    /// `breach  CRIT Tech Support wait 6m12s > 5m for 4m12s · WARN Sales hload 97% > 95% for 40s · +3 more`
    static func drawBreaches(_ frame: inout Frame, _ state: DashboardState, y: Int) {
        let open = state.shown.breaches.open
        var x = frame.put("breach  ", x: 0, y: y, Style(.dim))
        guard !open.isEmpty else {
            frame.put(state.thresholds.isEmpty ? "no thresholds set" : "none", x: x, y: y, Style(.dim))
            return
        }
        for (index, breach) in open.enumerated() {
            let separator = index > 0 ? " · " : ""
            let label = breach.level == .crit ? "CRIT" : "WARN"
            var text = " " + describe(breach, state)
            // What does not fit is counted, never cut in the middle: `+N more` (room for it kept).
            let remaining = open.count - index - 1
            let tail = remaining > 0 ? DisplayWidth.of(" · +\(remaining) more") : 0
            if index == 0, x + DisplayWidth.of(label + text) + tail > frame.width {
                // The worst breach is never only counted: its name gives way (`Premium Custo… online 1 < 3`).
                let name = DisplayName.of(breach.name, charset: state.charset)
                // The label, the space before the name and the one after it, then the rest of the words.
                let rest = DisplayWidth.of(label + "  " + describe(breach, state, name: ""))
                let room = frame.width - x - rest - tail
                if room >= 6 { text = " " + describe(breach, state, name: DisplayWidth.truncate(name, to: room)) }
            }
            if x + DisplayWidth.of(separator + label + text) + tail > frame.width {
                frame.put((index > 0 ? " · " : "") + "+\(open.count - index) more", x: x, y: y, Style(.dim))
                return
            }
            x += frame.put(separator, x: x, y: y, Style(.dim))
            x += frame.put(label, x: x, y: y, Style(ValueText.role(breach.level), bold: true, reverse: true))
            x += frame.put(text, x: x, y: y, Style(ValueText.role(breach.level)))
        }
    }

    /// `Tech Support wait 6m12s > 5m for 4m12s`, the name as the terminal can show it. An open
    /// breach has lasted as long as the data on screen shows it: until that data's time, not the
    /// clock's (a paused board or a kept view's old data claims nothing about since).
    static func describe(_ breach: Breach, _ state: DashboardState, name: String? = nil) -> String {
        BreachText.describe(breach, name: name ?? DisplayName.of(breach.name, charset: state.charset), now: state.shown.fetchedAt ?? state.now)
    }
}
