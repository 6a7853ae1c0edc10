/// What the engine tracks about an agent between events.
public struct AgentRuntime: Sendable, Hashable {
    public var state: AgentState = .offline
    public var stateSince: Int64 = .min
    /// Σ weight of the conversations assigned to the agent now, in thousandths (``Weight``): exact, so
    /// 1.1 + 1.3 + 0.6 is 3 and an idle agent is back at exactly 0.
    public var assignedWeight: Int64 = 0
    public var assignedCount: Int = 0
    /// The last agent-state event, for the time-order check.
    public var lastStateTime: Int64 = .min
}

/// What the engine tracks about an open conversation.
public struct ConversationRuntime: Sendable, Hashable {
    public var skill: WorldIndex.Index
    public var openedAt: Int64
    /// The agent it is assigned to now, or `WorldIndex.none` while in the queue.
    public var agent: WorldIndex.Index = WorldIndex.none
    public var assignedAt: Int64 = 0
    /// In thousandths (``Weight``).
    public var weight: Int64 = Weight.one
    /// The last agent it was ever assigned to: a close is attributed to them.
    public var lastAgent: WorldIndex.Index = WorldIndex.none
    /// The last message from either side: an assigned conversation is active while this is recent.
    public var lastMessageAt: Int64?
    /// Start of the consumer's current wait for a human answer, if they are waiting.
    public var waitStart: Int64?
    /// Whether a human agent has written yet: the first such message ends the "first response" wait.
    public var hadHumanMessage = false
    /// When it entered the queue it is in now (`nil` while assigned).
    public var queuedSince: Int64?
    /// The last event's time, for the time-order check.
    public var lastTime: Int64

    public init(skill: WorldIndex.Index, openedAt: Int64) {
        self.skill = skill
        self.openedAt = openedAt
        self.queuedSince = openedAt
        self.lastTime = openedAt
    }

    public var isAssigned: Bool { agent != WorldIndex.none }
    /// The agent a close or a survey is attributed to: the current one, else the last one.
    public var attributedAgent: WorldIndex.Index { isAssigned ? agent : lastAgent }
}
