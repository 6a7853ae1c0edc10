import KeyMetrics

/// A metric value as a person reads it: durations `6m12s`, fractions `78%`, counts plain, and "no data"
/// as `–` (never 0).
public enum MetricText {
    public static let noData = "–"

    public static func format(_ value: MetricValue?, unit: Metric.Unit) -> String {
        guard let value else { return noData }
        switch unit {
        case .count:
            switch value {
            case .long(let number): return String(number)
            case .double(let number): return number.isFinite ? String(Int64(number.rounded())) : noData
            }
        case .fraction:
            let percent = value.doubleValue * 100
            return percent.isFinite ? "\(Int64(percent.rounded()))%" : noData
        case .milliseconds:
            return duration(milliseconds: value.doubleValue)
        }
    }

    /// Rounded to the second: `0s`, `58s`, `1m02s`, `1h05m`, `2d03h` (two units at most, the smaller one
    /// zero-padded).
    public static func duration(milliseconds: Double) -> String {
        guard milliseconds.isFinite else { return noData }
        let seconds = Int64(max(0, milliseconds / 1000).rounded())
        func two(_ number: Int64) -> String { number < 10 ? "0\(number)" : String(number) }
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m\(two(seconds % 60))s"
        case ..<86_400: return "\(seconds / 3600)h\(two(seconds % 3600 / 60))m"
        default: return "\(seconds / 86_400)d\(two(seconds % 86_400 / 3600))h"
        }
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
