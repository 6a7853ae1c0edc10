import KeyMetrics

/// The four panels of the board, each a fixed list of metric columns (data, in one place).
public enum Panel: Int, CaseIterable, Sendable, Hashable {
    case availability
    case load
    case waits
    case closures

    public var title: String {
        switch self {
        case .availability: "Availability"
        case .load: "Load"
        case .waits: "Wait times"
        case .closures: "Closures"
        }
    }

    /// The metric columns, left to right, after the name column.
    public var metrics: [Metric] {
        switch self {
        case .availability: [.onlineAgents, .backSoonAgents, .awayAgents, .availableSlots]
        case .load: [.assignedConversations, .activeConversations, .agentLoad, .humanAgentLoad, .humanOnlineLoad]
        case .waits: [.avgWaitTime, .avgWaitTimeFirstResponse, .avgTimeToResponse, .avgTimeToFirstResponseFirstAssignment]
        case .closures: [.closedConversations, .closedByAgent, .closedByConsumer, .autoClosed]
        }
    }

    /// The columns in the order they are kept when a narrow panel cannot show them all (the sort column
    /// and any column in breach are kept before these).
    public var keepOrder: [Metric] {
        switch self {
        case .availability: [.onlineAgents, .availableSlots, .awayAgents, .backSoonAgents]
        case .load: [.humanAgentLoad, .agentLoad, .assignedConversations, .activeConversations, .humanOnlineLoad]
        case .waits: [.avgWaitTime, .avgWaitTimeFirstResponse, .avgTimeToResponse, .avgTimeToFirstResponseFirstAssignment]
        case .closures: [.closedConversations, .closedByAgent, .closedByConsumer, .autoClosed]
        }
    }

    /// The column a panel sorts by at start (dashboard.md: online▼, hload▼, wait▼, closed▼).
    public var defaultSort: PanelSort {
        switch self {
        case .availability: PanelSort(column: .metric(.onlineAgents), descending: true)
        case .load: PanelSort(column: .metric(.humanAgentLoad), descending: true)
        case .waits: PanelSort(column: .metric(.avgWaitTime), descending: true)
        case .closures: PanelSort(column: .metric(.closedConversations), descending: true)
        }
    }

    /// Every metric any panel shows: what the poller asks for.
    public static var allMetrics: [Metric] { allCases.flatMap(\.metrics) }
}

/// A panel's sort: the name column or one of its metrics, and the direction.
public struct PanelSort: Sendable, Hashable {
    public enum Column: Sendable, Hashable {
        case name
        case metric(Metric)
    }

    public var column: Column
    public var descending: Bool

    public init(column: Column, descending: Bool) {
        self.column = column
        self.descending = descending
    }
}
