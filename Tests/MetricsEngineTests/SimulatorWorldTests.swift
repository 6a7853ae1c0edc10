import KeyMetrics
import Testing
@testable import MetricsEngine

/// The generated world has the shape the dashboard and the demo rely on.
@Suite struct SimulatorWorldTests {
    struct Parts {
        var skills: [Skill] = []
        var groups: [AgentGroup] = []
        var agents: [Agent] = []

        init(_ items: [WorldItem]) {
            for item in items {
                switch item {
                case .skill(let skill): skills.append(skill)
                case .agentGroup(let group): groups.append(group)
                case .agent(let agent): agents.append(agent)
                }
            }
        }
    }

    @Test func defaultWorldShape() throws {
        let sim = Simulator(config: SimulatorConfig(), start: 0)
        let parts = Parts(sim.world)
        #expect(parts.skills.count == 12)
        #expect(parts.groups.count == 10)
        #expect(parts.agents.count == 160)

        // Skills: realistic names including a Japanese one and one over 40 characters; 10-digit ids.
        #expect(parts.skills.contains { $0.name == "カスタマーサポート" })
        #expect(parts.skills.contains { $0.name.count > 40 })
        #expect(parts.skills.allSatisfy { $0.id.count == 10 && UInt64($0.id) != nil })
        #expect(Set(parts.skills.map(\.id)).count == 12)

        // Groups: one root, regions under it, teams under regions; parents before children.
        let roots = parts.groups.filter { $0.parentId == nil }
        #expect(roots.count == 1)
        #expect(roots.first?.name == "Contact Center")
        let rootId = try #require(roots.first?.id)
        let regions = parts.groups.filter { $0.parentId == rootId }
        let regionIds = Set(regions.map(\.id))
        let teams = parts.groups.filter { $0.parentId.map(regionIds.contains) ?? false }
        #expect(regions.count == 3)
        #expect(teams.count == 6)
        #expect(1 + regions.count + teams.count == parts.groups.count)
        var seen = Set<String>()
        for group in parts.groups {
            if let parent = group.parentId { #expect(seen.contains(parent)) }
            seen.insert(group.id)
        }
        #expect(Set(parts.groups.map(\.id)).count == parts.groups.count)

        // Agents: unique "a0001"-style ids, ~8 % bots, humans mostly in teams.
        #expect(parts.agents.first?.id == "a0001")
        #expect(Set(parts.agents.map(\.id)).count == 160)
        let bots = parts.agents.filter { $0.userType == .bot }
        let humans = parts.agents.filter { $0.userType == .human }
        #expect(bots.count == 13)
        #expect(bots.allSatisfy { (20...50).contains($0.maxSlots) && !$0.skillIds.isEmpty })
        #expect(humans.allSatisfy { (2...8).contains($0.maxSlots) && (1...4).contains($0.skillIds.count) })
        #expect(humans.allSatisfy { $0.name.split(separator: " ").count == 2 })
        let teamIds = Set(teams.map(\.id))
        #expect(humans.filter { teamIds.contains($0.groupId) }.count > humans.count * 3 / 4)

        // Every skill has a human; some skills are bot-first.
        for skill in parts.skills {
            let served = humans.contains { $0.skillIds.contains(skill.id) }
            #expect(served, "skill \(skill.name) has no human")
        }
        let botFirst = sim.model.skills.filter { $0.botFirst }.count
        #expect(botFirst >= 2)
    }

    @Test func worldLoadsIntoTheEngine() throws {
        var engine = Engine()
        for item in Simulator(config: SimulatorConfig(), start: 0).world { try engine.add(item) }
        #expect(engine.world.agents.count == 160)
    }

    @Test func largeAndTinyWorlds() throws {
        let large = Parts(Simulator(config: SimulatorConfig(skills: 1_000, groups: 60, agents: 5_000), start: 0).world)
        #expect(large.skills.count == 1_000)
        #expect(large.skills.contains { $0.name == "Skill 1000" })
        #expect(Set(large.skills.map(\.id)).count == 1_000)
        #expect(large.agents.count == 5_000 && Set(large.agents.map(\.id)).count == 5_000)
        #expect(large.groups.count == 60)
        let humanSkills = Set(large.agents.filter { $0.userType == .human }.flatMap(\.skillIds))
        #expect(humanSkills.count == 1_000)

        var engine = Engine()
        for config in [SimulatorConfig(skills: 1, groups: 1, agents: 1), SimulatorConfig(skills: 30, groups: 2, agents: 5)] {
            engine = Engine()
            let start: Int64 = 1_764_000_000_000  // the engine takes event times from 2000 to 2100
            var sim = Simulator(config: config, start: start)
            for item in sim.world { try engine.add(item) }
            for event in sim.advance(to: start + 6 * 3_600_000) { try engine.ingest(event) }
            #expect(engine.rejectedEvents == 0)
        }
    }
}
