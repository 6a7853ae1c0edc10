import KeyMetrics

/// The mark a cell carries (`!`, `‼`, and its colour): the value on screen against the lines in force,
/// now. No history goes into it, so the same value always carries the same mark; the breach line and
/// the log are where dwell ("for 30s") and hysteresis (held until back by the margin) speak.
public enum CellMark {
    public static func severity(_ value: MetricValue?, threshold: Threshold?) -> Severity {
        guard let value, let threshold, value.doubleValue.isFinite else { return .ok }
        return threshold.plainSeverity(of: value.doubleValue)
    }
}
