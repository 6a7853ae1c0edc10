import KeyMetrics
import Testing

@Suite struct CatalogTests {
    /// The seed's lists, verbatim.
    static let seedByTime = """
        avg_wait_time avg_wait_time_first_response avg_time_to_response avg_time_to_first_response_first_assignment \
        closed_conversations closed_by_agent closed_by_consumer auto_closed
        """.split(separator: " ").map(String.init)
    static let seedCurrent = """
        assigned_conversations active_conversations agent_load human_agent_load human_online_load online_agents \
        back_soon_agents away_agents available_slots
        """.split(separator: " ").map(String.init)
    static let seedSortable = """
        agentLoad humanAgentLoad closedConversations avgTimeToResponse avgTimeToFirstResponseFirstAssignment \
        avgWaitTime avgWaitTimeFirstResponse assignedConversations activeConversations onlineAgents awayAgents backSoonAgents
        """.split(separator: " ").map(String.init)
    static let newerByTime = ["concluded_conversations", "csat", "avg_conversations_duration"]
    static let newerCurrent = [
        "unassigned_conversations", "human_away_load", "open_conversations", "overdue_conversations_in_queue",
        "overdue_conversations_assigned", "overdue_conversations_total", "queue_wait_time_50th_percentile",
        "queue_wait_time_90th_percentile",
    ]

    @Test func catalogHoldsTheSeedAndTheNewerNames() {
        #expect(Metric.allCases.count == 28)
        #expect(Set(Metric.all(.byTime).map(\.wireName)) == Set(Self.seedByTime + Self.newerByTime))
        #expect(Set(Metric.all(.currentValue).map(\.wireName)) == Set(Self.seedCurrent + Self.newerCurrent))
        #expect(Set(Metric.allCases.filter(\.info.inSeed).map(\.wireName)) == Set(Self.seedByTime + Self.seedCurrent))
        #expect(Set(Metric.sortable.map(\.responseKey)) == Set(Self.seedSortable))
    }

    @Test(arguments: Metric.allCases)
    func responseKeyIsTheCamelCaseOfTheWireName(metric: Metric) {
        let parts = metric.wireName.split(separator: "_")
        let camel = parts.first! + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        #expect(metric.responseKey == camel)
        #expect(Metric(wireName: metric.wireName) == metric)
        #expect(Metric(responseKey: metric.responseKey) == metric)
    }

    @Test func unitsAndValueTypes() {
        #expect(Metric.avgWaitTime.unit == .milliseconds && Metric.avgWaitTime.valueType == .double)
        #expect(Metric.humanAgentLoad.unit == .fraction && Metric.csat.unit == .fraction)
        #expect(Metric.onlineAgents.unit == .count && Metric.onlineAgents.valueType == .long)
        #expect(Metric.queueWaitTime90thPercentile.unit == .milliseconds && Metric.queueWaitTime90thPercentile.valueType == .long)
        for metric in Metric.allCases where metric.unit == .count { #expect(metric.valueType == .long) }
        for metric in Metric.allCases where metric.unit == .fraction { #expect(metric.valueType == .double) }
    }
}
