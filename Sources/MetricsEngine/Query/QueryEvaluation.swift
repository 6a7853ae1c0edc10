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
}

/// One pass over agents, open conversations and fact series: `all` and one accumulator per possible
/// group (skill, agent group or agent index), each marked present once anything reached it.
struct Sweep {
    var all = Accumulator()
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
    func groupTargets(_ group: WorldIndex.Index, query: MetricsQuery, filter: ResolvedFilter) -> [WorldIndex.Index] {
        guard group != WorldIndex.none else { return [] }
        guard query.includeSubGroups else { return [group] }
        return world.selfAndAncestors(of: group).filter { filter.admitsGroupKey($0) }
    }

    /// Calls `body` with each group index a fact key counts in, under `grouping`.
    @inline(__always)
    func forEachTarget(
        of key: FactKey, _ grouping: Grouping, query: MetricsQuery, filter: ResolvedFilter, _ body: (Int) -> Void
    ) {
        switch grouping {
        case .skill: body(Int(key.skill))
        case .agentGroup: for group in groupTargets(key.group, query: query, filter: filter) { body(Int(group)) }
        case .agent: if key.agent != WorldIndex.none { body(Int(key.agent)) }
        }
    }

    func sweep(_ query: MetricsQuery, window: TimeWindow, now: Int64) -> Sweep {
        let filter = ResolvedFilter(query: query, world: world)
        let grouping = Grouping(query)
        let groupCount: Int
        switch grouping {
        case .skill: groupCount = world.skillIds.count
        case .agentGroup: groupCount = world.groups.count
        case .agent: groupCount = world.agents.count
        case nil: groupCount = 0
        }
        var sweep = Sweep(groups: [Accumulator](repeating: Accumulator(), count: groupCount), grouping: grouping)
        let needsCurrent = !query.currentValue.isEmpty || grouping != nil
        let needsFacts = !query.byTime.isEmpty || grouping != nil

        if needsCurrent {
            for index in world.agents.indices {
                let agentIndex = WorldIndex.Index(index)
                guard filter.admitsAgent(agentIndex) else { continue }
                let agent = world.agents[index]
                let runtime = agents[index]
                sweep.all.addAgent(agent, runtime)
                switch grouping {
                case nil: break
                case .skill:
                    for skill in world.agentSkills[index] where filter.admitsSkill(skill) {
                        sweep.groups[Int(skill)].addAgent(agent, runtime)
                    }
                case .agentGroup:
                    for group in groupTargets(world.agentGroup[index], query: query, filter: filter) {
                        sweep.groups[Int(group)].addAgent(agent, runtime)
                    }
                case .agent:
                    sweep.groups[index].addAgent(agent, runtime)
                }
            }
            for conversation in conversations.values {
                guard now - conversation.openedAt <= settings.openConversationHorizonMillis,
                    filter.admitsSkill(conversation.skill),
                    filter.admitsAttributed(agent: conversation.agent)
                else { continue }
                sweep.all.addConversation(conversation, now: now, settings: settings)
                switch grouping {
                case nil: break
                case .skill:
                    sweep.groups[Int(conversation.skill)].addConversation(conversation, now: now, settings: settings)
                case .agentGroup:
                    guard conversation.isAssigned else { break }
                    for group in groupTargets(world.agentGroup[Int(conversation.agent)], query: query, filter: filter) {
                        sweep.groups[Int(group)].addConversation(conversation, now: now, settings: settings)
                    }
                case .agent:
                    guard conversation.isAssigned else { break }
                    sweep.groups[Int(conversation.agent)].addConversation(conversation, now: now, settings: settings)
                }
            }
        }

        if needsFacts {
            let from = Int32(clamping: window.fromMinute)
            let to = Int32(clamping: window.toMinute)
            for (index, key) in facts.keys.enumerated() {
                guard filter.admitsSkill(key.skill), filter.admitsAttributed(agent: key.agent) else { continue }
                let totals = facts.series[index].totals(from: from, through: to)
                guard !totals.isZero else { continue }
                sweep.all.addFacts(totals)
                guard let grouping else { continue }
                forEachTarget(of: key, grouping, query: query, filter: filter) { sweep.groups[$0].addFacts(totals) }
            }
        }

        sweep.all.finish()
        for index in sweep.groups.indices where sweep.groups[index].present { sweep.groups[index].finish() }
        return sweep
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

    /// Every present group in the query's order, with its index.
    func sortedRows(_ sweep: Sweep, query: MetricsQuery) -> [(index: Int, group: MetricsResponse.Group)] {
        guard let grouping = sweep.grouping else { return [] }
        let metrics = query.metrics
        var rows: [(index: Int, group: MetricsResponse.Group, sortValue: Double?)] = []
        for (index, accumulator) in sweep.groups.enumerated() where accumulator.present {
            let (key, name) = groupLabel(index, grouping)
            var sortValue: Double?
            if case .metric(let metric) = query.sort.field { sortValue = accumulator.value(metric)?.doubleValue }
            let values = MetricValues(metrics.map { ($0, accumulator.value($0)) })
            rows.append((index, MetricsResponse.Group(key: key, keyDescription: name, metrics: values), sortValue))
        }
        rows.sort { Self.ordered(($0.group, $0.sortValue), ($1.group, $1.sortValue), direction: query.sort.direction, byKey: query.sort.field == .key) }
        return rows.map { ($0.index, $0.group) }
    }

    /// Sort order: by value in the asked direction with nulls last, ties by key ascending;
    /// or by key in the asked direction.
    private static func ordered(
        _ a: (group: MetricsResponse.Group, sortValue: Double?), _ b: (group: MetricsResponse.Group, sortValue: Double?),
        direction: SortDirection, byKey: Bool
    ) -> Bool {
        if byKey {
            return direction == .asc ? a.group.key < b.group.key : a.group.key > b.group.key
        }
        switch (a.sortValue, b.sortValue) {
        case (nil, nil): return a.group.key < b.group.key
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?):
            if x == y { return a.group.key < b.group.key }
            return direction == .asc ? x < y : x > y
        }
    }
}
