import KeyMetrics

/// What a query's grouped section is keyed by, resolved from its endpoint and `groupBy`.
enum Grouping {
    case skill
    case agentGroup
    case agent

    init?(_ query: MetricsQuery) {
        guard query.wantsGroups else { return nil }
        if query.endpoint == .agentView {
            self = .agent
        } else {
            self = query.groupBy == .skillId ? .skill : .agentGroup
        }
    }

    /// How many groups there can be: one per skill, agent group or agent of the world.
    func count(in world: WorldIndex) -> Int {
        switch self {
        case .skill: world.skillIds.count
        case .agentGroup: world.groups.count
        case .agent: world.agents.count
        }
    }
}

/// One pass over agents, open conversations and fact series: `all` and one accumulator per possible
/// group (skill, agent group or agent index), each marked present once anything reached it.
struct Sweep {
    var all: Accumulator
    var groups: [Accumulator]
    let grouping: Grouping?
}

extension Engine {
    /// Answers a validated query at `now`: checks the window, sweeps agents, open conversations and
    /// fact series once each, and returns `all` plus every group, sorted (nulls last, ties by key).
    public func evaluate(_ query: MetricsQuery, now: Int64) throws(MetricsRequestError) -> QueryResult {
        let window = try query.time.window(now: now)
        let sweep = self.sweep(query, window: window, now: now)
        let allValues = query.sections.contains(.all) ? MetricValues(query.metrics.map { ($0, sweep.all.value($0)) }) : nil
        guard sweep.grouping != nil else { return QueryResult(all: allValues, groups: nil) }
        return QueryResult(all: allValues, groups: sortedRows(sweep, query: query).map(\.group))
    }

    /// The groups an agent (or a fact of theirs) rolls up into when grouping by agent group: the group
    /// itself, and with `includeSubGroups` every ancestor the filter admits as a key.
    /// Calls `body` with each group a member of `group` counts in: that group, and with sub-groups on,
    /// every group above it that the filter admits. A walk up the parent links, not an array: this runs
    /// once per agent, conversation and fact key of a query by agent group.
    @inline(__always)
    func forEachGroupTarget(_ group: WorldIndex.Index, query: MetricsQuery, filter: ResolvedFilter, _ body: (Int) -> Void) {
        guard group != WorldIndex.none else { return }
        guard query.includeSubGroups else { return body(Int(group)) }
        var current = group
        while current != WorldIndex.none {
            if filter.admitsGroupKey(current) { body(Int(current)) }
            current = world.groupParent[Int(current)]
        }
    }

    /// Calls `body` with each group index a fact key counts in, under `grouping`.
    @inline(__always)
    func forEachTarget(
        of key: FactKey, _ grouping: Grouping, query: MetricsQuery, filter: ResolvedFilter, _ body: (Int) -> Void
    ) {
        switch grouping {
        case .skill: body(Int(key.skill))
        case .agentGroup: forEachGroupTarget(key.group, query: query, filter: filter, body)
        case .agent: if key.agent != WorldIndex.none { body(Int(key.agent)) }
        }
    }

