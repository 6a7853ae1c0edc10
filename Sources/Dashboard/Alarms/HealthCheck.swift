import KeyMetrics
import MetricsClient

/// One look at a snapshot against the board's thresholds, for monitoring systems (`kmmtop snapshot
/// --check`): which rows are past which lines, and the worst of them. A single poll has no history, so
/// there is no dwell (`for:`) and no hysteresis: a value past its line now is a breach now, as a
/// Nagios or Icinga check reads one sample. A metric without data in a row (`null`) is not judged.
public struct HealthCheck: Sendable, Equatable {
    public struct Finding: Sendable, Equatable {
        /// The group's key, or `nil` for the account row.
        public var key: String?
        /// The group's name as the table prints it (`ALL` for the account row).
        public var name: String
        public var metric: Metric
        public var severity: Severity
        public var value: Double
        public var threshold: Threshold

        /// The line the value is past.
        public var line: Double { threshold.line(severity) ?? 0 }

        /// `Tech Support wait 6m12s > 5m`: the comparison reads true as printed (``ComparedText``).
        public var text: String {
            let unit = metric.unit
            let value = ComparedText.value(value, pastLine: line, direction: threshold.direction, unit: unit)
            return "\(name) \(MetricLabels.label(metric).lowercased()) \(value) \(threshold.direction.symbol) \(ComparedText.line(line, unit: unit))"
        }
    }

    /// Breaches, critical first, then in the snapshot's row order (the account row first) and the
    /// catalog's metric order within a row.
    public var findings: [Finding]
    /// The account row's value of every metric with a line there, for the performance data.
    public var measured: [(metric: Metric, value: Double, threshold: Threshold)]
    /// Rows judged: the account row and each group.
    public var rows: Int
    /// Values compared with a line (a row's metric with a line and data): none means nothing was checked.
    public var judged: Int

    public var status: Severity { findings.map(\.severity).max() ?? .ok }

    public static func == (lhs: HealthCheck, rhs: HealthCheck) -> Bool {
        lhs.findings == rhs.findings && lhs.rows == rhs.rows && lhs.judged == rhs.judged
            && lhs.measured.map(\.metric) == rhs.measured.map(\.metric) && lhs.measured.map(\.value) == rhs.measured.map(\.value)
    }

    public static func evaluate(_ snapshot: Snapshot, thresholds: ThresholdSet) -> HealthCheck {
        var findings: [Finding] = []
        var measured: [(metric: Metric, value: Double, threshold: Threshold)] = []
        var rows: [(key: String?, name: String, values: MetricValues)] = []
        var judged = 0
        if let all = snapshot.all { rows.append((nil, "ALL", all)) }
        // Names sanitised as the table prints them (a name from the network may carry escapes).
        rows += snapshot.groups.map { ($0.key, SnapshotTable.displayName($0), $0.metrics) }
        for row in rows {
            // In the catalog's order, so the output does not depend on the order the server sent.
            for metric in Metric.allCases where row.values.contains(metric) {
                guard let threshold = thresholds.threshold(for: metric, key: row.key),
                    let value = row.values[metric]?.doubleValue, value.isFinite
                else { continue }
                judged += 1
                if row.key == nil { measured.append((metric, value, threshold)) }
                let severity = threshold.plainSeverity(of: value)
                guard severity > .ok else { continue }
                findings.append(Finding(key: row.key, name: row.name, metric: metric, severity: severity, value: value, threshold: threshold))
            }
        }
        // Stable: equal severities keep the row order.
        let ordered = findings.enumerated().sorted { ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset) }.map(\.element)
        return HealthCheck(findings: ordered, measured: measured, rows: rows.count, judged: judged)
    }
}
