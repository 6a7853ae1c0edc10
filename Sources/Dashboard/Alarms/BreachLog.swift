import DequeModule
import KeyMetrics

/// One breach: a cell that went past a line, when, how far, under which limits, and (once over) when
/// it ended.
public struct Breach: Sendable, Hashable, Identifiable {
    public struct ID: Sendable, Hashable {
        /// The row's group key, `nil` for the ALL row.
        public var key: String?
        public var metric: Metric
        public var onset: Int64
    }

    public var key: String?
    /// The row's name when the breach began (sanitised later, at drawing).
    public var name: String
    public var metric: Metric
    public var onset: Int64
    /// The worst severity it reached.
    public var worst: Severity
    /// The severity it holds now (`.ok` once ended).
    public var level: Severity
    /// The latest value seen while in breach, and the worst.
    public var lastValue: Double
    public var worstValue: Double
    /// The limits in force: a reload that moves them words it by the new ones from then on (it goes on
    /// while the value is still past a line, and ends then and there when it is not).
    public var threshold: Threshold
    public var end: Int64?
    /// The value it ended on (`nil`: no data, a removed line, a vanished row), and the line it was back
    /// inside of then (`nil` when no line was left).
    public var endValue: Double?
    public var endLimit: Double?

    public var id: ID { ID(key: key, metric: metric, onset: onset) }
    public var isOpen: Bool { end == nil }
    /// The severity it is named by: the one it holds while open, the worst it reached once ended.
    public var shownLevel: Severity { isOpen ? level : worst }

    /// How long it has lasted (until `now` while open).
    public func duration(now: Int64) -> Int64 { (end ?? now) - onset }
}

/// Every cell's alarm state and the log of breaches, advanced one snapshot at a time. Pure: nothing
/// here reads a clock. Indexed by row, so feeding 2,000 rows costs 2,000 small look-ups, not a scan of
/// every alarm per row.
public struct BreachLog: Sendable, Hashable {
    public struct CellKey: Sendable, Hashable {
        public var key: String?
        public var metric: Metric
    }

