import KeyMetrics

/// The five panels of the board, each a fixed list of metric columns (data, in one place). The raw
/// value + 1 is the panel's number: its key and the first word of its title.
public enum Panel: Int, CaseIterable, Sendable, Hashable {
    case availability
    case load
    case waits
    case closures
    case queue

    public var title: String {
        switch self {
        case .availability: "Availability"
        case .load: "Load"
        case .waits: "Wait times"
        case .closures: "Closures"
        case .queue: "Queue"
        }
    }

    /// The metric columns, left to right, after the name column.
    public var metrics: [Metric] {
        switch self {
        case .availability: [.onlineAgents, .backSoonAgents, .awayAgents, .availableSlots]
        case .load: [.assignedConversations, .activeConversations, .agentLoad, .humanAgentLoad, .humanOnlineLoad]
        case .waits: [.avgWaitTime, .avgWaitTimeFirstResponse, .avgTimeToResponse, .avgTimeToFirstResponseFirstAssignment]
        case .closures: [.closedConversations, .closedByAgent, .closedByConsumer, .autoClosed]
        case .queue: [.unassignedConversations, .overdueConversationsInQueue, .queueWaitTime50thPercentile, .queueWaitTime90thPercentile]
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
        case .queue: [.unassignedConversations, .queueWaitTime90thPercentile, .overdueConversationsInQueue, .queueWaitTime50thPercentile]
        }
    }

    /// The column a panel sorts by at start (dashboard.md: online▼, hload▼, wait▼, closed▼; the queue by
    /// who waits now, most first).
    public var defaultSort: PanelSort {
        switch self {
        case .availability: PanelSort(column: .metric(.onlineAgents), descending: true)
        case .load: PanelSort(column: .metric(.humanAgentLoad), descending: true)
        case .waits: PanelSort(column: .metric(.avgWaitTime), descending: true)
        case .closures: PanelSort(column: .metric(.closedConversations), descending: true)
        case .queue: PanelSort(column: .metric(.unassignedConversations), descending: true)
        }
    }

    /// Every metric any panel shows: what the poller asks for (a panel left out of `view.panels` still
    /// feeds the ALL line, the detail and the breach line).
    public static var allMetrics: [Metric] { allCases.flatMap(\.metrics) }

    /// The panel's name in the configuration (`view.panels`).
    public var configName: String {
        switch self {
        case .availability: "availability"
        case .load: "load"
        case .waits: "waits"
        case .closures: "closures"
        case .queue: "queue"
        }
    }

    public init?(configName: String) {
        guard let panel = Panel.allCases.first(where: { $0.configName == configName }) else { return nil }
        self = panel
    }
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
