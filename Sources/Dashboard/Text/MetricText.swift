import KeyMetrics

/// A metric value as a person reads it: durations `6m12s`, fractions `78%`, counts plain, and "no data"
/// as `–` (never 0). Safe for any value a server can send: out-of-range numbers get an overflow or
/// compact form (`>999d`, `>9999%`, `9.0P`), never a trap and never cut digits.
public enum MetricText {
    public static let noData = "–"

    /// - Parameter width: the columns available; a count wider than that takes its compact form.
    public static func format(_ value: MetricValue?, unit: Metric.Unit, width: Int? = nil) -> String {
        guard let value else { return noData }
        switch unit {
        case .count:
            switch value {
            case .long(let number):
                let text = String(number)
                guard let width, text.count > width else { return text }
                return NumberText.compactCount(Double(number), width: width)
            case .double(let number):
                return NumberText.compactCount(number, width: width ?? 20)
            }
        case .fraction:
            return percent(value.doubleValue)
        case .milliseconds:
            return duration(milliseconds: value.doubleValue)
        }
    }

    /// `78%`; `>9999%` and `<-999%` past what a load can mean; `?` for a value that is not a number.
    public static func percent(_ fraction: Double, decimals: Int = 0, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> String {
        let percent = fraction * 100
        guard percent.isFinite else { return "?" }
        if percent >= 9999.5 { return ">9999%" }
        if percent <= -999.5 { return "<-999%" }
        return (NumberText.fixed(percent, decimals: decimals, rounding: rule) ?? "?") + "%"
    }

    /// Rounded to the second: `0s`, `58s`, `1m02s`, `1h05m`, `2d03h` (two units at most, the smaller one
    /// zero-padded); `>999d` past 999 days.
    public static func duration(milliseconds: Double) -> String {
        DurationText.format(milliseconds: milliseconds) ?? "?"
    }

    /// The raw number for machine formats: whole numbers without a decimal point, others as Swift
    /// prints them (the shortest text that reads back as the same `Double`).
    /// `nil` for a value JSON cannot carry (infinite or NaN), which a decoded response never holds.
    public static func raw(_ value: MetricValue) -> String? {
        switch value {
        case .long(let number): String(number)
        case .double(let number): number.isFinite ? String(number) : nil
        }
    }
}
