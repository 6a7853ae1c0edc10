import KeyMetrics
import MetricsEngine
import Testing

/// agentIds, agentGroupIds, skillIds and userTypes filters, computed by hand.
@Suite struct FilterTests {
    static let byTime: [Metric] = [.avgWaitTime, .closedConversations]
    static let current: [Metric] = [.onlineAgents, .agentLoad, .assignedConversations, .unassignedConversations]

    /// Agents (all online): h1 HUMAN G1 [S1,S2] 2 slots · h2 HUMAN G2 [S2] 4 slots · b1 BOT G1 [S3] 5 slots.
    /// Facts: c1 S1/h1 wait 10 s, closed by agent · c2 S2/h2 wait 30 s, closed by consumer ·
    ///        c3 S3/b1 closed by agent · c4 S2/no agent, auto-closed.
    /// Open: o1 S1/h1 (weight 1) · o2 S3/b1 (weight 1) · q1 S2 queued.
    static func scenario() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.skill("S2")
        try e.skill("S3")
        try e.group("G1")
        try e.group("G2")
        try e.agent("h1", group: "G1", skills: ["S1", "S2"], maxSlots: 2)
        try e.agent("h2", group: "G2", skills: ["S2"], maxSlots: 4)
        try e.agent("b1", group: "G1", skills: ["S3"], type: .bot, maxSlots: 5)
        for agent in ["h1", "h2", "b1"] { try e.state(agent, .online, at: NOW - 2 * HOUR) }
        let t0 = NOW - 30 * MIN
        try e.wait("c1", skill: "S1", agent: "h1", start: t0, length: 10 * SEC)
        try e.close("c1", by: .agent, at: t0 + MIN)
        try e.wait("c2", skill: "S2", agent: "h2", start: t0, length: 30 * SEC)
        try e.close("c2", by: .consumer, at: t0 + MIN)
        try e.open("c3", skill: "S3", at: t0)
        try e.assign("c3", to: "b1", at: t0)
        try e.reply("c3", by: "b1", at: t0 + 5 * SEC)
        try e.close("c3", by: .agent, at: t0 + MIN)
        try e.handled("c4", skill: "S2", agent: nil, by: .system, start: t0, end: t0 + MIN)
        try e.open("o1", skill: "S1", at: t0)
        try e.assign("o1", to: "h1", at: t0 + 2 * MIN)
        try e.open("o2", skill: "S3", at: t0)
        try e.assign("o2", to: "b1", at: t0 + 2 * MIN)
        try e.open("q1", skill: "S2", at: t0)
        return e
    }

    func run(
        groupBy: GroupBy? = nil, agentIds: Set<String>? = nil, agentGroupIds: Set<String>? = nil,
        skillIds: Set<String>? = nil, userTypes: Set<UserType>? = nil
    ) throws -> QueryResult {
        try Self.scenario().query(
            byTime: Self.byTime, current: Self.current, groupBy: groupBy, agentIds: agentIds,
            agentGroupIds: agentGroupIds, skillIds: skillIds, userTypes: userTypes)
    }

    @Test func noFilter() throws {
        let all = try #require(try run().all)
        #expect(all[.onlineAgents] == .long(3))
        #expect(all[.agentLoad] == .double(0.1818))  // (1 + 0 + 1) / (2 + 4 + 5) = 2 / 11
        #expect(all[.assignedConversations] == .long(2))
        #expect(all[.unassignedConversations] == .long(1))
        #expect(all[.closedConversations] == .long(4))
        #expect(all[.avgWaitTime] == .double(20_000))  // (10 + 30) / 2
    }

    @Test func agentIds() throws {
        let all = try #require(try run(agentIds: ["h1"]).all)
        #expect(all[.onlineAgents] == .long(1))
        #expect(all[.agentLoad] == .double(0.5))  // 1 / 2
        #expect(all[.assignedConversations] == .long(1))  // o1
        #expect(all[.unassignedConversations] == .long(0))  // q1 has no agent: fails an agentIds filter
        #expect(all[.closedConversations] == .long(1))  // c1 (c4 has no agent)
        #expect(all[.avgWaitTime] == .double(10_000))
    }

    @Test func unknownAgentIdMatchesNothing() throws {
        let all = try #require(try run(agentIds: ["nobody"]).all)
        #expect(all[.onlineAgents] == .long(0))
        #expect(all[.agentLoad] == nil)
        #expect(all[.closedConversations] == .long(0))
        #expect(all[.avgWaitTime] == nil)
        #expect(all[.unassignedConversations] == .long(0))
    }

    @Test func agentGroupIds() throws {
        let r = try run(groupBy: .agentGroupId, agentGroupIds: ["G1"])
        let all = try #require(r.all)
        #expect(all[.onlineAgents] == .long(2))  // h1, b1
        #expect(all[.agentLoad] == .double(0.2857))  // (1 + 1) / (2 + 5) = 0.285714…
        #expect(all[.assignedConversations] == .long(2))  // o1, o2
        #expect(all[.unassignedConversations] == .long(0))  // q1 has no group
        #expect(all[.closedConversations] == .long(2))  // c1 (h1), c3 (b1)
        #expect(all[.avgWaitTime] == .double(10_000))
        #expect(r.keys == ["G1"])
    }

    @Test func skillIdsForAgentsAndConversations() throws {
        let all = try #require(try run(skillIds: ["S2"]).all)
        // Agents with any skill in the list: h1 (S1, S2) and h2 (S2).
        #expect(all[.onlineAgents] == .long(2))
        #expect(all[.agentLoad] == .double(0.1667))  // (1 + 0) / (2 + 4) = 0.16666…
        // Conversations on S2: q1 queued; o1 is on S1, though h1 has S2.
        #expect(all[.assignedConversations] == .long(0))
        #expect(all[.unassignedConversations] == .long(1))
        // Facts on S2: c2 (h2) and c4 (no agent).
        #expect(all[.closedConversations] == .long(2))
        #expect(all[.avgWaitTime] == .double(30_000))
    }

    @Test func skillIdsGroupedBySkillListOnlyListedSkills() throws {
        let r = try run(groupBy: .skillId, skillIds: ["S2"])
        // h1 serves S1 too, but S1 is not in the list: only S2 appears.
        #expect(r.keys == ["S2"])
        #expect(r.value("S2", .onlineAgents) == .long(2))
        #expect(r.value("S2", .closedConversations) == .long(2))
        #expect(r.value("S2", .unassignedConversations) == .long(1))
    }

    @Test func skillIdsGroupedByAgentGroup() throws {
        let r = try run(groupBy: .agentGroupId, skillIds: ["S2"])
        #expect(r.keys == ["G1", "G2"])
        // G1: h1 passes (S2), b1 does not. Facts of G1 on S2: none.
        #expect(r.value("G1", .onlineAgents) == .long(1))
        #expect(r.value("G1", .agentLoad) == .double(0.5))
        #expect(r.value("G1", .closedConversations) == .long(0))
        #expect(r.value("G1", .avgWaitTime) == nil)
        // G2: h2 and c2.
        #expect(r.value("G2", .onlineAgents) == .long(1))
        #expect(r.value("G2", .closedConversations) == .long(1))
        #expect(r.value("G2", .avgWaitTime) == .double(30_000))
    }

    @Test func userTypesHuman() throws {
        let all = try #require(try run(userTypes: [.human]).all)
        #expect(all[.onlineAgents] == .long(2))  // h1, h2
        #expect(all[.agentLoad] == .double(0.1667))  // 1 / 6
        // Conversations: o1 (h1) passes, o2 (b1) does not, q1 (no agent) passes.
        #expect(all[.assignedConversations] == .long(1))
        #expect(all[.unassignedConversations] == .long(1))
        // Facts: c1, c2 (humans) and c4 (no agent) pass; c3 (bot) does not.
        #expect(all[.closedConversations] == .long(3))
        #expect(all[.avgWaitTime] == .double(20_000))
    }

    @Test func userTypesBot() throws {
        let all = try #require(try run(userTypes: [.bot]).all)
        #expect(all[.onlineAgents] == .long(1))  // b1
        #expect(all[.agentLoad] == .double(0.2))  // 1 / 5
        #expect(all[.assignedConversations] == .long(1))  // o2
        #expect(all[.unassignedConversations] == .long(1))  // q1
        #expect(all[.closedConversations] == .long(2))  // c3, c4
        #expect(all[.avgWaitTime] == nil)

        let byGroup = try run(groupBy: .agentGroupId, userTypes: [.bot])
        // G2 has only a human and a human's facts: it does not appear.
        #expect(byGroup.keys == ["G1"])
        #expect(byGroup.value("G1", .onlineAgents) == .long(1))
        #expect(byGroup.value("G1", .closedConversations) == .long(1))  // c3

        let bySkill = try run(groupBy: .skillId, userTypes: [.bot])
        // S2 appears through facts and conversations with no agent (c4, q1); S3 through b1; S1 not at all.
        #expect(bySkill.keys == ["S2", "S3"])
        #expect(bySkill.value("S2", .onlineAgents) == .long(0))
        #expect(bySkill.value("S2", .closedConversations) == .long(1))
        #expect(bySkill.value("S2", .unassignedConversations) == .long(1))
        #expect(bySkill.value("S3", .onlineAgents) == .long(1))
        #expect(bySkill.value("S3", .closedConversations) == .long(1))
        #expect(bySkill.value("S3", .assignedConversations) == .long(1))
    }

    @Test func bothUserTypesIsNoRestriction() throws {
        #expect(try run(userTypes: [.human, .bot]) == run())
    }

    @Test func filtersCombineWithAnd() throws {
        // h2 does not serve S1: no agent, no fact, no conversation passes both.
        let r = try run(groupBy: .skillId, agentIds: ["h2"], skillIds: ["S1"])
        #expect(r.keys == [])
        let all = try #require(r.all)
        #expect(all[.onlineAgents] == .long(0))
        #expect(all[.agentLoad] == nil)
        #expect(all[.closedConversations] == .long(0))
        #expect(all[.avgWaitTime] == nil)
        #expect(all[.assignedConversations] == .long(0))

        // h1 in G1 on S1: agent h1, fact c1, conversation o1.
        let r2 = try run(agentIds: ["h1"], agentGroupIds: ["G1"], skillIds: ["S1"], userTypes: [.human])
        #expect(r2.all?[.onlineAgents] == .long(1))
        #expect(r2.all?[.closedConversations] == .long(1))
        #expect(r2.all?[.assignedConversations] == .long(1))
        #expect(r2.all?[.avgWaitTime] == .double(10_000))
    }

    @Test func anAgentMatchingTwoListedSkillsIsCountedOnceInAll() throws {
        let r = try run(groupBy: .skillId, skillIds: ["S1", "S2"])
        // h1 (S1, S2) once, h2 (S2): 2 online in all; h1 under both skills.
        #expect(r.all?[.onlineAgents] == .long(2))
        #expect(r.all?[.agentLoad] == .double(0.1667))  // (1 + 0) / (2 + 4)
        #expect(r.keys == ["S1", "S2"])
        #expect(r.value("S1", .onlineAgents) == .long(1))
        #expect(r.value("S2", .onlineAgents) == .long(2))
        // Facts: c1 (S1), c2 and c4 (S2).
        #expect(r.all?[.closedConversations] == .long(3))
        #expect(r.value("S1", .closedConversations) == .long(1))
        #expect(r.value("S2", .closedConversations) == .long(2))
    }
}
