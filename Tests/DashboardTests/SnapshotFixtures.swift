import KeyMetrics
import MetricsClient

/// A small snapshot by skill with every kind of value: counts, a load, a duration, "no data", a Japanese
/// name, a name with escape sequences, a name that looks like a formula and one with a comma and quotes.
enum SnapshotFixtures {
    static let metrics: [Metric] = [.onlineAgents, .humanAgentLoad, .avgWaitTime, .closedConversations]

    static func values(_ online: Int64?, _ load: Double?, _ wait: Double?, _ closed: Int64?) -> MetricValues {
        MetricValues([
            (.avgWaitTime, wait.map(MetricValue.double)),
            (.closedConversations, closed.map(MetricValue.long)),
            (.humanAgentLoad, load.map(MetricValue.double)),
            (.onlineAgents, online.map(MetricValue.long)),
        ])
    }

    static func snapshot(groupBy: GroupBy? = .skillId, groups: [MetricsResponse.Group]? = nil) -> Snapshot {
        let query = MetricsQuery(
            time: RequestedTime(from: 1_764_034_800_000, to: 1_764_038_400_000),
            byTime: [.avgWaitTime, .closedConversations], currentValue: [.onlineAgents, .humanAgentLoad],
            sections: groupBy == nil ? [.all] : [.all, .groupBy], groupBy: groupBy)
        return Snapshot(
            query: query, fetchedAt: 1_764_038_400_123, all: values(42, 0.8125, 72_031.5, 312),
            groups: groups ?? defaultGroups, totalCount: (groups ?? defaultGroups).count, requestCount: 1)
    }

    static let defaultGroups: [MetricsResponse.Group] = [
        .init(key: "1641709730", keyDescription: "Billing", metrics: values(12, 0.75, 58_400, 97)),
        .init(key: "1641709731", keyDescription: "日本語サポート", metrics: values(3, nil, nil, 0)),
        .init(key: "1641709732", keyDescription: "\u{1b}[2J\u{1b}]0;pwned\u{7}Sales", metrics: values(0, 1.18, 372_000, 5)),
        .init(key: "999", keyDescription: "NA", metrics: values(nil, nil, 3_725_000, nil)),
    ]
}
