/// An agent as the simulator sees it between steps.
struct SimAgent: Sendable {
    var state: AgentState = .offline
    /// Σ weight of the conversations assigned now.
    var assigned: Double = 0
    var conversations: [Int32] = []
    /// When the agent finishes typing what they owe: answers queue behind it, so a loaded agent is slow.
    var busyUntil: Int64 = 0
    /// When the current break ends.
    var availableAt: Int64 = 0
    var shiftStartedAt: Int64 = 0
    var shiftEndsAt: Int64 = 0
}

/// An open (or recycled) conversation slot.
struct SimConversation: Sendable {
    var id: String
    var skill: Int32
    var agent: Int32 = -1
    var weight: Double
    /// Bumped whenever pending steps lose their meaning (assignment changes, close).
    var token: Int32 = 0
    var open = true
    var needsBot: Bool
    var botRounds: Int
    /// Consumer/agent exchanges left after the current agent message.
    var rounds: Int
    var transfers = 0
}
