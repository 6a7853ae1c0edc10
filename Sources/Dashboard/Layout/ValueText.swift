import KeyMetrics

/// Texts the board builds from values: changes, clock times, ages, breach glyphs.
enum ValueText {
    /// `▲2`, `▼1m02s`, `▲3%` (fractions change in percentage points); `nil` for no change.
    /// A change too small to show in the unit's rounding (under half a second, half a point) is none:
    /// `▼0s` would say "changed" and "did not" at once. Huge changes take the compact forms.
    static func delta(_ change: Double?, unit: Metric.Unit) -> String? {
        guard let change, change != 0, change.isFinite else { return nil }
        let arrow = change > 0 ? "▲" : "▼"
        let size = abs(change)
        let text: String
        switch unit {
        case .count: text = NumberText.compactCount(size, width: 5)
        case .fraction: text = MetricText.percent(size)
        case .milliseconds: text = MetricText.duration(milliseconds: size)
        }
        return ["0", "0%", "0s"].contains(text) ? nil : arrow + text
    }

    /// The glyph that marks a breached cell, so severity reads without colour.
    static func glyph(_ severity: Severity) -> String {
        switch severity {
        case .ok: " "
        case .warn: "!"
        case .crit: "‼"
        }
    }

    static func role(_ severity: Severity) -> Role {
        switch severity {
        case .ok: .normal
        case .warn: .warn
        case .crit: .crit
        }
    }

    /// An age or a wait in the header's words: `4s`, `2m05s`, `1h10m` (whole seconds, rounded down).
    static func age(_ millis: Int64) -> String { MetricText.duration(milliseconds: Double(max(0, millis) / 1000 * 1000)) }

    /// A time still to wait, rounded up, so a countdown never reads `0s` while it still waits.
    static func countdown(_ millis: Int64) -> String {
        let seconds = (max(0, millis) + 999) / 1000
        return MetricText.duration(milliseconds: Double(seconds * 1000))
    }

    /// `HH:MM:SS` of an epoch-ms time, shifted to the viewer's time zone.
    static func clock(_ millis: Int64, offsetSeconds: Int) -> String { ClockText.time(millis, offsetSeconds: offsetSeconds) }
}

/// Eight levels of block, oldest value left; a gap for "no data".
public enum Sparkline {
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ values: [Double?], width: Int) -> String {
        let points = Array(values.suffix(max(0, width)))
        let known = points.compactMap { $0 }.filter(\.isFinite)
        guard let low = known.min(), let high = known.max() else { return String(repeating: " ", count: points.count) }
        let span = high - low
        return String(points.map { value -> Character in
            guard let value, value.isFinite else { return " " }
            guard span > 0, span.isFinite else { return blocks[0] }
            let position = (value - low) / span * Double(blocks.count - 1)
            guard position.isFinite else { return blocks[0] }
            return blocks[max(0, min(blocks.count - 1, Int(position.rounded())))]
        })
    }
}
