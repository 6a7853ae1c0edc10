import KeyMetrics

/// The short column label of every metric, in one place: the snapshot table and the dashboard's panels
/// both head their columns with these.
public enum MetricLabels {
    public static func label(_ metric: Metric) -> String {
        switch metric {
        case .onlineAgents: "ONLINE"
        case .backSoonAgents: "BSOON"
        case .awayAgents: "AWAY"
        case .availableSlots: "SLOTS"
        case .assignedConversations: "ASSIGN"
        case .activeConversations: "ACTIVE"
        case .unassignedConversations: "UNASSIGN"
        case .openConversations: "OPEN"
        case .agentLoad: "LOAD"
        case .humanAgentLoad: "HLOAD"
        case .humanOnlineLoad: "OLOAD"
        case .humanAwayLoad: "ALOAD"
        case .avgWaitTime: "WAIT"
        case .avgWaitTimeFirstResponse: "FIRST"
        case .avgTimeToResponse: "TTR"
        case .avgTimeToFirstResponseFirstAssignment: "TTFR"
        case .queueWaitTime50thPercentile: "QWAIT50"
        case .queueWaitTime90thPercentile: "QWAIT90"
        case .overdueConversationsInQueue: "OVDQ"
        case .overdueConversationsAssigned: "OVDA"
        case .overdueConversationsTotal: "OVERDUE"
        case .closedConversations: "CLOSED"
        case .closedByAgent: "AGENT"
        case .closedByConsumer: "CONS"
        case .autoClosed: "AUTO"
        case .concludedConversations: "CONCL"
        case .csat: "CSAT"
        case .avgConversationsDuration: "DUR"
        }
    }
}
