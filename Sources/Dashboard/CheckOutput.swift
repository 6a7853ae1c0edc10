import KeyMetrics
import MetricsClient

/// A ``HealthCheck`` in the monitoring-plugin format that Nagios, Icinga, Naemon and Sensu read: the
/// status line first, `KMMTOP CRITICAL - 2 breaches: Sales wait 6m12s > 5m; … | 'wait'=372s;120;300;0`,
/// then one line per breach, and the exit status 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
///
/// The performance data is the account row's value of each metric with a line there, in the unit the
/// plugin guidelines name (seconds `s`, percent `%`, plain counts), with the warn and crit lines in the
/// range syntax: `120` alerts above 120, `3:` below 3.
public enum CheckOutput {
    public enum Status: Int32, Sendable, CaseIterable {
        case ok = 0
        case warning = 1
        case critical = 2
        case unknown = 3

        public var word: String {
            switch self {
            case .ok: "OK"
            case .warning: "WARNING"
            case .critical: "CRITICAL"
            case .unknown: "UNKNOWN"
            }
        }
    }

    /// Breaches named on the status line; the rest are counted there and listed below it.
    public static let breachesOnStatusLine = 3

    public static func status(_ check: HealthCheck) -> Status {
        switch check.status {
        case .ok: .ok
        case .warn: .warning
        case .crit: .critical
        }
    }

    /// - Parameter groups: what the rows are, for the OK line (`12 skills`).
    public static func render(_ check: HealthCheck, groupBy: GroupBy?) -> String {
        let status = status(check)
        var summary: String
        if check.findings.isEmpty {
            let groups = max(0, check.rows - 1)
            switch groupBy {
            case .skillId: summary = "no breaches (account and \(groups) skill\(groups == 1 ? "" : "s"))"
            case .agentGroupId: summary = "no breaches (account and \(groups) agent group\(groups == 1 ? "" : "s"))"
            case nil: summary = "no breaches (account)"
            }
        } else {
            let count = check.findings.count
            let named = check.findings.prefix(breachesOnStatusLine).map { oneLine($0.text) }.joined(separator: "; ")
            let more = count > breachesOnStatusLine ? "; and \(count - breachesOnStatusLine) more" : ""
            summary = "\(count) breach\(count == 1 ? "" : "es"): \(named)\(more)"
        }
        var out = "KMMTOP \(status.word) - \(summary)"
        let data = check.measured.map { performance($0.metric, $0.value, $0.threshold) }
        if !data.isEmpty { out += " | " + data.joined(separator: " ") }
        out += "\n"
        for finding in check.findings {
            out += "\(finding.severity == .crit ? "CRITICAL" : "WARNING"): \(oneLine(finding.text))\n"
        }
        return out
    }

    /// The line for a check that could not be made (the server unreachable, a bad answer, a bad flag).
    public static func unknown(_ message: String) -> String {
        "KMMTOP UNKNOWN - \(oneLine(message))\n"
    }

    /// One line with no `|`, which would start the performance data.
    static func oneLine(_ text: String) -> String {
        let flat = String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
        return String(TextSanitizer.sanitize(flat).map { $0 == "|" ? "/" : $0 })
    }

    /// `'wait'=372s;120;300;0`: label, value and unit, warn, crit, minimum.
    static func performance(_ metric: Metric, _ value: Double, _ threshold: Threshold) -> String {
        let (scale, unit): (Double, String) =
            switch metric.unit {
            case .milliseconds: (0.001, "s")
            case .fraction: (100, "%")
            case .count: (1, "")
            }
        // A line too large to write is left out rather than written as `U`, which a range cannot hold.
        func range(_ line: Double?) -> String {
            guard let line, case let text = number(line * scale), text != "U" else { return "" }
            return threshold.direction == .above ? text : text + ":"
        }
        let measured = number(value * scale)
        // A quote in a label is doubled, as the format asks (none of the labels has one today).
        let label = MetricLabels.label(metric).lowercased().flatMap { $0 == "'" ? ["'", "'"] : [$0] }
        return "'\(String(label))'=\(measured)\(measured == "U" ? "" : unit);\(range(threshold.warn));\(range(threshold.crit));0"
    }

    /// Up to three decimals, trailing zeros dropped, never an exponent; `U` (undeterminable, in the
    /// format's own words) for a value too large to write that way.
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "U" }
        let thousandths = Int64((abs(value) * 1000).rounded())
        let whole = thousandths / 1000
        var fraction = String(thousandths % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 && thousandths > 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
