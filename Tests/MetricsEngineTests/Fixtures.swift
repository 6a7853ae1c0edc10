import KeyMetrics
import MetricsEngine
import Testing

// A tiny world builder and query helpers for the hand-computed engine scenarios.
//
// Every scenario uses a fixed "now" on a minute boundary, so that minute arithmetic in the
// expected values is exact.

/// The server's "now" in every scenario: a minute boundary.
let NOW: Int64 = 1_764_000_000_000 - (1_764_000_000_000 % 60_000)
let SEC: Int64 = 1_000
let MIN: Int64 = 60_000
let HOUR: Int64 = 3_600_000
let DAY: Int64 = 24 * HOUR

/// Every by-time metric, in catalog order.
let allByTime = Metric.all(.byTime)
/// Every current-value metric, in catalog order.
let allCurrent = Metric.all(.currentValue)

extension Engine {
    // MARK: World

    mutating func skill(_ id: String, name: String? = nil) throws {
        try add(.skill(Skill(id: id, name: name ?? "Skill \(id)")))
    }

    mutating func group(_ id: String, parent: String? = nil, name: String? = nil) throws {
        try add(.agentGroup(AgentGroup(id: id, name: name ?? "Group \(id)", parentId: parent)))
    }

    mutating func agent(
        _ id: String, group: String, skills: [String], type: UserType = .human, maxSlots: Int = 3
    ) throws {
        try add(.agent(Agent(id: id, name: "Agent \(id)", userType: type, groupId: group, skillIds: skills, maxSlots: maxSlots)))
    }

    // MARK: Events

    mutating func state(_ agent: String, _ state: AgentState, at t: Int64) throws {
        try ingest(Event(time: t, .agentState(agentId: agent, state: state)))
    }

    mutating func open(_ c: String, skill: String, at t: Int64) throws {
        try ingest(Event(time: t, .conversationOpened(conversationId: c, skillId: skill)))
    }

    mutating func consumer(_ c: String, at t: Int64) throws {
        try ingest(Event(time: t, .consumerMessage(conversationId: c)))
    }

    mutating func assign(_ c: String, to agent: String, weight: Double? = nil, at t: Int64) throws {
        try ingest(Event(time: t, .agentAssigned(conversationId: c, agentId: agent, weight: weight)))
    }

    mutating func transfer(_ c: String, skill: String? = nil, agent: String? = nil, at t: Int64) throws {
        try ingest(Event(time: t, .conversationTransferred(conversationId: c, skillId: skill, agentId: agent)))
    }

    mutating func reply(_ c: String, by agent: String, at t: Int64) throws {
        try ingest(Event(time: t, .agentMessage(conversationId: c, agentId: agent)))
    }

    mutating func close(_ c: String, by who: ClosedBy, at t: Int64) throws {
        try ingest(Event(time: t, .conversationClosed(conversationId: c, closedBy: who)))
    }

    mutating func survey(_ c: String, score: Int, at t: Int64) throws {
        try ingest(Event(time: t, .surveyAnswered(conversationId: c, score: score)))
    }

    /// One complete wait of `length` ms: opened, consumer writes and the agent is assigned at `start`,
    /// the (human) agent answers at `start + length`. The conversation stays open.
    mutating func wait(_ c: String, skill: String, agent: String, start: Int64, length: Int64) throws {
        try open(c, skill: skill, at: start)
        try consumer(c, at: start)
        try assign(c, to: agent, at: start)
        try reply(c, by: agent, at: start + length)
    }

    /// A conversation opened and assigned at `start`, closed by `who` at `end`.
    mutating func handled(_ c: String, skill: String, agent: String?, by who: ClosedBy, start: Int64, end: Int64) throws {
        try open(c, skill: skill, at: start)
        if let agent { try assign(c, to: agent, at: start) }
        try close(c, by: who, at: end)
    }

    // MARK: Queries

    /// Evaluates a query with both sections (or only `all` when `groupBy` is nil).
    func query(
        byTime: [Metric] = [], current: [Metric] = [], groupBy: GroupBy? = nil,
        from: Int64 = NOW - HOUR, to: Int64 = NOW,
        agentIds: Set<String>? = nil, agentGroupIds: Set<String>? = nil, skillIds: Set<String>? = nil,
        userTypes: Set<UserType>? = nil, includeSubGroups: Bool = false,
        sort: SortOrder = .default, now: Int64 = NOW
    ) throws -> QueryResult {
        let query = MetricsQuery(
            time: RequestedTime(from: from, to: to), agentIds: agentIds, agentGroupIds: agentGroupIds,
            skillIds: skillIds, userTypes: userTypes, includeSubGroups: includeSubGroups,
            byTime: byTime, currentValue: current,
            sections: groupBy == nil ? [.all] : [.all, .groupBy], groupBy: groupBy, sort: sort)
        return try evaluate(query, now: now)
    }

    /// Every metric, `all` plus groups, for "nothing changed" comparisons.
    func fullSnapshot(groupBy: GroupBy) throws -> QueryResult {
        try query(byTime: allByTime, current: allCurrent, groupBy: groupBy, from: NOW - DAY, to: NOW)
    }
}

extension QueryResult {
    /// The group with this key, if it appears.
    func group(_ key: String) -> MetricsResponse.Group? {
        groups?.first { $0.key == key }
    }

    /// The value of `metric` in the group `key` (nil when the group is absent or has no data).
    func value(_ key: String, _ metric: Metric) -> MetricValue? {
        group(key)?.metrics[metric]
    }

    /// The group keys in result order.
    var keys: [String] { groups?.map(\.key) ?? [] }
}
