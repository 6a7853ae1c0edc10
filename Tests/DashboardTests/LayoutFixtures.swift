import Dashboard
import Foundation
import KeyMetrics
import MetricsClient

/// A fixed board for the golden tests: five skills (one Japanese, one with a long name, one with
/// escape sequences in its name), thresholds, two polls (so deltas, a new row and a gone row show).
enum LayoutFixtures {
    static let t0: Int64 = 1_764_000_000_000

    static func group(_ key: String, _ name: String, _ values: [(Metric, MetricValue?)]) -> MetricsResponse.Group {
        MetricsResponse.Group(key: key, keyDescription: name, metrics: MetricValues(values))
    }

    static func row(_ key: String, _ name: String, online: Int64, wait: Double?, load: Double, closed: Int64) -> MetricsResponse.Group {
        group(key, name, [
            (.onlineAgents, .long(online)), (.backSoonAgents, .long(online / 4)), (.awayAgents, .long(2)),
            (.availableSlots, .long(online * 2)), (.assignedConversations, .long(online * 3)),
            (.activeConversations, .long(online * 2)), (.agentLoad, .double(load - 0.05)), (.humanAgentLoad, .double(load)),
            (.humanOnlineLoad, .double(load + 0.02)), (.avgWaitTime, wait.map { .double($0) }),
            (.avgWaitTimeFirstResponse, wait.map { .double($0 * 1.4) }), (.avgTimeToResponse, .double(62_000)),
            (.avgTimeToFirstResponseFirstAssignment, .double(58_000)), (.closedConversations, .long(closed)),
            (.closedByAgent, .long(closed / 2)), (.closedByConsumer, .long(closed / 3)),
            (.autoClosed, .long(closed - closed / 2 - closed / 3)),
        ] + queue(wait: wait))
    }

    /// The queue of a skill whose average wait is `wait`: who waits now, overdue past 5m, p50 and p90
    /// (absent with nobody waiting, as the server sends them).
    static func queue(wait: Double?) -> [(Metric, MetricValue?)] {
        guard let wait, wait >= 30_000 else {
            return [(.unassignedConversations, .long(0)), (.overdueConversationsInQueue, .long(0))]
        }
        return [
            (.unassignedConversations, .long(Int64(wait / 30_000))), (.overdueConversationsInQueue, .long(wait > 300_000 ? 2 : 0)),
            (.queueWaitTime50thPercentile, .long(Int64(wait * 0.6))), (.queueWaitTime90thPercentile, .long(Int64(wait * 1.8))),
        ]
    }

    static func snapshot(_ groups: [MetricsResponse.Group], at: Int64, grouping: GroupBy = .skillId) -> Snapshot {
        let all = group("", "", [
            (.onlineAgents, .long(42)), (.backSoonAgents, .long(3)), (.awayAgents, .long(7)), (.availableSlots, .long(31)),
            (.agentLoad, .double(0.78)), (.humanAgentLoad, .double(0.81)), (.avgWaitTime, .double(72_000)),
            (.avgWaitTimeFirstResponse, .double(123_000)), (.closedConversations, .long(at == t0 ? 300 : 312)),
            (.unassignedConversations, .long(19)), (.queueWaitTime90thPercentile, .long(669_600)),
        ]).metrics
        return Snapshot(query: MetricsQuery(time: RequestedTime(from: at - 3_600_000, to: at), groupBy: grouping),
            fetchedAt: at, all: all, groups: groups, totalCount: groups.count, requestCount: 1)
    }

    static let thresholds = ThresholdSet(perMetric: [
        .avgWaitTime: Threshold(warn: 120_000, crit: 300_000),
        .humanAgentLoad: Threshold(warn: 0.85, crit: 0.95),
        .onlineAgents: Threshold(direction: .below, warn: 3, crit: 1),
    ])

    static func board(columns: Int, rows: Int) -> DashboardState {
        var state = DashboardState(account: "90412345", isDemo: true, thresholds: thresholds)
        _ = reduce(&state, .resize(.init(columns: columns, rows: rows)))
        let first = [
            row("11", "Billing", online: 10, wait: 50_000, load: 0.62, closed: 40),
            row("12", "Sales", online: 8, wait: 95_000, load: 0.97, closed: 55),
            row("13", "Tech Support", online: 6, wait: 372_000, load: 0.90, closed: 31),
            row("14", "Old Queue", online: 1, wait: nil, load: 0.10, closed: 2),
        ]
        let second = [
            row("11", "Billing", online: 12, wait: 48_000, load: 0.60, closed: 44),
            row("12", "Sales", online: 8, wait: 99_000, load: 0.97, closed: 58),
            row("13", "Tech Support", online: 5, wait: 372_000, load: 0.91, closed: 33),
            row("15", "カスタマーサポート", online: 4, wait: 130_000, load: 0.55, closed: 12),
            row("16", "Premium Customer Retention and Loyalty Escalations Desk", online: 2, wait: 20_000, load: 0.40, closed: 7),
            row("17", "\u{1b}[2J\u{1b}]0;pwned\u{7}", online: 3, wait: 10_000, load: 0.30, closed: 1),
        ]
        let groupsFirst = [row("1", "Contact Center", online: 42, wait: 72_000, load: 0.81, closed: 300)]
        func answer(_ key: ViewKey, _ at: Int64) -> Snapshot {
            key.grouping == .skill ? snapshot(at == t0 ? first : second, at: at) : snapshot(groupsFirst, at: at, grouping: .agentGroupId)
        }
        state.poll(at: t0, answer)
        _ = reduce(&state, .tick(now: t0 + 10_000))
        state.answer(budget: BudgetUsage(inFlight: 0, maxConcurrent: 2, usedLastMinute: 18, requestsPerMinute: 60), answer)
        _ = reduce(&state, .tick(now: t0 + 14_000))
        return state
    }
}
