import KeyMetrics

/// A skill conversations are routed by.
public struct Skill: Codable, Sendable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A node of the agent-group tree; `parentId` is `nil` for a root.
public struct AgentGroup: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var parentId: String?

    public init(id: String, name: String, parentId: String? = nil) {
        self.id = id
        self.name = name
        self.parentId = parentId
    }
}

/// A person or a bot who takes conversations, in one group, serving one or more skills.
public struct Agent: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var userType: UserType
    public var groupId: String
    public var skillIds: [String]
    /// The most conversations (by weight) the agent may hold at once.
    public var maxSlots: Int

    public init(id: String, name: String, userType: UserType, groupId: String, skillIds: [String], maxSlots: Int) {
        self.id = id
        self.name = name
        self.userType = userType
        self.groupId = groupId
        self.skillIds = skillIds
        self.maxSlots = maxSlots
    }
}

/// One line of a world file: a skill, a group or an agent.
public enum WorldItem: Sendable, Hashable {
    case skill(Skill)
    case agentGroup(AgentGroup)
    case agent(Agent)
}

/// An agent's availability. Every state but `OFFLINE` counts as logged in.
public enum AgentState: String, CaseIterable, Codable, Sendable, Hashable {
    case online = "ONLINE"
    case backSoon = "BACK_SOON"
    case away = "AWAY"
    case offline = "OFFLINE"

    public var isLoggedIn: Bool { self != .offline }
}

/// Who closed a conversation.
public enum ClosedBy: String, CaseIterable, Codable, Sendable, Hashable {
    case agent = "AGENT"
    case consumer = "CONSUMER"
    case system = "SYSTEM"
}

extension AgentState: WireEnum {}
extension ClosedBy: WireEnum {}
