import KeyMetrics

/// A query's filters turned into index sets once, so the sweeps test membership cheaply.
///
/// Facts and conversations with no agent (a queue, a close of a never-assigned conversation) pass the
/// `userTypes` filter — they have no user type to reject — but not an `agentIds` or `agentGroupIds`
/// filter, as they belong to no agent or group.
struct ResolvedFilter {
    let skills: Set<WorldIndex.Index>?
    let agents: Set<WorldIndex.Index>?
    /// With `includeSubGroups`, the listed groups and all their descendants.
    let groups: Set<WorldIndex.Index>?
    let userTypes: Set<UserType>?
    let world: WorldIndex

    init(query: MetricsQuery, world: WorldIndex) {
        self.world = world
        skills = query.skillIds.map { Set($0.compactMap { world.skill($0) }) }
        agents = query.agentIds.map { Set($0.compactMap { world.agent($0) }) }
        groups = query.agentGroupIds.map { world.groupSet($0, withDescendants: query.includeSubGroups) }
        userTypes = query.userTypes
    }

    func admitsSkill(_ skill: WorldIndex.Index) -> Bool { skills?.contains(skill) ?? true }

    /// A group may appear as a result key (when rolling sub-groups up into their ancestors).
    func admitsGroupKey(_ group: WorldIndex.Index) -> Bool { groups?.contains(group) ?? true }

    /// An agent counted in the agent metrics: every filter applies, skills by intersection.
    func admitsAgent(_ agent: WorldIndex.Index) -> Bool {
        guard admitsAttributed(agent: agent) else { return false }
        guard let skills else { return true }
        return world.agentSkills[Int(agent)].contains(where: skills.contains)
    }

    /// A conversation or fact attributed to `agent` (or to no agent).
    func admitsAttributed(agent: WorldIndex.Index) -> Bool {
        guard agent != WorldIndex.none else { return agents == nil && groups == nil }
        if let agents, !agents.contains(agent) { return false }
        if let groups, !groups.contains(world.agentGroup[Int(agent)]) { return false }
        if let userTypes, !userTypes.contains(world.agents[Int(agent)].userType) { return false }
        return true
    }
}
