import DequeModule
import KeyMetrics

/// The last `capacity` values of each (row, metric), oldest first, for the detail view's sparklines.
/// Bounded: a wall terminal runs for days.
public struct History: Sendable, Equatable {
    public struct Key: Sendable, Hashable {
        public var key: String?
        public var metric: Metric
    }

    public let capacity: Int
    private var series: [Key: Deque<Double?>] = [:]

    public init(capacity: Int = 120) {
        self.capacity = max(1, capacity)
    }

    /// Appends one poll's values of a row (`key` `nil` for ALL); "no data" is kept as a gap.
    public mutating func append(key: String?, values: MetricValues) {
        for (metric, value) in values {
            let k = Key(key: key, metric: metric)
            var points = series[k] ?? []
            points.append(value?.doubleValue)
            if points.count > capacity { points.removeFirst(points.count - capacity) }
            series[k] = points
        }
    }

    /// Drops rows no longer shown, so the memory follows the rows on screen.
    public mutating func retain(keys: Set<String>) {
        series = series.filter { $0.key.key.map(keys.contains) ?? true }
    }

    public func values(key: String?, metric: Metric) -> [Double?] {
        Array(series[Key(key: key, metric: metric)] ?? [])
    }
}
