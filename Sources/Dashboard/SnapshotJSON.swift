import KeyMetrics
import MetricsClient

/// A snapshot as JSON, for scripts. The shape is stable and documented (README, `kmmtop snapshot`):
///
/// ```json
/// {
///   "account": "90412345",
///   "all": {"avgWaitTime": 72031.5, "onlineAgents": 42},
///   "fetchedAt": 1764038400000,
///   "groupBy": "skillId",
///   "groups": [{"key": "1641709730", "metrics": {"avgWaitTime": null, "onlineAgents": 12}, "name": "Billing"}],
///   "window": {"from": 1764034800000, "to": 1764038400000}
/// }
/// ```
///
/// - Times are epoch milliseconds: `fetchedAt` when the first request went out, `window` the time filter
///   as sent. `groupBy` is `skillId`, `agentGroupId`, or `null` (then `groups` is empty).
/// - `metrics` (in `all` and in every group) has every metric asked for, by response key, with the raw
///   value (milliseconds, fractions, counts) or `null` for no data.
/// - `groups` keeps the server's order; `name` is the server's `keyDescription` (`"NA"` when unknown).
/// - Keys are sorted; strings keep the server's text, with anything a terminal would act on escaped.
public enum SnapshotJSON {
    public static func render(_ snapshot: Snapshot, account: String, metrics: [Metric]? = nil) -> String {
        document(snapshot, account: account, metrics: metrics).rendered()
    }

    public static func document(_ snapshot: Snapshot, account: String, metrics: [Metric]? = nil) -> JSONText {
        let columns = metrics ?? snapshot.query.metrics
        func values(_ values: MetricValues?) -> JSONText {
            var members: [String: JSONText] = [:]
            for metric in columns {
                members[metric.responseKey] = values?[metric].flatMap(MetricText.raw).map(JSONText.number) ?? .null
            }
            return .object(members)
        }
        let groups = snapshot.groups.map { group in
            JSONText.object(["key": .string(group.key), "name": .string(group.keyDescription), "metrics": values(group.metrics)])
        }
        return .object([
            "account": .string(account),
            "fetchedAt": .number(String(snapshot.fetchedAt)),
            "window": .object([
                "from": .number(String(snapshot.query.time.from)), "to": .number(String(snapshot.query.time.to)),
            ]),
            "groupBy": snapshot.query.groupBy.map { .string($0.rawValue) } ?? .null,
            "all": values(snapshot.all),
            "groups": .array(groups),
        ])
    }
}
