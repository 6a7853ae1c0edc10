import KeyMetrics
import MetricsEngine
import Testing

/// Closes, concluded conversations, durations and CSAT, computed by hand.
@Suite struct CloseMetricsTests {
    static let closeMetrics: [Metric] = [
        .closedConversations, .closedByAgent, .closedByConsumer, .autoClosed, .concludedConversations,
        .avgConversationsDuration,
    ]

    /// S1, S2, S3; G1 {h1 (S1), b1 (bot, S2)}, G2 {h2 (S1, S2)}, G3 {h3 (S3)}.
    static func world() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.skill("S2")
        try e.skill("S3")
        try e.group("G1")
        try e.group("G2")
        try e.group("G3")
        try e.agent("h1", group: "G1", skills: ["S1"])
        try e.agent("h2", group: "G2", skills: ["S1", "S2"])
        try e.agent("b1", group: "G1", skills: ["S2"], type: .bot)
        try e.agent("h3", group: "G3", skills: ["S3"])
        return e
    }

    /// c1: S1, h1, closed by the agent after 10 min.
    /// c2: S1, h1, transferred to S2 and h2, closed by the consumer after 20 min.
    /// c3: S2, never assigned, auto-closed after 3 min.
    /// c4: S1, bot b1, sent back to the S1 queue, auto-closed after 30 min (last agent: b1).
    static func scenario() throws -> Engine {
        var e = try world()
        let t0 = NOW - 40 * MIN
        try e.open("c1", skill: "S1", at: t0)
        try e.assign("c1", to: "h1", at: t0 + 1 * MIN)
        try e.close("c1", by: .agent, at: t0 + 10 * MIN)  // 600 000 ms

        try e.open("c2", skill: "S1", at: t0)
        try e.assign("c2", to: "h1", at: t0 + 1 * MIN)
        try e.transfer("c2", skill: "S2", agent: "h2", at: t0 + 5 * MIN)
        try e.close("c2", by: .consumer, at: t0 + 20 * MIN)  // 1 200 000 ms

        try e.open("c3", skill: "S2", at: t0 + 2 * MIN)
        try e.close("c3", by: .system, at: t0 + 5 * MIN)  // 180 000 ms

        try e.open("c4", skill: "S1", at: t0)
        try e.assign("c4", to: "b1", at: t0 + 1 * MIN)
        try e.transfer("c4", skill: "S1", at: t0 + 3 * MIN)
        try e.close("c4", by: .system, at: t0 + 30 * MIN)  // 1 800 000 ms
        return e
    }

    @Test func closesInAll() throws {
        let r = try Self.scenario().query(byTime: Self.closeMetrics)
        let all = try #require(r.all)
        #expect(all[.closedConversations] == .long(4))
        #expect(all[.closedByAgent] == .long(1))
        #expect(all[.closedByConsumer] == .long(1))
        #expect(all[.autoClosed] == .long(2))
        // concluded = by agent + by consumer (auto-closes are not concluded)
        #expect(all[.concludedConversations] == .long(2))
        // (600 000 + 1 200 000 + 180 000 + 1 800 000) / 4 = 945 000
        #expect(all[.avgConversationsDuration] == .double(945_000))
        #expect(r.groups == nil)
    }

    @Test func closesBySkillAtClose() throws {
        let r = try Self.scenario().query(byTime: Self.closeMetrics, groupBy: .skillId)
        // S1: c1 (agent), c4 (system). Durations (600 000 + 1 800 000) / 2 = 1 200 000
        #expect(r.value("S1", .closedConversations) == .long(2))
        #expect(r.value("S1", .closedByAgent) == .long(1))
        #expect(r.value("S1", .closedByConsumer) == .long(0))
        #expect(r.value("S1", .autoClosed) == .long(1))
        #expect(r.value("S1", .concludedConversations) == .long(1))
        #expect(r.value("S1", .avgConversationsDuration) == .double(1_200_000))
        // S2: c2 (consumer, moved here by the transfer), c3 (system, never assigned).
        // Durations (1 200 000 + 180 000) / 2 = 690 000
        #expect(r.value("S2", .closedConversations) == .long(2))
        #expect(r.value("S2", .closedByAgent) == .long(0))
        #expect(r.value("S2", .closedByConsumer) == .long(1))
        #expect(r.value("S2", .autoClosed) == .long(1))
        #expect(r.value("S2", .concludedConversations) == .long(1))
        #expect(r.value("S2", .avgConversationsDuration) == .double(690_000))
        // S3 has an agent but no closes: counts are 0, the average is "no data".
        #expect(r.value("S3", .closedConversations) == .long(0))
        #expect(r.value("S3", .avgConversationsDuration) == nil)
        #expect(r.keys == ["S1", "S2", "S3"])
    }

    @Test func closesByGroupOfTheLastAssignedAgent() throws {
        let r = try Self.scenario().query(byTime: Self.closeMetrics, groupBy: .agentGroupId)
        // G1: c1 (h1, agent), c4 (b1 was the last agent, system). (600 000 + 1 800 000) / 2
        #expect(r.value("G1", .closedConversations) == .long(2))
        #expect(r.value("G1", .closedByAgent) == .long(1))
        #expect(r.value("G1", .autoClosed) == .long(1))
        #expect(r.value("G1", .concludedConversations) == .long(1))
        #expect(r.value("G1", .avgConversationsDuration) == .double(1_200_000))
        // G2: c2 (h2 after the transfer from h1)
        #expect(r.value("G2", .closedConversations) == .long(1))
        #expect(r.value("G2", .closedByConsumer) == .long(1))
        #expect(r.value("G2", .autoClosed) == .long(0))
        #expect(r.value("G2", .avgConversationsDuration) == .double(1_200_000))
        // G3: nothing closed
        #expect(r.value("G3", .closedConversations) == .long(0))
        // c3 (never assigned) is in no group: the groups add up to 3 while `all` has 4.
        #expect(r.all?[.closedConversations] == .long(4))
        #expect(r.keys == ["G1", "G2", "G3"])
    }

    @Test func csatIsTopTwoAnswersOverAllAnswers() throws {
        var e = try Self.world()
        let t0 = NOW - 30 * MIN
        try e.open("s1", skill: "S1", at: t0)
        try e.assign("s1", to: "h1", at: t0)
        try e.survey("s1", score: 5, at: t0 + 1 * MIN)  // top two, S1, G1
        try e.open("s2", skill: "S1", at: t0)
        try e.assign("s2", to: "h1", at: t0)
        try e.survey("s2", score: 3, at: t0 + 1 * MIN)  // S1, G1
        try e.open("s3", skill: "S1", at: t0)
        try e.assign("s3", to: "h2", at: t0)
        try e.survey("s3", score: 4, at: t0 + 1 * MIN)  // top two, S1, G2
        try e.open("s4", skill: "S2", at: t0)
        try e.survey("s4", score: 1, at: t0 + 1 * MIN)  // S2, no agent, no group
        try e.open("s5", skill: "S1", at: t0)
        try e.assign("s5", to: "h2", at: t0)
        try e.close("s5", by: .consumer, at: t0 + 2 * MIN)  // a close without an answer: no CSAT sample

        let bySkill = try e.query(byTime: [.csat], groupBy: .skillId)
        #expect(bySkill.all?[.csat] == .double(0.5))  // 2 of 4
        #expect(bySkill.value("S1", .csat) == .double(0.6667))  // 2 of 3, rounded to 4 places
        #expect(bySkill.value("S2", .csat) == .double(0))  // 0 of 1: a real 0
        #expect(bySkill.value("S3", .csat) == nil)  // no answers: no data
        let byGroup = try e.query(byTime: [.csat], groupBy: .agentGroupId)
        #expect(byGroup.value("G1", .csat) == .double(0.5))  // 1 of 2
        #expect(byGroup.value("G2", .csat) == .double(1))  // 1 of 1
        #expect(byGroup.value("G3", .csat) == nil)
    }

    @Test func closeOfAConversationTransferredBetweenSkillsOnly() throws {
        var e = try Self.world()
        let t0 = NOW - 10 * MIN
        try e.open("x", skill: "S1", at: t0)
        try e.assign("x", to: "h2", at: t0 + 1 * MIN)
        try e.transfer("x", skill: "S2", at: t0 + 2 * MIN)  // back to the S2 queue, h2 was the last agent
        try e.close("x", by: .agent, at: t0 + 4 * MIN)
        let r = try e.query(byTime: [.closedConversations, .avgConversationsDuration], groupBy: .skillId)
        #expect(r.value("S1", .closedConversations) == .long(0))
        #expect(r.value("S2", .closedConversations) == .long(1))
        #expect(r.value("S2", .avgConversationsDuration) == .double(240_000))  // 4 min
        let g = try e.query(byTime: [.closedConversations], groupBy: .agentGroupId)
        #expect(g.value("G2", .closedConversations) == .long(1))
        #expect(g.value("G1", .closedConversations) == .long(0))
    }
}
