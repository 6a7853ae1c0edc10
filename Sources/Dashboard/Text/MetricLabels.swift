import KeyMetrics

/// The short column label of every metric, in one place: the snapshot table and the dashboard's panels
/// both head their columns with these. A panel's metrics fit its six-column cells.
public enum MetricLabels {
    public static func label(_ metric: Metric) -> String {
        switch metric {
        case .onlineAgents: "ONLINE"
        case .backSoonAgents: "BSOON"
        case .awayAgents: "AWAY"
        case .availableSlots: "SLOTS"
        case .assignedConversations: "ASSIGN"
        case .activeConversations: "ACTIVE"
        case .unassignedConversations: "QUEUED"
        case .openConversations: "OPEN"
        case .agentLoad: "LOAD"
        case .humanAgentLoad: "HLOAD"
        case .humanOnlineLoad: "OLOAD"
        case .humanAwayLoad: "ALOAD"
        case .avgWaitTime: "WAIT"
        case .avgWaitTimeFirstResponse: "FIRST"
        case .avgTimeToResponse: "TTR"
        case .avgTimeToFirstResponseFirstAssignment: "TTFR"
        case .queueWaitTime50thPercentile: "QP50"
        case .queueWaitTime90thPercentile: "QP90"
        case .overdueConversationsInQueue: "OVRDUE"
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
