import Foundation
import KeyMetrics

/// Builds the simulated world from a config: skills with skewed demand, a root → regions → teams
/// group tree, humans whose skills follow demand (every skill gets at least one), and bots that serve
/// the bot-first skills. Uses its own random stream so the world never depends on the events.
enum WorldGenerator {
    static let hourMillis: Int64 = 3_600_000

    static func make(_ config: SimulatorConfig) -> SimulatedWorld {
        var rng = SeededRandom(seed: config.seed ^ 0x5EED_0F_3011D)
        var world = SimulatedWorld()
        let skillCount = max(1, config.skills)
        let agentCount = max(1, config.agents)

        // Skills: Zipf-like demand with jitter, so a few skills are busy and many are small.
        let skillIds = uniqueIds(count: skillCount, base: 1_600_000_000 + rng.below(50_000_000), rng: &rng)
        var weights = (0..<skillCount).map { 1 / pow(Double($0) + 1.5, 0.6) * rng.double(0.8...1.2) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        for index in 0..<skillCount {
            world.items.append(.skill(Skill(id: skillIds[index], name: SimulatedNames.skill(index))))
            world.skills.append(.init(id: skillIds[index], demand: weights[index], botFirst: false, handoff: -1))
        }

        let groups = makeGroups(config, rng: &rng)
        world.items += groups.items

        // Bots are spread evenly through the id range; about 8 %.
        let botCount = agentCount >= 2 ? max(1, (agentCount * 8 + 50) / 100) : 0
        func isBot(_ i: Int) -> Bool { (i + 1) * botCount / agentCount != i * botCount / agentCount }
        let humanIndices = (0..<agentCount).filter { !isBot($0) }
        let botIndices = (0..<agentCount).filter { isBot($0) }

        // Bot-first candidates: every third skill; only those a bot actually serves become bot-first.
        let candidates = skillCount >= 2 ? (0..<skillCount).filter { $0 % 3 == 1 } : []
        var skillsOf = [[Int32]](repeating: [], count: agentCount)
        for (k, agent) in botIndices.enumerated() where !candidates.isEmpty {
            var mine = [Int32(candidates[k % candidates.count])]
            if rng.chance(0.4) {
                let extra = Int32(rng.pick(candidates))
                if !mine.contains(extra) { mine.append(extra) }
            }
            skillsOf[agent] = mine
            for skill in mine { world.skills[Int(skill)].botFirst = true }
        }
        if world.skills.allSatisfy(\.botFirst) { world.skills[0].botFirst = false }
        world.humanSkills = (0..<skillCount).filter { !world.skills[$0].botFirst }.map { Int32($0) }
        for index in 0..<skillCount where world.skills[index].botFirst {
            let target = (1..<skillCount).map { (index + $0) % skillCount }.first { !world.skills[$0].botFirst } ?? 0
            world.skills[index].handoff = Int32(target)
        }

        // Humans: the first ones cover every skill once, the rest pick skills by demand.
        var cumulative: [Double] = []
        var running = 0.0
        for weight in weights {
            running += weight
            cumulative.append(running)
        }
        let humanCount = humanIndices.count
        for (j, agent) in humanIndices.enumerated() {
            var mine: [Int32] = []
            if humanCount < skillCount {
                mine = stride(from: j, to: skillCount, by: humanCount).map { Int32($0) }
            } else {
                mine = [Int32(j < skillCount ? j : rng.weightedIndex(cumulative: cumulative))]
                let extra = [0, 1, 1, 1, 2, 2, 3][rng.below(7)]
                var tries = 0
                while mine.count < 1 + extra && tries < 12 {
                    let skill = Int32(rng.weightedIndex(cumulative: cumulative))
                    if !mine.contains(skill) { mine.append(skill) }
                    tries += 1
                }
            }
            skillsOf[agent] = mine
        }

        // Agents, in id order.
        let agentIdWidth = max(4, String(agentCount).count)
        for index in 0..<agentCount {
            let number = String(index + 1)
            let id = "a" + String(repeating: "0", count: max(0, agentIdWidth - number.count)) + number
            let bot = isBot(index)
            let name: String
            let groupId: String
            let maxSlots: Int
            var shiftOffset: Int64 = 0
            var shiftLength: Int64 = 0
            if bot {
                let k = botIndices.firstIndex(of: index) ?? 0
                let base = SimulatedNames.bots[k % SimulatedNames.bots.count] + " Bot"
                name = k < SimulatedNames.bots.count ? base : "\(base) \(k / SimulatedNames.bots.count + 1)"
                groupId = groups.root
                maxSlots = rng.int(20...50)
            } else {
                name = rng.pick(SimulatedNames.firstNames) + " " + rng.pick(SimulatedNames.lastNames)
                if !groups.teams.isEmpty && rng.chance(0.92) {
                    groupId = rng.pick(groups.teams)
                } else if !groups.regions.isEmpty {
                    groupId = rng.pick(groups.regions)
                } else {
                    groupId = groups.root
                }
                maxSlots = rng.int(2...8)
                (shiftOffset, shiftLength) = shift(rng: &rng)
            }
            let skillIds = skillsOf[index].map { world.skills[Int($0)].id }
            world.items.append(
                .agent(Agent(id: id, name: name, userType: bot ? .bot : .human, groupId: groupId, skillIds: skillIds, maxSlots: maxSlots)))
            world.agents.append(
                .init(id: id, isBot: bot, maxSlots: Double(maxSlots), skills: skillsOf[index], shiftOffset: shiftOffset, shiftLength: shiftLength))
            for skill in skillsOf[index] {
                if bot { world.skills[Int(skill)].bots.append(Int32(index)) } else { world.skills[Int(skill)].humans.append(Int32(index)) }
            }
        }
        return world
    }

    /// A daily shift in UTC: most humans work the day (when demand peaks), some the evening, a few
    /// the night, so every hour has someone logged in.
    static func shift(rng: inout SeededRandom) -> (offset: Int64, length: Int64) {
        let r = rng.unit()
        let startHour: Double
        if r < 0.6 {
            startHour = rng.double(6...10)
        } else if r < 0.85 {
            startHour = rng.double(12...16)
        } else {
            startHour = rng.double(20...26)
        }
        let offset = Int64(startHour.truncatingRemainder(dividingBy: 24) * Double(hourMillis))
        let length = Int64(rng.double(7.5...9) * Double(hourMillis))
        return (offset, length)
    }

    /// Distinct numeric ids of the same width: increasing, with random gaps.
    static func uniqueIds(count: Int, base: Int, rng: inout SeededRandom) -> [String] {
        (0..<count).map { String(base + $0 * 1_000 + rng.below(1_000)) }
    }

    struct Groups {
        var items: [WorldItem] = []
        var root = ""
        var regions: [String] = []
        var teams: [String] = []
    }

    /// One root, about √(groups − 1) regions under it, and the rest as teams spread over the regions.
    static func makeGroups(_ config: SimulatorConfig, rng: inout SeededRandom) -> Groups {
        let total = max(1, config.groups)
        let rest = total - 1
        let regionCount = rest == 0 ? 0 : max(1, Int(Double(rest).squareRoot()))
        let teamCount = rest - regionCount
        let ids = uniqueIds(count: total, base: 3_100_000_000 + rng.below(50_000_000), rng: &rng)
        var groups = Groups()
        groups.root = ids[0]
        groups.items.append(.agentGroup(AgentGroup(id: ids[0], name: "Contact Center")))
        for r in 0..<regionCount {
            groups.regions.append(ids[1 + r])
            groups.items.append(.agentGroup(AgentGroup(id: ids[1 + r], name: SimulatedNames.region(r), parentId: ids[0])))
        }
        var perRegion = [Int](repeating: 0, count: regionCount)
        for t in 0..<teamCount {
            let region = t % regionCount
            perRegion[region] += 1
            let id = ids[1 + regionCount + t]
            groups.teams.append(id)
            let name = "\(SimulatedNames.region(region)) Team \(perRegion[region])"
            groups.items.append(.agentGroup(AgentGroup(id: id, name: name, parentId: ids[1 + region])))
        }
        return groups
    }
}
