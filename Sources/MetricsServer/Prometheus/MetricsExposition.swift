import Foundation
import KeyMetrics

/// The samples of `GET /metrics`: each metric of each view served, as its latest answer had it, and
/// (from a relay) the relay's own figures.
///
/// Names are `kmm_` and the API's snake_case name, in base units as Prometheus wants them: durations
/// in seconds (`kmm_avg_wait_time_seconds`), ratios as `_ratio`. Labels: `account`, `group_by`
/// (`skillId`, `agentGroupId`, `agentId`, or `all` for the account row), `key`, `name` (the group's
/// name), `window` (the view's window length) and `filters` (the view's filters, empty for none), so
/// that two views never give the same series.
enum MetricsExposition {
    static func samples(account: String, views: [ServedViews.Answer], into text: inout PrometheusText) {
        let decoder = JSONDecoder()
        for view in views {
            // The server wrote these bytes (or the upstream did, and the relay passed them on): one that
            // does not read as an answer is left out, not a failed scrape.
            guard let response = try? decoder.decode(MetricsResponse.self, from: Data(view.body)) else { continue }
            let window = windowText(view.query.time.to &- view.query.time.from)
            let filters = filterText(view.query)
            func add(_ values: MetricValues, groupBy: String, key: String, name: String) {
                for (metric, value) in values {
                    guard let value else { continue }
                    let (family, scaled) = family(metric, value.doubleValue)
                    text.set(
                        family, help: help(metric),
                        labels: [("account", account), ("group_by", groupBy), ("key", key), ("name", name), ("window", window), ("filters", filters)],
                        scaled)
                }
            }
            if let all = response.all { add(all.metrics, groupBy: "all", key: "", name: "") }
            if let section = response.groupBy {
                for group in section.groups { add(group.metrics, groupBy: section.groupByField, key: group.key, name: group.keyDescription) }
            }
        }
    }

    /// The family name and the value in its unit.
    static func family(_ metric: Metric, _ value: Double) -> (String, Double) {
        switch metric.info.unit {
        case .milliseconds: ("kmm_\(metric.info.wireName)_seconds", value / 1000)
        case .fraction: ("kmm_\(metric.info.wireName)_ratio", value)
        case .count: ("kmm_\(metric.info.wireName)", value)
        }
    }

    static func help(_ metric: Metric) -> String {
        let kind = metric.info.kind == .byTime ? "over the view's window" : "now"
        let unit: String
        switch metric.info.unit {
        case .milliseconds: unit = ", in seconds"
        case .fraction: unit = ", as a fraction (1 is 100%)"
        case .count: unit = ""
        }
        return "The Key Messaging Metrics API's \(metric.info.wireName), \(kind)\(unit), from the latest answer served."
    }

    /// `1h`, `15m`, `90s`: the window's length in its largest whole unit.
    static func windowText(_ millis: Int64) -> String {
        let seconds = max(0, millis) / 1000
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// `skillIds=1|2 userTypes=HUMAN includeSubGroups=true`, empty for no filter.
    static func filterText(_ query: MetricsQuery) -> String {
        var parts: [String] = []
        func list(_ name: String, _ ids: Set<String>?) {
            if let ids, !ids.isEmpty { parts.append("\(name)=\(ids.sorted().joined(separator: "|"))") }
        }
        list("agentIds", query.agentIds)
        list("agentGroupIds", query.agentGroupIds)
        list("skillIds", query.skillIds)
        list("userTypes", query.userTypes.map { Set($0.map(\.rawValue)) })
        if query.includeSubGroups { parts.append("includeSubGroups=true") }
        return parts.joined(separator: " ")
    }
}
