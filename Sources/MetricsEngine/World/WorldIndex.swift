import KeyMetrics

/// The world with every id interned to a small integer, so that stores and queries work on arrays
/// instead of string dictionaries. Indices are stable: nothing is ever removed.
public struct WorldIndex: Sendable {
    public typealias Index = Int32
    /// Stands for "no agent" or "no group" in a fact key.
    public static let none: Index = -1

    public private(set) var skillIds: [String] = []
    /// `nil` for a skill known only from an event: it is reported as "NA".
    public private(set) var skillNames: [String?] = []
    public private(set) var groups: [AgentGroup] = []
    /// `groups[i].id` and `agents[i].id`, side by side: a query sorts its rows by key without mapping
    /// (and retaining) the records.
    public private(set) var groupIds: [String] = []
    public private(set) var agentIds: [String] = []
    public private(set) var groupParent: [Index] = []
    public private(set) var agents: [Agent] = []
    public private(set) var agentGroup: [Index] = []
    public private(set) var agentSkills: [[Index]] = []
    /// Per agent, what the agent metrics read: kept apart from ``agents`` so a query's pass over
    /// thousands of agents copies no strings.
    public private(set) var agentProfiles: [AgentProfile] = []

    /// Id to index: ``StringIndex`` rather than a dictionary, as every event looks up its agent (and an
    /// open or a transfer its skill).
    private var skillIndex = StringIndex()
    private var groupIndex = StringIndex()
    private var agentIndex = StringIndex()

    public init() {}

    public func skill(_ id: String) -> Index? { skillIndex.value(for: id) }
    public func group(_ id: String) -> Index? { groupIndex.value(for: id) }
    public func agent(_ id: String) -> Index? { agentIndex.value(for: id) }

    /// The skill's index, interning an id the world file never named (its name stays unknown).
    mutating func internSkill(_ id: String) -> Index {
        if let index = skillIndex.value(for: id) { return index }
        let index = Index(skillIds.count)
        skillIds.append(id)
        skillNames.append(nil)
        skillIndex.set(index, for: id)
        return index
    }

    mutating func add(_ item: WorldItem) throws(EventRejection) {
        switch item {
        case .skill(let skill):
            guard !skill.id.isEmpty else { throw EventRejection("skill id is empty") }
            if let existing = skillIndex.value(for: skill.id), skillNames[Int(existing)] != nil {
                throw EventRejection("skill '\(skill.id.sanitizedForMessage)' is defined twice")
            }
            let index = internSkill(skill.id)
            skillNames[Int(index)] = skill.name
        case .agentGroup(let group):
            guard !group.id.isEmpty else { throw EventRejection("agent group id is empty") }
            guard groupIndex.value(for: group.id) == nil else {
                throw EventRejection("agent group '\(group.id.sanitizedForMessage)' is defined twice")
            }
            var parent = Self.none
            if let parentId = group.parentId {
                guard let found = groupIndex.value(for: parentId) else {
                    throw EventRejection(
                        "agent group '\(group.id.sanitizedForMessage)' names parent '\(parentId.sanitizedForMessage)', which is not defined on an earlier line")
                }
                parent = found
            }
            groupIndex.set(Index(groups.count), for: group.id)
            groups.append(group)
            groupIds.append(group.id)
            groupParent.append(parent)
        case .agent(let agent):
            guard !agent.id.isEmpty else { throw EventRejection("agent id is empty") }
            guard agentIndex.value(for: agent.id) == nil else {
                throw EventRejection("agent '\(agent.id.sanitizedForMessage)' is defined twice")
            }
            guard let group = groupIndex.value(for: agent.groupId) else {
                throw EventRejection(
                    "agent '\(agent.id.sanitizedForMessage)' names group '\(agent.groupId.sanitizedForMessage)', which is not defined on an earlier line")
            }
            guard agent.maxSlots >= 0 else {
                throw EventRejection("agent '\(agent.id.sanitizedForMessage)' has maxSlots \(agent.maxSlots); it must be 0 or more")
            }
            var skills: [Index] = []
            for id in agent.skillIds {
                guard let skill = skillIndex.value(for: id), skillNames[Int(skill)] != nil else {
                    throw EventRejection(
                        "agent '\(agent.id.sanitizedForMessage)' names skill '\(id.sanitizedForMessage)', which is not defined on an earlier line")
                }
                if !skills.contains(skill) { skills.append(skill) }
            }
            agentIndex.set(Index(agents.count), for: agent.id)
            agents.append(agent)
            agentIds.append(agent.id)
            agentGroup.append(group)
            agentSkills.append(skills)
            agentProfiles.append(AgentProfile(isHuman: agent.userType == .human, maxSlots: agent.maxSlots))
        }
    }

    /// `group` and every group above it, nearest first.
    public func selfAndAncestors(of group: Index) -> [Index] {
        var chain: [Index] = []
        var current = group
        while current != Self.none {
            chain.append(current)
            current = groupParent[Int(current)]
        }
        return chain
    }

    /// The given groups and, if asked, every group below them.
    public func groupSet(_ ids: Set<String>, withDescendants: Bool) -> Set<Index> {
        var set = Set(ids.compactMap { groupIndex.value(for: $0) })
        guard withDescendants, !set.isEmpty else { return set }
        for index in groups.indices {
            let index = Index(index)
            if selfAndAncestors(of: index).contains(where: set.contains) { set.insert(index) }
        }
        return set
    }
}

/// An agent's fixed facts that the agent metrics and the response events need.
public struct AgentProfile: Sendable, Hashable {
    public var isHuman: Bool
    public var maxSlots: Int
}
