import KeyMetrics

/// A breach in words that read true as printed, under the limits that were in force:
///
/// - open and past its line: `Tech Support wait 6m12s > 5m for 4m12s`;
/// - open but back inside the line, held by the hysteresis margin: `Sales hload 94% (worst 97% > 95%) for 40s`;
/// - ended: `Sales hload worst 97% > 95% for 2m10s`.
///
/// Values are written precisely enough for the comparison to hold (``ComparedText``): `5m00.4s > 5m`.
public enum BreachText {
    /// - Parameter name: the row's name; empty where the row is known already (its own detail).
    /// - Parameter now: the time of the data it is read against (an open breach has lasted until then).
    public static func describe(_ breach: Breach, name: String, now: Int64) -> String {
        let name = name.isEmpty ? "" : name + " "
        let metric = breach.metric
        let threshold = breach.threshold
        let label = MetricLabels.label(metric).lowercased()
        let symbol = threshold.direction.symbol
        let span = " for " + ValueText.age(breach.duration(now: now))
        guard let line = threshold.line(breach.shownLevel) ?? threshold.line(breach.worst) else {
            return "\(name)\(label) \(MetricText.format(.double(breach.lastValue), unit: metric.unit))\(span)"
        }
        let lineText = ComparedText.line(line, unit: metric.unit)
        func past(_ value: Double) -> String { ComparedText.value(value, pastLine: line, direction: threshold.direction, unit: metric.unit) }
        guard breach.isOpen else {
            return "\(name)\(label) worst \(past(breach.worstValue)) \(symbol) \(lineText)\(span)"
        }
        if threshold.isPast(breach.lastValue, line) {
            return "\(name)\(label) \(past(breach.lastValue)) \(symbol) \(lineText)\(span)"
        }
        let now = MetricText.format(.double(breach.lastValue), unit: metric.unit)
        return "\(name)\(label) \(now) (worst \(past(breach.worstValue)) \(symbol) \(lineText))\(span)"
    }
}
