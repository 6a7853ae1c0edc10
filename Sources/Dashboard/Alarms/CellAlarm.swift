import KeyMetrics

/// One cell's alarm (a row and a metric) between polls: the severity it holds, and a higher severity
/// it has reached but not yet held for the threshold's dwell time.
public struct CellAlarm: Sendable, Hashable {
    /// The severity shown and logged.
    public var level: Severity = .ok
    /// When the value first crossed into the breach it is in now (`nil` while `.ok`): the breach's onset.
    public var onset: Int64?
    /// A higher severity reached but not yet for the dwell time, and since when.
    public var pending: Severity?
    public var pendingSince: Int64?

    public init(level: Severity = .ok, onset: Int64? = nil, pending: Severity? = nil, pendingSince: Int64? = nil) {
        self.level = level
        self.onset = onset
        self.pending = pending
        self.pendingSince = pendingSince
    }

    /// Nothing to remember: no breach and none pending.
    public var isQuiet: Bool { level == .ok && pending == nil }

    /// The next state after observing `value` at `now` (epoch ms).
    ///
    /// - "No data" (`nil`) clears the cell: there is nothing to be in breach about.
    /// - Falling back past the hysteresis margin takes effect at once; holding keeps the onset.
    /// - Rising fires once the value has stayed past the line for the dwell time; the onset is the
    ///   moment it first crossed, so "for 4m12s" counts the dwell too.
    public func observing(_ value: Double?, threshold: Threshold, unit: Metric.Unit, at now: Int64) -> CellAlarm {
        guard let value, value.isFinite else { return CellAlarm() }
        let reached = threshold.severity(of: value, holding: level, unit: unit)
        if reached <= level {
            return reached == .ok ? CellAlarm() : CellAlarm(level: reached, onset: onset)
        }
        let start = pendingSince ?? now
        if now - start >= threshold.dwellMillis {
            return CellAlarm(level: reached, onset: level == .ok ? start : onset)
        }
        return CellAlarm(level: level, onset: onset, pending: reached, pendingSince: start)
    }
}
