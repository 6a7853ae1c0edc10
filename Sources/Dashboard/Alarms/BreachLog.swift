import KeyMetrics

/// One breach: a cell that went past a line, when, how far, and (once over) when it ended.
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
    public var end: Int64?

    public var id: ID { ID(key: key, metric: metric, onset: onset) }
    public var isOpen: Bool { end == nil }

    /// How long it has lasted (until `now` while open).
    public func duration(now: Int64) -> Int64 { (end ?? now) - onset }
}

/// Every cell's alarm state and the log of breaches, advanced one snapshot at a time. Pure: `observe`
/// returns the next log; nothing here reads a clock.
public struct BreachLog: Sendable, Hashable {
    public private(set) var cells: [CellKey: CellAlarm] = [:]
    /// Newest first; bounded to `capacity` entries (open ones are never dropped).
    public private(set) var breaches: [Breach] = []
    public var capacity: Int

    public struct CellKey: Sendable, Hashable {
        public var key: String?
        public var metric: Metric
    }

    public init(capacity: Int = 500) {
        self.capacity = capacity
    }

    /// The alarm of one cell (`.ok` when it has none).
    public func alarm(key: String?, metric: Metric) -> CellAlarm { cells[CellKey(key: key, metric: metric)] ?? CellAlarm() }

    public var open: [Breach] { breaches.filter(\.isOpen) }

    /// Feeds one row's values at `now`. Rows not fed keep their state (a row missing from one poll is
    /// not a recovery); call ``forget(keys:at:)`` for rows that are really gone.
    public mutating func observe(key: String?, name: String, values: MetricValues, thresholds: ThresholdSet, at now: Int64) {
        let alarmed = Set(cells.keys.filter { $0.key == key }.map(\.metric))
        for metric in Set(values.metrics).union(metricsWithThresholds(thresholds, key: key)).union(alarmed) {
            let cellKey = CellKey(key: key, metric: metric)
            guard let threshold = thresholds.threshold(for: metric, key: key) else {
                // Its threshold was removed (a reloaded configuration): the breach is over.
                if let before = cells.removeValue(forKey: cellKey) {
                    record(key: key, name: name, metric: metric, before: before, after: CellAlarm(), value: nil, direction: .above, at: now)
                }
                continue
            }
            let before = cells[cellKey] ?? CellAlarm()
            let value = values[metric]?.doubleValue
            let after = before.observing(value, threshold: threshold, at: now)
            cells[cellKey] = after.level == .ok && after.pending == nil ? nil : after
            record(key: key, name: name, metric: metric, before: before, after: after, value: value, direction: threshold.direction, at: now)
        }
    }

    /// Ends the breaches of rows that vanished, at `now`.
    public mutating func forget(keys: Set<String>, at now: Int64) {
        for cellKey in cells.keys where cellKey.key.map(keys.contains) == true {
            let before = cells[cellKey]!
            cells[cellKey] = nil
            record(key: cellKey.key, name: "", metric: cellKey.metric, before: before, after: CellAlarm(), value: nil, direction: .above, at: now)
        }
    }

    private func metricsWithThresholds(_ thresholds: ThresholdSet, key: String?) -> Set<Metric> {
        var metrics = Set(thresholds.perMetric.keys)
        if let key, let override = thresholds.overrides[key] { metrics.formUnion(override.keys) }
        return metrics
    }

    private mutating func record(
        key: String?, name: String, metric: Metric, before: CellAlarm, after: CellAlarm, value: Double?,
        direction: Threshold.Direction, at now: Int64
    ) {
        let openIndex = breaches.firstIndex { $0.isOpen && $0.key == key && $0.metric == metric }
        switch (before.level, after.level) {
        case (.ok, .ok):
            return
        case (.ok, _):
            let onset = after.onset ?? now
            breaches.insert(
                Breach(key: key, name: name, metric: metric, onset: onset, worst: after.level, level: after.level,
                    lastValue: value ?? 0, worstValue: value ?? 0, end: nil), at: 0)
            trim()
        case (_, .ok):
            if let openIndex {
                breaches[openIndex].level = .ok
                breaches[openIndex].end = now
            }
        default:
            guard let openIndex, let value else { return }
            breaches[openIndex].level = after.level
            breaches[openIndex].worst = max(breaches[openIndex].worst, after.level)
            breaches[openIndex].lastValue = value
            let worst = breaches[openIndex].worstValue
            breaches[openIndex].worstValue = direction == .above ? max(worst, value) : min(worst, value)
        }
    }

    private mutating func trim() {
        while breaches.count > capacity, let index = breaches.lastIndex(where: { !$0.isOpen }) {
            breaches.remove(at: index)
        }
    }
}
