/// Every metric the Key Messaging Metrics API knows: the seed's 17 and the 11 newer names.
///
/// The raw value is the response key (camelCase), which is also the sort key. Requests name metrics
/// in snake_case (``wireName``); the two spellings are kept side by side in ``catalog`` so that a
/// typo in one can't drift from the other.
///
/// ```swift
/// Metric(wireName: "avg_wait_time")   // .avgWaitTime
/// Metric.avgWaitTime.kind              // .byTime
/// Metric.humanAgentLoad.unit           // .fraction
/// ```
public enum Metric: String, CaseIterable, Sendable, Hashable, Codable {
    // By time (seed)
    case avgWaitTime
    case avgWaitTimeFirstResponse
    case avgTimeToResponse
    case avgTimeToFirstResponseFirstAssignment
    case closedConversations
    case closedByAgent
    case closedByConsumer
    case autoClosed
    // By time (newer)
    case concludedConversations
    case csat
    case avgConversationsDuration
    // Current value (seed)
    case assignedConversations
    case activeConversations
    case agentLoad
    case humanAgentLoad
    case humanOnlineLoad
    case onlineAgents
    case backSoonAgents
    case awayAgents
    case availableSlots
    // Current value (newer)
    case unassignedConversations
    case humanAwayLoad
    case openConversations
    case overdueConversationsInQueue
    case overdueConversationsAssigned
    case overdueConversationsTotal
    case queueWaitTime50thPercentile
    case queueWaitTime90thPercentile

    /// Whether a metric is computed over the request's time window or read at the server's "now".
    public enum Kind: String, Sendable {
        case byTime
        case currentValue
    }

    /// What the number measures; decides how it is shown and how it is rounded.
    public enum Unit: String, Sendable {
        /// A whole number of agents, conversations or slots.
        case count
        /// A duration in milliseconds.
        case milliseconds
        /// A ratio: 0.133 means 13.3 %; loads can exceed 1.0.
        case fraction
    }

    /// How the value travels in JSON: the seed types each metric as `Long` or `Double`.
    public enum ValueType: String, Sendable {
        case long
        case double
    }

    /// One row of the catalog.
    public struct Info: Sendable {
        public let wireName: String
        public let kind: Kind
        public let unit: Unit
        public let valueType: ValueType
        /// Listed among the seed's valid `sort` values.
        public let sortable: Bool
        /// Named in the seed (as opposed to the newer API versions).
        public let inSeed: Bool
    }

