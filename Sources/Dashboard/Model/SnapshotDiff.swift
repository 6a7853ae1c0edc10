import KeyMetrics
import MetricsClient

/// What changed between two successive snapshots of the same grouping: a delta per cell, and the rows
/// that are new or gone. The board shows deltas as ▲/▼ and marks new and vanished rows for one poll.
public struct SnapshotDiff: Sendable, Equatable {
    /// `current − previous` for every cell with a value in both; absent when either is "no data".
    public var deltas: [String: [Metric: Double]]
    public var allDeltas: [Metric: Double]
    /// Keys in the current snapshot that were not in the previous one.
    public var newKeys: Set<String>
    /// Rows of the previous snapshot missing from the current one, as they last were.
    public var goneRows: [MetricsResponse.Group]

    public init(deltas: [String: [Metric: Double]] = [:], allDeltas: [Metric: Double] = [:], newKeys: Set<String> = [], goneRows: [MetricsResponse.Group] = []) {
        self.deltas = deltas
        self.allDeltas = allDeltas
        self.newKeys = newKeys
        self.goneRows = goneRows
    }

    /// The diff of `current` against `previous`; with no previous snapshot nothing is new (a first poll
    /// would otherwise mark every row).
    public init(previous: Snapshot?, current: Snapshot) {
        self.init()
        guard let previous else { return }
        let before = Dictionary(previous.groups.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let currentKeys = Set(current.groups.map(\.key))
        for group in current.groups {
            guard let old = before[group.key] else {
                newKeys.insert(group.key)
                continue
            }
            let cells = Self.deltas(old.metrics, group.metrics)
            if !cells.isEmpty { deltas[group.key] = cells }
        }
        goneRows = previous.groups.filter { !currentKeys.contains($0.key) }
        if let old = previous.all, let new = current.all { allDeltas = Self.deltas(old, new) }
    }

    /// The change of one cell, if it has one.
    public func delta(key: String?, metric: Metric) -> Double? {
        guard let key else { return allDeltas[metric] }
        return deltas[key]?[metric]
    }

    private static func deltas(_ old: MetricValues, _ new: MetricValues) -> [Metric: Double] {
        var cells: [Metric: Double] = [:]
        for (metric, value) in new {
            guard let value, let previous = old[metric] else { continue }
            let change = value.doubleValue - previous.doubleValue
            if change != 0 { cells[metric] = change }
        }
        return cells
    }
}
