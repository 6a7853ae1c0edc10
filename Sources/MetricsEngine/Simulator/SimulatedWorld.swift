/// What the simulator knows about the world beyond the `WorldItem`s it hands out: demand, routing
/// roles and shifts, all by array index so the hot loop never touches a string.
struct SimulatedWorld: Sendable {
    struct SkillProfile: Sendable {
        var id: String
        /// Share of all arrivals (the shares sum to 1).
        var demand: Double
        /// Conversations start with a bot and are handed to `handoff` when the bot can't finish.
        var botFirst: Bool
        var handoff: Int32
        var humans: [Int32] = []
        var bots: [Int32] = []
    }

    struct AgentProfile: Sendable {
        var id: String
        var isBot: Bool
        var maxSlots: Double
        var skills: [Int32]
        /// Milliseconds after UTC midnight the daily shift starts (humans only).
        var shiftOffset: Int64
        var shiftLength: Int64
    }

    var items: [WorldItem] = []
    var skills: [SkillProfile] = []
    var agents: [AgentProfile] = []
    /// Skills a human may be transferred to (not bot-first).
    var humanSkills: [Int32] = []
}