    /// The catalog itself. The sortable set is exactly the seed's list of valid sort values.
    public var info: Info {
        switch self {
        case .avgWaitTime: Info(wireName: "avg_wait_time", kind: .byTime, unit: .milliseconds, valueType: .double, sortable: true, inSeed: true)
        case .avgWaitTimeFirstResponse: Info(wireName: "avg_wait_time_first_response", kind: .byTime, unit: .milliseconds, valueType: .double, sortable: true, inSeed: true)
        case .avgTimeToResponse: Info(wireName: "avg_time_to_response", kind: .byTime, unit: .milliseconds, valueType: .double, sortable: true, inSeed: true)
        case .avgTimeToFirstResponseFirstAssignment: Info(wireName: "avg_time_to_first_response_first_assignment", kind: .byTime, unit: .milliseconds, valueType: .double, sortable: true, inSeed: true)
        case .closedConversations: Info(wireName: "closed_conversations", kind: .byTime, unit: .count, valueType: .long, sortable: true, inSeed: true)
        case .closedByAgent: Info(wireName: "closed_by_agent", kind: .byTime, unit: .count, valueType: .long, sortable: false, inSeed: true)
        case .closedByConsumer: Info(wireName: "closed_by_consumer", kind: .byTime, unit: .count, valueType: .long, sortable: false, inSeed: true)
        case .autoClosed: Info(wireName: "auto_closed", kind: .byTime, unit: .count, valueType: .long, sortable: false, inSeed: true)
        case .concludedConversations: Info(wireName: "concluded_conversations", kind: .byTime, unit: .count, valueType: .long, sortable: false, inSeed: false)
        case .csat: Info(wireName: "csat", kind: .byTime, unit: .fraction, valueType: .double, sortable: false, inSeed: false)
        case .avgConversationsDuration: Info(wireName: "avg_conversations_duration", kind: .byTime, unit: .milliseconds, valueType: .double, sortable: false, inSeed: false)
        case .assignedConversations: Info(wireName: "assigned_conversations", kind: .currentValue, unit: .count, valueType: .long, sortable: true, inSeed: true)
        case .activeConversations: Info(wireName: "active_conversations", kind: .currentValue, unit: .count, valueType: .long, sortable: true, inSeed: true)
        case .agentLoad: Info(wireName: "agent_load", kind: .currentValue, unit: .fraction, valueType: .double, sortable: true, inSeed: true)
        case .humanAgentLoad: Info(wireName: "human_agent_load", kind: .currentValue, unit: .fraction, valueType: .double, sortable: true, inSeed: true)
        case .humanOnlineLoad: Info(wireName: "human_online_load", kind: .currentValue, unit: .fraction, valueType: .double, sortable: false, inSeed: true)
        case .onlineAgents: Info(wireName: "online_agents", kind: .currentValue, unit: .count, valueType: .long, sortable: true, inSeed: true)
        case .backSoonAgents: Info(wireName: "back_soon_agents", kind: .currentValue, unit: .count, valueType: .long, sortable: true, inSeed: true)
        case .awayAgents: Info(wireName: "away_agents", kind: .currentValue, unit: .count, valueType: .long, sortable: true, inSeed: true)
        case .availableSlots: Info(wireName: "available_slots", kind: .currentValue, unit: .count, valueType: .long, sortable: false, inSeed: true)
        case .unassignedConversations: Info(wireName: "unassigned_conversations", kind: .currentValue, unit: .count, valueType: .long, sortable: false, inSeed: false)
        case .humanAwayLoad: Info(wireName: "human_away_load", kind: .currentValue, unit: .fraction, valueType: .double, sortable: false, inSeed: false)
        case .openConversations: Info(wireName: "open_conversations", kind: .currentValue, unit: .count, valueType: .long, sortable: false, inSeed: false)
        case .overdueConversationsInQueue: Info(wireName: "overdue_conversations_in_queue", kind: .currentValue, unit: .count, valueType: .long, sortable: false, inSeed: false)
        case .overdueConversationsAssigned: Info(wireName: "overdue_conversations_assigned", kind: .currentValue, unit: .count, valueType: .long, sortable: false, inSeed: false)
        case .overdueConversationsTotal: Info(wireName: "overdue_conversations_total", kind: .currentValue, unit: .count, valueType: .long, sortable: false, inSeed: false)
        case .queueWaitTime50thPercentile: Info(wireName: "queue_wait_time_50th_percentile", kind: .currentValue, unit: .milliseconds, valueType: .long, sortable: false, inSeed: false)
        case .queueWaitTime90thPercentile: Info(wireName: "queue_wait_time_90th_percentile", kind: .currentValue, unit: .milliseconds, valueType: .long, sortable: false, inSeed: false)
        }
    }

    /// The snake_case name used in request bodies.
    public var wireName: String { info.wireName }
    /// The camelCase key used in responses and in `sort`.
    public var responseKey: String { rawValue }
    public var kind: Kind { info.kind }
    public var unit: Unit { info.unit }
    public var valueType: ValueType { info.valueType }
    public var isSortable: Bool { info.sortable }

    /// Looks a metric up by its request (snake_case) name.
    public init?(wireName: String) {
        guard let metric = Metric.byWireName[wireName] else { return nil }
        self = metric
    }

    /// Looks a metric up by its response (camelCase) key.
    public init?(responseKey: String) {
        self.init(rawValue: responseKey)
    }

    private static let byWireName: [String: Metric] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.wireName, $0) })

    /// Metrics of one kind, in catalog order.
    public static func all(_ kind: Kind) -> [Metric] { allCases.filter { $0.kind == kind } }

    /// The seed's valid sort values, in catalog order.
    public static var sortable: [Metric] { allCases.filter(\.isSortable) }
}
