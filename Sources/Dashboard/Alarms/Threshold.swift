import KeyMetrics

/// How bad a value is. Ordered, so escalation is `>`.
public enum Severity: Int, Sendable, Hashable, Comparable, CaseIterable {
    case ok = 0
    case warn = 1
    case crit = 2

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A warn/critical line for one metric, in the metric's own unit (milliseconds, fraction, count).
///
/// `above` breaches when the value goes over the line (waits, loads); `below` when it goes under it
/// (online agents): `warn: 2m` fires past two minutes, `below_warn: 3` with fewer than three agents, as
/// the breach line reads (`wait 6m12s > 5m`). A breach fires only after the value has stayed past the
/// line for `dwellMillis`, and clears only once it is back by `hysteresis` (a fraction of the line), so
/// a value hovering on the line does not flap.
public struct Threshold: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case above
        case below
    }

    public var direction: Direction
    public var warn: Double?
    public var crit: Double?
    public var dwellMillis: Int64
    public var hysteresis: Double

    public static let defaultHysteresis = 0.05

    public init(direction: Direction = .above, warn: Double?, crit: Double?, dwellMillis: Int64 = 0, hysteresis: Double = Threshold.defaultHysteresis) {
        self.direction = direction
        self.warn = warn
        self.crit = crit
        self.dwellMillis = dwellMillis
        self.hysteresis = hysteresis
    }

    /// The line for a severity (`nil` for `.ok` or when that line is not set).
    public func line(_ severity: Severity) -> Double? {
        switch severity {
        case .ok: nil
        case .warn: warn
        case .crit: crit
        }
    }

    /// The severity `value` reaches, given the severity it holds now: entering a level needs the value
    /// past the line, staying needs only to be within the hysteresis margin of it.
    public func severity(of value: Double, holding current: Severity) -> Severity {
        for level in [Severity.crit, .warn] {
            guard let line = line(level) else { continue }
            let margin = abs(line) * hysteresis
            let past: Bool
            switch direction {
            case .above: past = current >= level ? value >= line - margin : value > line
            case .below: past = current >= level ? value <= line + margin : value < line
            }
            if past { return level }
        }
        return .ok
    }
}

/// The thresholds in force: one per metric, and per-group overrides by group key (a skill or group id).
public struct ThresholdSet: Sendable, Hashable {
    public var perMetric: [Metric: Threshold]
    public var overrides: [String: [Metric: Threshold]]

    public init(perMetric: [Metric: Threshold] = [:], overrides: [String: [Metric: Threshold]] = [:]) {
        self.perMetric = perMetric
        self.overrides = overrides
    }

    /// The threshold for `metric` in the row `key` (`nil` for the ALL row): the override, else the default.
    public func threshold(for metric: Metric, key: String?) -> Threshold? {
        if let key, let override = overrides[key]?[metric] { return override }
        return perMetric[metric]
    }

    public var isEmpty: Bool { perMetric.isEmpty && overrides.isEmpty }
}