    /// The cells that hold or approach a breach, by row; quiet cells are not stored.
    public private(set) var alarms: [String?: [Metric: CellAlarm]] = [:]
    private var openByCell: [CellKey: Breach] = [:]
    /// ``open`` in order, kept by ``sortOpen()`` so a frame does not sort hundreds of breaches.
    private var openSorted: [Breach]?
    /// Ended breaches, oldest first; with the open ones at most `capacity` (open ones are never dropped).
    private var ended = Deque<Breach>()
    public var capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
    }

    /// The alarm of one cell (`.ok` when it has none).
    public func alarm(key: String?, metric: Metric) -> CellAlarm { alarms[key]?[metric] ?? CellAlarm() }

    /// The open breaches, worst first, then oldest first: the breach line's order.
    public var open: [Breach] { openSorted ?? Self.inOrder(Array(openByCell.values)) }

    /// Sorts the open breaches once, after a batch of ``observe(key:name:values:thresholds:at:)``.
    public mutating func sortOpen() { openSorted = Self.inOrder(Array(openByCell.values)) }

    private static func inOrder(_ breaches: [Breach]) -> [Breach] {
        let order = breaches.indices.sorted { i, j in
            let (a, b) = (breaches[i], breaches[j])
            if a.level != b.level { return a.level > b.level }
            if a.onset != b.onset { return a.onset < b.onset }
            if a.name != b.name { return a.name < b.name }
            return a.metric.responseKey < b.metric.responseKey
        }
        return order.map { breaches[$0] }
    }

    public var openCount: Int { openByCell.count }

    /// The breach `id`, open or ended (ended ones searched newest first: the one asked for just ended).
    public func breach(_ id: Breach.ID) -> Breach? {
        if let open = openByCell[CellKey(key: id.key, metric: id.metric)], open.id == id { return open }
        return ended.last { $0.id == id }
    }

    /// Every breach kept, newest first.
    public var breaches: [Breach] {
        (Array(openByCell.values) + ended).sorted { a, b in
            if a.onset != b.onset { return a.onset > b.onset }
            return (a.name, a.metric.responseKey) < (b.name, b.metric.responseKey)
        }
    }

    /// Feeds one row's values at `now`. Rows not fed keep their state (a row missing from one poll is
    /// not a recovery); call ``forget(keys:at:)`` for rows that are really gone.
    public mutating func observe(key: String?, name: String, values: MetricValues, thresholds: ThresholdSet, at now: Int64) {
        openSorted = nil
        var row = alarms[key] ?? [:]
        var metrics = thresholds.metrics(for: key)
        for metric in row.keys where !metrics.contains(metric) { metrics.append(metric) }
        for metric in metrics {
            let cell = CellKey(key: key, metric: metric)
            var before = row[metric] ?? CellAlarm()
            guard let threshold = thresholds.threshold(for: metric, key: key) else {
                // Its threshold was removed (a reloaded configuration): the breach is over.
                row[metric] = nil
                close(cell, at: now)
                continue
            }
            let value = values[metric]?.doubleValue
            if var open = openByCell[cell], open.threshold != threshold {
                // New limits on a breach: judged against them as it stands (its level held, so no dwell
                // starts over). Still past a line, it goes on, from its onset, worded by the new limits;
                // otherwise the new limits end it now.
                let held = before.observing(value, threshold: threshold, unit: metric.unit, at: now)
                if held.level != .ok, let value {
                    open.threshold = threshold
                    open.level = held.level
                    open.worst = max(open.worst, held.level)
                    open.lastValue = value
                    open.worstValue = threshold.direction == .above ? max(open.worstValue, value) : min(open.worstValue, value)
                    openByCell[cell] = open
                    row[metric] = held
                    continue
                }
                close(cell, at: now, value: value, newLimits: threshold)
                before = CellAlarm()
            }
            let after = before.observing(value, threshold: threshold, unit: metric.unit, at: now)
            row[metric] = after.isQuiet ? nil : after
            record(cell, name: name, before: before, after: after, value: value, threshold: threshold, at: now)
        }
        alarms[key] = row.isEmpty ? nil : row
    }

    /// Ends the breaches of rows that vanished, at `now`.
    public mutating func forget(keys: Set<String>, at now: Int64) {
        openSorted = nil
        for key in keys {
            guard let row = alarms.removeValue(forKey: key) else { continue }
            for metric in row.keys { close(CellKey(key: key, metric: metric), at: now) }
        }
    }

    private mutating func record(
        _ cell: CellKey, name: String, before: CellAlarm, after: CellAlarm, value: Double?, threshold: Threshold, at now: Int64
    ) {
        switch (before.level, after.level) {
        case (.ok, .ok):
            return
        case (.ok, _):
            guard let value else { return }
            openByCell[cell] = Breach(
                key: cell.key, name: name, metric: cell.metric, onset: after.onset ?? now, worst: after.level,
                level: after.level, lastValue: value, worstValue: value, threshold: threshold, end: nil)
        case (_, .ok):
            close(cell, at: now, value: value)
        default:
            guard let value, var breach = openByCell[cell] else { return }
            breach.level = after.level
            breach.worst = max(breach.worst, after.level)
            breach.lastValue = value
            breach.worstValue = threshold.direction == .above ? max(breach.worstValue, value) : min(breach.worstValue, value)
            openByCell[cell] = breach
        }
    }

    /// Ends the cell's open breach at `now`. The line it ended inside of is its level's, under its own
    /// limits or under the `newLimits` that ended it (their lowest line when that level has none).
    private mutating func close(_ cell: CellKey, at now: Int64, value: Double? = nil, newLimits: Threshold? = nil) {
        guard var breach = openByCell.removeValue(forKey: cell) else { return }
        if let newLimits {
            breach.endLimit = newLimits.line(breach.level) ?? newLimits.warn ?? newLimits.crit
        } else {
            breach.endLimit = breach.threshold.line(breach.level)
        }
        breach.level = .ok
        breach.end = now
        breach.endValue = value
        ended.append(breach)
        while !ended.isEmpty, ended.count + openByCell.count > capacity { ended.removeFirst() }
    }
}
