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
/// line for `dwellMillis`, and clears only once it is back by the hysteresis margin, so a value
/// hovering on the line does not flap.
///
/// The margin fits the unit: counts are whole numbers, so a count's margin is a whole number too
/// (`online < 3` with 5 % has no margin at all and clears at 3; `online < 40` clears at 42), and every
/// comparison is strict, entering and holding alike.
public struct Threshold: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case above
        case below

        /// `>` or `<`, as the breach line prints it.
        public var symbol: String { self == .above ? ">" : "<" }
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

    /// How far back past `line` a value must come to leave the level, in the unit's own steps.
    public func margin(of line: Double, unit: Metric.Unit) -> Double {
        let margin = abs(line) * hysteresis
        return unit == .count ? margin.rounded(.down) : margin
    }

    /// Whether `value` is strictly past `line` in this threshold's direction.
    public func isPast(_ value: Double, _ line: Double) -> Bool {
        direction == .above ? value > line : value < line
    }

    /// The severity `value` reaches, given the severity it holds now: entering a level needs the value
    /// past the line, staying needs it past the line moved back by the margin.
    public func severity(of value: Double, holding current: Severity, unit: Metric.Unit) -> Severity {
        for level in [Severity.crit, .warn] {
            guard let line = line(level) else { continue }
            let margin = current >= level ? margin(of: line, unit: unit) : 0
            if isPast(value, direction == .above ? line - margin : line + margin) { return level }
        }
        return .ok
    }

    /// The severity of `value` on its own, with no history: what a cell's mark claims.
    public func plainSeverity(of value: Double) -> Severity {
        if let crit, isPast(value, crit) { return .crit }
        if let warn, isPast(value, warn) { return .warn }
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

    /// The metrics with a line in the row `key`.
    public func metrics(for key: String?) -> [Metric] {
        guard let key, let override = overrides[key] else { return Array(perMetric.keys) }
        return Array(Set(perMetric.keys).union(override.keys))
    }

    public var isEmpty: Bool { perMetric.isEmpty && overrides.isEmpty }
}
