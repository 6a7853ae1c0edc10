import KeyMetrics

/// The last two rows: the open breaches (or the filter being typed), then the key hints.
enum FooterView {
    static let hints = "F1 help  Tab panel  ←→ sort col  r reverse  g group  / filter  Enter detail  p pause  q quit"

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
        if !state.filter.isEmpty && !state.editingFilter {
            x += frame.put("filter '\(state.filter)' (Esc clears)  ", x: 0, y: hintY, Style(.warn, bold: true))
        }
        frame.put(hints, x: x, y: hintY, Style(.hint), limit: frame.width - x)
    }

    /// `breach  CRIT Tech Support wait 6m12s > 5m for 4m12s · WARN Sales hload 97% > 95% for 40s`
    static func drawBreaches(_ frame: inout Frame, _ state: DashboardState, y: Int) {
        let open = state.current.breaches.open.sorted { a, b in
            a.level != b.level ? a.level > b.level : a.onset < b.onset
        }
        var x = frame.put("breach  ", x: 0, y: y, Style(.dim))
        guard !open.isEmpty else {
            frame.put(state.thresholds.isEmpty ? "no thresholds set" : "none", x: x, y: y, Style(.dim))
            return
        }
        for (index, breach) in open.enumerated() {
            let text = (index > 0 ? " · " : "") + (breach.level == .crit ? "CRIT" : "WARN") + " " + describe(breach, state)
            // What does not fit ends in "…", never in the middle of a word without a sign.
            if x + DisplayWidth.of(text) > frame.width {
                frame.put("…", x: frame.width - 1, y: y, Style(.dim))
                frame.put(DisplayWidth.truncate(TextSanitizer.sanitize(text), to: frame.width - x), x: x, y: y, Style(ValueText.role(breach.level)))
                break
            }
            if index > 0 { x += frame.put(" · ", x: x, y: y, Style(.dim)) }
            x += frame.put(breach.level == .crit ? "CRIT" : "WARN", x: x, y: y, Style(ValueText.role(breach.level), bold: true, reverse: true))
            x += frame.put(" " + describe(breach, state), x: x, y: y, Style(ValueText.role(breach.level)))
        }
    }

    /// `Tech Support wait 6m12s > 5m for 4m12s`
    static func describe(_ breach: Breach, _ state: DashboardState) -> String {
        let metric = breach.metric
        var text = "\(breach.name) \(MetricLabels.label(metric).lowercased()) "
        text += MetricText.format(metric.valueType == .long ? .long(Int64(breach.lastValue)) : .double(breach.lastValue), unit: metric.unit)
        if let threshold = state.thresholds.threshold(for: metric, key: breach.key),
            let line = threshold.line(breach.isOpen ? breach.level : breach.worst)
        {
            text += (threshold.direction == .above ? " > " : " < ") + ValueText.line(line, unit: metric.unit)
        }
        return text + " for " + ValueText.age(breach.duration(now: state.now))
    }
}
