import KeyMetrics

extension Engine {
    /// Answers a validated query at `now`: checks the window, sweeps agents, open conversations and
    /// fact series once each, and returns `all` plus every group, sorted (nulls last, ties by key).
    public func evaluate(_ query: MetricsQuery, now: Int64) throws(MetricsRequestError) -> QueryResult {
        let window = try query.time.window(now: now)
        let filter = ResolvedFilter(query: query, world: world)
        let wantsGroups = query.sections.contains(.groupBy) && query.groupBy != nil
        let bySkill = query.groupBy == .skillId
        let groupCount = bySkill ? world.skillIds.count : world.groups.count
        var all = Accumulator()
        var groups = [Accumulator](repeating: Accumulator(), count: wantsGroups ? groupCount : 0)
        let needsCurrent = !query.currentValue.isEmpty || wantsGroups
        let needsFacts = !query.byTime.isEmpty || wantsGroups

        /// The groups an agent (or a fact of theirs) rolls up into when grouping by agent group.
        func groupTargets(_ group: WorldIndex.Index) -> [WorldIndex.Index] {
            guard group != WorldIndex.none else { return [] }
            guard query.includeSubGroups else { return [group] }
            return world.selfAndAncestors(of: group).filter { filter.admitsGroupKey($0) }
        }

        if needsCurrent {
            for index in world.agents.indices {
                let agentIndex = WorldIndex.Index(index)
                guard filter.admitsAgent(agentIndex) else { continue }
                let agent = world.agents[index]
                let runtime = agents[index]
                all.addAgent(agent, runtime)
                guard wantsGroups else { continue }
                if bySkill {
                    for skill in world.agentSkills[index] where filter.admitsSkill(skill) {
                        groups[Int(skill)].addAgent(agent, runtime)
                    }
                } else {
                    for group in groupTargets(world.agentGroup[index]) { groups[Int(group)].addAgent(agent, runtime) }
                }
            }
            for conversation in conversations.values {
                guard now - conversation.openedAt <= settings.openConversationHorizonMillis,
                    filter.admitsSkill(conversation.skill),
                    filter.admitsAttributed(agent: conversation.agent)
                else { continue }
                all.addConversation(conversation, now: now, settings: settings)
                guard wantsGroups else { continue }
                if bySkill {
                    groups[Int(conversation.skill)].addConversation(conversation, now: now, settings: settings)
                } else if conversation.isAssigned {
                    for group in groupTargets(world.agentGroup[Int(conversation.agent)]) {
                        groups[Int(group)].addConversation(conversation, now: now, settings: settings)
                    }
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
                all.addFacts(totals)
                guard wantsGroups else { continue }
                if bySkill {
                    groups[Int(key.skill)].addFacts(totals)
                } else {
                    for group in groupTargets(key.group) { groups[Int(group)].addFacts(totals) }
                }
            }
        }

        all.finish()
        for index in groups.indices where groups[index].present { groups[index].finish() }
        let metrics = query.metrics
        let allValues = query.sections.contains(.all) ? MetricValues(metrics.map { ($0, all.value($0)) }) : nil
        guard wantsGroups else { return QueryResult(all: allValues, groups: nil) }

        var rows: [(group: MetricsResponse.Group, sortValue: Double?)] = []
        for (index, accumulator) in groups.enumerated() where accumulator.present {
            let key: String
            let name: String?
            if bySkill {
                key = world.skillIds[index]
                name = world.skillNames[index]
            } else {
                key = world.groups[index].id
                name = world.groups[index].name
            }
            var sortValue: Double?
            if case .metric(let metric) = query.sort.field { sortValue = accumulator.value(metric)?.doubleValue }
            let values = MetricValues(metrics.map { ($0, accumulator.value($0)) })
            rows.append((MetricsResponse.Group(key: key, keyDescription: name ?? "NA", metrics: values), sortValue))
        }
        rows.sort { Self.ordered($0, $1, direction: query.sort.direction, byKey: query.sort.field == .key) }
        return QueryResult(all: allValues, groups: rows.map(\.group))
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
