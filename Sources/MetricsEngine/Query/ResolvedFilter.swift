import KeyMetrics

/// A query's filters turned into per-index tables once, so the sweeps over thousands of fact keys test
/// membership with one array read instead of hashing (a set look-up per key was a sixth of a query).
///
/// Facts and conversations with no agent (a queue, a close of a never-assigned conversation) pass the
/// `userTypes` filter — they have no user type to reject — but not an `agentIds` or `agentGroupIds`
/// filter, as they belong to no agent or group.
struct ResolvedFilter {
    /// Per skill index: admitted; `nil` when skills are not filtered.
    private let skills: [Bool]?
    /// Per agent index: passes the agent, agent-group and user-type filters; `nil` when none is set.
    private let attributed: [Bool]?
    /// With `includeSubGroups`, the listed groups and all their descendants.
    private let groups: Set<WorldIndex.Index>?
    private let agentOrGroupFiltered: Bool
    private let world: WorldIndex

    init(query: MetricsQuery, world: WorldIndex) {
        self.world = world
        if let ids = query.skillIds {
            var table = [Bool](repeating: false, count: world.skillIds.count)
            for id in ids { if let skill = world.skill(id) { table[Int(skill)] = true } }
            skills = table
        } else {
            skills = nil
        }
        let agents = query.agentIds.map { Set($0.compactMap { world.agent($0) }) }
        let groups = query.agentGroupIds.map { world.groupSet($0, withDescendants: query.includeSubGroups) }
        self.groups = groups
        agentOrGroupFiltered = agents != nil || groups != nil
        if agents != nil || groups != nil || query.userTypes != nil {
            let humans = query.userTypes?.contains(.human) ?? true
            let bots = query.userTypes?.contains(.bot) ?? true
            attributed = world.agents.indices.map { index in
                if let agents, !agents.contains(WorldIndex.Index(index)) { return false }
                if let groups, !groups.contains(world.agentGroup[index]) { return false }
                return world.agentProfiles[index].isHuman ? humans : bots
            }
        } else {
            attributed = nil
        }
    }

    func admitsSkill(_ skill: WorldIndex.Index) -> Bool {
        guard let skills else { return true }
        return skill >= 0 && Int(skill) < skills.count && skills[Int(skill)]
    }

    /// A group may appear as a result key (when rolling sub-groups up into their ancestors).
    func admitsGroupKey(_ group: WorldIndex.Index) -> Bool { groups?.contains(group) ?? true }

    /// An agent counted in the agent metrics: every filter applies, skills by intersection.
    func admitsAgent(_ agent: WorldIndex.Index) -> Bool {
        guard admitsAttributed(agent: agent) else { return false }
        guard skills != nil else { return true }
        return world.agentSkills[Int(agent)].contains(where: admitsSkill)
    }

    /// A conversation or fact attributed to `agent` (or to no agent).
    func admitsAttributed(agent: WorldIndex.Index) -> Bool {
        guard agent != WorldIndex.none else { return !agentOrGroupFiltered }
        guard let attributed else { return true }
        return attributed[Int(agent)]
    }
}
