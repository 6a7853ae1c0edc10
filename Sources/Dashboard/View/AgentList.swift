import KeyMetrics
import MetricsClient

/// The agents behind a row (the detail's list): what the agent view says of each, the state it is
/// in, and how long the board has seen it there.
///
/// The API has no "state since": an agent's state is read from its `onlineAgents`/`backSoonAgents`/
/// `awayAgents` (1 for the state it is in), so the time in a state is what the board saw between its
/// own polls. Until a change is seen the start is before the first poll: the time is a lower bound
/// (`≥4m10s`); once a change is seen between two polls close together, it is known to within one poll.
public enum AgentList {
    /// An agent's state as the agent view tells it.
    public enum State: Int, Sendable, Hashable, Comparable {
        case online, backSoon, away, offline

        public var label: String {
            switch self {
            case .online: "ONLINE"
            case .backSoon: "BSOON"
            case .away: "AWAY"
            case .offline: "OFF"
            }
        }

        /// From the agent's state counts (1 for its state); an agent in none of them is offline.
        public init(_ metrics: MetricValues) {
            func isOne(_ metric: Metric) -> Bool { (metrics[metric]?.doubleValue ?? 0) >= 1 }
            self = isOne(.onlineAgents) ? .online : isOne(.backSoonAgents) ? .backSoon : isOne(.awayAgents) ? .away : .offline
        }

        public static func < (a: State, b: State) -> Bool { a.rawValue < b.rawValue }
    }

    /// The metrics the agent view is asked for: the three state counts, then the columns.
    public static let metrics: [Metric] = [
        .onlineAgents, .backSoonAgents, .awayAgents, .agentLoad, .assignedConversations, .activeConversations, .closedConversations,
    ]

    /// How long an agent has been seen in its state.
    public struct Seen: Sendable, Equatable {
        public var state: State
        /// The first poll that saw it in this state.
        public var since: Int64
        /// The poll before, which saw it in another state: the change lies between the two. `nil` until
        /// a change is seen (the state began before the board looked).
        public var changedAfter: Int64?
    }

    /// Each agent's state and since when, poll after poll of one agent view.
    public struct Tracker: Sendable, Equatable {
        public private(set) var seen: [String: Seen] = [:]
        /// When the previous poll was: a state that differs now changed after it.
        private var lastPoll: Int64?

        public init() {}

        /// Takes the poll of `at` (the window's end). Agents no longer listed are forgotten: if one
        /// comes back, its time starts again as a lower bound. After a gap longer than `precision` (the
        /// detail was closed, polls failed) nothing seen before counts: a state that looks the same may
        /// have changed and changed back, so every time starts again as a lower bound.
        public mutating func observe(_ agents: [MetricsResponse.Group], at: Int64, precision: Int64 = .max) {
            if let lastPoll, at - lastPoll > precision {
                seen = [:]
                self.lastPoll = nil
            }
            var next: [String: Seen] = [:]
            next.reserveCapacity(agents.count)
            for agent in agents {
                let state = State(agent.metrics)
                if let old = seen[agent.key], old.state == state {
                    next[agent.key] = old
                } else if seen[agent.key] != nil, let lastPoll {
                    next[agent.key] = Seen(state: state, since: at, changedAfter: lastPoll)
                } else {
                    next[agent.key] = Seen(state: state, since: at, changedAfter: nil)
                }
            }
            seen = next
            lastPoll = at
        }

        /// The time in state at `now`, and whether it is only a lower bound: no change seen, or one seen
        /// across a gap longer than `precision` (the detail was closed, polls failed).
        public func timeInState(_ key: String, now: Int64, precision: Int64) -> (millis: Int64, lowerBound: Bool)? {
            guard let seen = seen[key] else { return nil }
            let exact = seen.changedAfter.map { seen.since - $0 <= precision } ?? false
            return (max(0, now - seen.since), !exact)
        }
    }

    /// The list's columns, left to right after the name: what a column shows and sorts by.
    public enum Column: Int, Sendable, Hashable, CaseIterable {
        case name, state, time, load, assigned, active, closed

        public var label: String {
            switch self {
            case .name: "AGENT"
            case .state: "STATE"
            case .time: "IN STATE"
            case .load: "LOAD"
            case .assigned: "ASSIGN"
            case .active: "ACTIVE"
            case .closed: "CLOSED"
            }
        }

        /// Columns of the cell (the name takes what is left).
        public var width: Int {
            switch self {
            case .name: 0
            case .state: 6
            case .time: 8
            case .load, .assigned, .active, .closed: 6
            }
        }

        /// The metric a numeric column shows.
        public var metric: Metric? {
            switch self {
            case .load: .agentLoad
            case .assigned: .assignedConversations
            case .active: .activeConversations
            case .closed: .closedConversations
            case .name, .state, .time: nil
            }
        }

        /// Names and states read best in their natural order; numbers and times largest first.
        public var descendingByDefault: Bool { self != .name && self != .state }
    }

    public struct Sort: Sendable, Hashable {
        public var column: Column
        public var descending: Bool

        public init(column: Column, descending: Bool) {
            self.column = column
            self.descending = descending
        }

        /// Online first, then back soon, away, offline; by name within a state.
        public static let `default` = Sort(column: .state, descending: false)
    }

    /// `agents` in `sort`'s order; ties (and "no data", always last) by name, then id.
    public static func sorted(_ agents: [MetricsResponse.Group], by sort: Sort, tracker: Tracker, now: Int64) -> [MetricsResponse.Group] {
        func byName(_ a: MetricsResponse.Group, _ b: MetricsResponse.Group) -> Bool {
            let (x, y) = (a.keyDescription.lowercased(), b.keyDescription.lowercased())
            return x != y ? x < y : a.key < b.key
        }
        let keys: [Double?] = agents.map { agent in
            switch sort.column {
            case .name: nil
            case .state: Double(State(agent.metrics).rawValue)
            case .time: tracker.timeInState(agent.key, now: now, precision: 0).map { Double($0.millis) }
            case .load, .assigned, .active, .closed: sort.column.metric.flatMap { agent.metrics[$0]?.doubleValue }
            }
        }
        var order = Array(agents.indices)
        order.sort { a, b in
            if sort.column == .name { return sort.descending ? byName(agents[b], agents[a]) : byName(agents[a], agents[b]) }
            switch (keys[a], keys[b]) {
            case (let x?, let y?) where x != y: return sort.descending ? x > y : x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return byName(agents[a], agents[b])
            }
        }
        return order.map { agents[$0] }
    }
}