    /// The one pass. Written as plain loops over local arrays, one loop per grouping: the fact sweep is
    /// bound by memory latency, and a closure or a switch per key in it costs a 24-hour query dearly.
    /// The window is the whole minutes `from ..< to` of every series plus the facts at the instant `to`.
    func sweep(_ query: MetricsQuery, window: TimeWindow, now: Int64) -> Sweep {
        let filter = ResolvedFilter(query: query, world: world)
        let grouping = Grouping(query)
        var read = query.metrics
        if case .metric(let metric) = query.sort.field { read.append(metric) }
        let percentiles = read.contains { $0 == .queueWaitTime50thPercentile || $0 == .queueWaitTime90thPercentile }
        var all = Accumulator(collectsQueueWaits: percentiles)
        var groups = [Accumulator](repeating: Accumulator(collectsQueueWaits: percentiles), count: grouping?.count(in: world) ?? 0)
        let needsCurrent = !query.currentValue.isEmpty || grouping != nil
        let needsFacts = !query.byTime.isEmpty || grouping != nil

        if needsCurrent {
            for index in world.agents.indices {
                let agentIndex = WorldIndex.Index(index)
                guard filter.admitsAgent(agentIndex) else { continue }
                let agent = world.agentProfiles[index]
                let runtime = agents[index]
                all.addAgent(agent, runtime)
                switch grouping {
                case nil: break
                case .skill:
                    for skill in world.agentSkills[index] where filter.admitsSkill(skill) {
                        groups[Int(skill)].addAgent(agent, runtime)
                    }
                case .agentGroup:
                    forEachGroupTarget(world.agentGroup[index], query: query, filter: filter) { groups[$0].addAgent(agent, runtime) }
                case .agent:
                    groups[index].addAgent(agent, runtime)
                }
            }
            for conversation in conversations.values {
                guard now - conversation.openedAt <= settings.openConversationHorizonMillis,
                    filter.admitsSkill(conversation.skill),
                    filter.admitsAttributed(agent: conversation.agent)
                else { continue }
                all.addConversation(conversation, now: now, settings: settings)
                switch grouping {
                case nil: break
                case .skill:
                    groups[Int(conversation.skill)].addConversation(conversation, now: now, settings: settings)
                case .agentGroup:
                    guard conversation.isAssigned else { break }
                    forEachGroupTarget(world.agentGroup[Int(conversation.agent)], query: query, filter: filter) {
                        groups[$0].addConversation(conversation, now: now, settings: settings)
                    }
                case .agent:
                    guard conversation.isAssigned else { break }
                    groups[Int(conversation.agent)].addConversation(conversation, now: now, settings: settings)
                }
            }
        }

        if needsFacts {
            let from = Int32(clamping: window.fromMinute)
            let to = Int32(clamping: window.toMinute)
            let keys = facts.keys
            switch grouping {
            case nil:
                for index in keys.indices {
                    let key = keys[index]
                    guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
                    let totals = facts.totals(ofKey: index, from: from, before: to)
                    if !totals.isZero { all.addFacts(totals) }
                }
            case .skill:
                for index in keys.indices {
                    let key = keys[index]
                    guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
                    let totals = facts.totals(ofKey: index, from: from, before: to)
                    guard !totals.isZero else { continue }
                    all.addFacts(totals)
                    groups[Int(key.skill)].addFacts(totals)
                }
            case .agentGroup:
                for index in keys.indices {
                    let key = keys[index]
                    guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
                    let totals = facts.totals(ofKey: index, from: from, before: to)
                    guard !totals.isZero else { continue }
                    all.addFacts(totals)
                    forEachGroupTarget(key.group, query: query, filter: filter) { groups[$0].addFacts(totals) }
                }
            case .agent:
                for index in keys.indices {
                    let key = keys[index]
                    guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
                    let totals = facts.totals(ofKey: index, from: from, before: to)
                    guard !totals.isZero else { continue }
                    all.addFacts(totals)
                    if key.agent != WorldIndex.none { groups[Int(key.agent)].addFacts(totals) }
                }
            }
            // The window's end instant: the few facts at exactly the first millisecond of minute `to`.
            for fact in facts.instants(at: to) {
                let key = keys[fact.key]
                guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
                all.addFacts(fact.totals)
                guard let grouping else { continue }
                forEachTarget(of: key, grouping, query: query, filter: filter) { groups[$0].addFacts(fact.totals) }
            }
        }

        all.finish()
        for index in groups.indices where groups[index].present { groups[index].finish() }
        return Sweep(all: all, groups: groups, grouping: grouping)
    }

    /// The key and name of group `index` under `grouping`; `"NA"` when it has no known name.
    func groupLabel(_ index: Int, _ grouping: Grouping) -> (key: String, name: String) {
        switch grouping {
        case .skill: return (world.skillIds[index], world.skillNames[index] ?? "NA")
        case .agentGroup: return (world.groups[index].id, world.groups[index].name)
        case .agent:
            let agent = world.agents[index]
            return (agent.id, agent.name.isEmpty ? "NA" : agent.name)
        }
    }

    /// Every present group in the query's order, with its index. The order is found on small records
    /// (index and sort value; keys read from the world only on a tie), and each group's response is
    /// built once, in that order: sorting the groups themselves moved and reference-counted their
    /// strings and values at every comparison, which was half of a 1,000-skill query.
    func sortedRows(_ sweep: Sweep, query: MetricsQuery) -> [(index: Int, group: MetricsResponse.Group)] {
        guard let grouping = sweep.grouping else { return [] }
        let keys: [String]
        switch grouping {
        case .skill: keys = world.skillIds
        case .agentGroup: keys = world.groupIds
        case .agent: keys = world.agentIds
        }
        var order: [(index: Int, value: Double?)] = []
        order.reserveCapacity(sweep.groups.count)
        let sortMetric: Metric?
        if case .metric(let metric) = query.sort.field { sortMetric = metric } else { sortMetric = nil }
        for (index, accumulator) in sweep.groups.enumerated() where accumulator.present {
            order.append((index, sortMetric.flatMap { accumulator.value($0)?.doubleValue }))
        }
        let ascending = query.sort.direction == .asc
        if sortMetric == nil {
            order.sort { ascending ? keys[$0.index] < keys[$1.index] : keys[$0.index] > keys[$1.index] }
        } else {
            // By value in the asked direction, nulls last, ties by key ascending.
            order.sort { a, b in
                switch (a.value, b.value) {
                case (nil, nil): return keys[a.index] < keys[b.index]
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?):
                    if x == y { return keys[a.index] < keys[b.index] }
                    return ascending ? x < y : x > y
                }
            }
        }
        let metrics = query.metrics
        return order.map { row in
            let accumulator = sweep.groups[row.index]
            let (key, name) = groupLabel(row.index, grouping)
            return (row.index, MetricsResponse.Group(key: key, keyDescription: name, metrics: MetricValues(metrics.map { ($0, accumulator.value($0)) })))
        }
    }
}
