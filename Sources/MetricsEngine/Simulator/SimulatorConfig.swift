/// The size and seed of a simulated contact center.
///
/// The defaults make a mid-size account (about 7,700 conversations a day) that fills 24 hours in well
/// under a second; `--agents 5000 --skills 1000` makes a large one (about a million a day).
public struct SimulatorConfig: Sendable, Hashable {
    /// Everything random derives from this: the same seed gives the same world and the same events.
    public var seed: UInt64 = 1
    /// How many skills (at least 1); the first 12 have hand-picked names.
    public var skills: Int = 12
    /// Total agent groups in a 3-level tree: one root, regions under it, teams under the regions.
    public var groups: Int = 10
    /// Total agents, about 8 % of them bots.
    public var agents: Int = 160

    public init(seed: UInt64 = 1, skills: Int = 12, groups: Int = 10, agents: Int = 160) {
        self.seed = seed
        self.skills = skills
        self.groups = groups
        self.agents = agents
    }
}
