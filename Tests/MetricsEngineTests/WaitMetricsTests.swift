import KeyMetrics
import MetricsEngine
import Testing

/// Waits, first-response waits, time to response and time to first response, computed by hand.
@Suite struct WaitMetricsTests {
    static let waitMetrics: [Metric] = [
        .avgWaitTime, .avgWaitTimeFirstResponse, .avgTimeToResponse, .avgTimeToFirstResponseFirstAssignment,
    ]

    /// S1 "Sales", S2 "Support"; G1 {h1 (human, S1), b1 (bot, S1)}, G2 {h2 (human, S2)}.
    static func world() throws -> Engine {
        var e = Engine()
        try e.skill("S1", name: "Sales")
        try e.skill("S2", name: "Support")
        try e.group("G1")
        try e.group("G2")
        try e.agent("h1", group: "G1", skills: ["S1"])
        try e.agent("h2", group: "G2", skills: ["S2"])
        try e.agent("b1", group: "G1", skills: ["S1"], type: .bot)
        return e
    }

    @Test func severalWaitsInOneConversation() throws {
        var e = try Self.world()
        let t0 = NOW - 30 * MIN
        try e.open("c1", skill: "S1", at: t0)
        try e.consumer("c1", at: t0 + 10 * SEC)  // wait 1 starts at +10 s
        try e.consumer("c1", at: t0 + 20 * SEC)  // same wait: does not restart it
        try e.assign("c1", to: "h1", at: t0 + 30 * SEC)  // h1 assigned at +30 s
        try e.reply("c1", by: "h1", at: t0 + 70 * SEC)  // wait 1 = 70−10 = 60 s; TTR = 70−max(10,30) = 40 s
        try e.consumer("c1", at: t0 + 100 * SEC)  // wait 2 starts at +100 s
        try e.consumer("c1", at: t0 + 130 * SEC)
        try e.reply("c1", by: "h1", at: t0 + 190 * SEC)  // wait 2 = 90 s; TTR = 190−max(100,30) = 90 s
        try e.reply("c1", by: "h1", at: t0 + 200 * SEC)  // no wait open: nothing
        try e.consumer("c1", at: t0 + 300 * SEC)  // wait 3 starts at +300 s
        try e.reply("c1", by: "h1", at: t0 + 330 * SEC)  // wait 3 = 30 s; TTR = 30 s

        let r = try e.query(byTime: Self.waitMetrics)
        // avgWaitTime = (60 + 90 + 30) / 3 = 60 s
        #expect(r.all?[.avgWaitTime] == .double(60_000))
        // Only wait 1 ends at the first human message: 60 s
        #expect(r.all?[.avgWaitTimeFirstResponse] == .double(60_000))
        // (40 + 90 + 30) / 3 = 53 333.333… ms, rounded to 3 places
        #expect(r.all?[.avgTimeToResponse] == .double(53_333.333))
        // First human message at +70 s, h1 assigned at +30 s: 40 s
        #expect(r.all?[.avgTimeToFirstResponseFirstAssignment] == .double(40_000))
    }

    @Test func botMessagesDoNotEndAWait() throws {
        var e = try Self.world()
        let t0 = NOW - 30 * MIN
        try e.open("c2", skill: "S1", at: t0)
        try e.consumer("c2", at: t0 + 5 * SEC)  // wait starts at +5 s
        try e.assign("c2", to: "b1", at: t0 + 6 * SEC)
        try e.reply("c2", by: "b1", at: t0 + 8 * SEC)  // bot: the wait goes on
        try e.consumer("c2", at: t0 + 20 * SEC)  // same wait
        try e.reply("c2", by: "b1", at: t0 + 25 * SEC)  // bot again

        // No human has answered: every wait metric is "no data", never 0.
        let before = try e.query(byTime: Self.waitMetrics)
        for metric in Self.waitMetrics {
            #expect(before.all?.contains(metric) == true)
            #expect(before.all?[metric] == nil, "\(metric)")
        }

        try e.transfer("c2", agent: "h1", at: t0 + 60 * SEC)  // human h1 assigned at +60 s
        try e.reply("c2", by: "h1", at: t0 + 95 * SEC)
        let r = try e.query(byTime: Self.waitMetrics)
        // wait = 95 − 5 = 90 s, and it is the first human message
        #expect(r.all?[.avgWaitTime] == .double(90_000))
        #expect(r.all?[.avgWaitTimeFirstResponse] == .double(90_000))
        // TTR = 95 − max(5, 60) = 35 s; first response after h1's assignment: 95 − 60 = 35 s
        #expect(r.all?[.avgTimeToResponse] == .double(35_000))
        #expect(r.all?[.avgTimeToFirstResponseFirstAssignment] == .double(35_000))
    }

    @Test func firstResponseMetricsOnlyCountTheFirstHumanMessage() throws {
        var e = try Self.world()
        let t0 = NOW - 30 * MIN
        // c3: the agent greets first (no wait), then answers one consumer message.
        try e.open("c3", skill: "S1", at: t0)
        try e.assign("c3", to: "h1", at: t0 + 10 * SEC)
        try e.reply("c3", by: "h1", at: t0 + 40 * SEC)  // first human message: TTFRFA = 30 s, no wait
        try e.consumer("c3", at: t0 + 60 * SEC)
        try e.reply("c3", by: "h1", at: t0 + 80 * SEC)  // wait 20 s (not a first wait); TTR = 80−max(60,10) = 20 s
        // c4: the consumer writes, h1 is assigned later, then answers.
        try e.open("c4", skill: "S1", at: t0)
        try e.consumer("c4", at: t0 + 10 * SEC)
        try e.assign("c4", to: "h1", at: t0 + 50 * SEC)
        try e.reply("c4", by: "h1", at: t0 + 110 * SEC)  // wait 100 s (first); TTR = 110−50 = 60 s; TTFRFA = 60 s

        let r = try e.query(byTime: Self.waitMetrics)
        #expect(r.all?[.avgWaitTime] == .double(60_000))  // (20 + 100) / 2
        #expect(r.all?[.avgWaitTimeFirstResponse] == .double(100_000))  // c4 only
        #expect(r.all?[.avgTimeToResponse] == .double(40_000))  // (20 + 60) / 2
        #expect(r.all?[.avgTimeToFirstResponseFirstAssignment] == .double(45_000))  // (30 + 60) / 2
    }

    @Test func responseToAWaitThatStartedBeforeTheAssignment() throws {
        var e = try Self.world()
        let t0 = NOW - 20 * MIN
        try e.open("c", skill: "S1", at: t0)
        try e.consumer("c", at: t0 + 1 * MIN)  // wait starts
        try e.assign("c", to: "h1", at: t0 + 4 * MIN)  // agent gets it 3 min later
        try e.reply("c", by: "h1", at: t0 + 5 * MIN)
        let r = try e.query(byTime: Self.waitMetrics)
        #expect(r.all?[.avgWaitTime] == .double(240_000))  // 5 − 1 = 4 min
        #expect(r.all?[.avgTimeToResponse] == .double(60_000))  // 5 − max(1, 4) = 1 min
        #expect(r.all?[.avgTimeToFirstResponseFirstAssignment] == .double(60_000))  // 5 − 4
    }

    @Test func transferInTheMiddleOfAWait() throws {
        var e = try Self.world()
        let t0 = NOW - 30 * MIN
        try e.open("c5", skill: "S1", at: t0)
        try e.consumer("c5", at: t0 + 10 * SEC)  // wait starts at +10 s
        try e.assign("c5", to: "h1", at: t0 + 20 * SEC)  // h1 (G1) never answers
        try e.transfer("c5", skill: "S2", agent: "h2", at: t0 + 60 * SEC)  // to S2 and h2 (G2)
        try e.reply("c5", by: "h2", at: t0 + 100 * SEC)
        // wait = 100 − 10 = 90 s (it continued across the transfer), the first one.
        // TTR = 100 − max(10, 60) = 40 s; TTFRFA = 100 − 60 = 40 s (from the new assignment).

        let bySkill = try e.query(byTime: Self.waitMetrics, groupBy: .skillId)
        #expect(bySkill.all?[.avgWaitTime] == .double(90_000))
        #expect(bySkill.all?[.avgWaitTimeFirstResponse] == .double(90_000))
        #expect(bySkill.all?[.avgTimeToResponse] == .double(40_000))
        #expect(bySkill.all?[.avgTimeToFirstResponseFirstAssignment] == .double(40_000))
        // Attributed to S2, the skill at the time of the response; S1 appears (it has agents) with no data.
        #expect(bySkill.keys == ["S1", "S2"])
        #expect(bySkill.value("S2", .avgWaitTime) == .double(90_000))
        #expect(bySkill.value("S2", .avgTimeToResponse) == .double(40_000))
        #expect(bySkill.value("S1", .avgWaitTime) == nil)
        #expect(bySkill.value("S1", .avgTimeToResponse) == nil)

        let byGroup = try e.query(byTime: Self.waitMetrics, groupBy: .agentGroupId)
        // Attributed to G2, the responding agent's group.
        #expect(byGroup.keys == ["G1", "G2"])
        #expect(byGroup.value("G2", .avgWaitTime) == .double(90_000))
        #expect(byGroup.value("G2", .avgWaitTimeFirstResponse) == .double(90_000))
        #expect(byGroup.value("G2", .avgTimeToResponse) == .double(40_000))
        #expect(byGroup.value("G2", .avgTimeToFirstResponseFirstAssignment) == .double(40_000))
        #expect(byGroup.value("G1", .avgWaitTime) == nil)
        #expect(byGroup.value("G1", .avgTimeToFirstResponseFirstAssignment) == nil)
    }

    @Test func waitsAreAttributedPerSkillAndGroupAndAveragedInAll() throws {
        var e = try Self.world()
        let t0 = NOW - 40 * MIN
        try e.wait("a", skill: "S1", agent: "h1", start: t0, length: 10 * SEC)
        try e.wait("b", skill: "S1", agent: "h1", start: t0, length: 20 * SEC)
        try e.wait("c", skill: "S2", agent: "h2", start: t0, length: 90 * SEC)
        // S1/G1: (10 + 20) / 2 = 15 s; S2/G2: 90 s; all: (10 + 20 + 90) / 3 = 40 s
        let r = try e.query(byTime: [.avgWaitTime], groupBy: .skillId)
        #expect(r.all?[.avgWaitTime] == .double(40_000))
        #expect(r.value("S1", .avgWaitTime) == .double(15_000))
        #expect(r.value("S2", .avgWaitTime) == .double(90_000))
        #expect(r.group("S1")?.keyDescription == "Sales")
        #expect(r.group("S2")?.keyDescription == "Support")
        let g = try e.query(byTime: [.avgWaitTime], groupBy: .agentGroupId)
        #expect(g.value("G1", .avgWaitTime) == .double(15_000))
        #expect(g.value("G2", .avgWaitTime) == .double(90_000))
        #expect(g.group("G1")?.keyDescription == "Group G1")
    }

    @Test func firstResponseIsOncePerConversationAcrossHumanTransfers() throws {
        var e = try Self.world()
        try e.agent("h3", group: "G2", skills: ["S1"])
        let t0 = NOW - 30 * MIN
        try e.open("c", skill: "S1", at: t0)
        try e.consumer("c", at: t0 + 10 * SEC)  // wait 1 starts
        try e.assign("c", to: "h1", at: t0 + 20 * SEC)
        try e.reply("c", by: "h1", at: t0 + 50 * SEC)  // wait 1 = 40 s (first); TTR 30 s; TTFRFA 30 s
        try e.consumer("c", at: t0 + 60 * SEC)  // wait 2 starts
        try e.transfer("c", agent: "h3", at: t0 + 90 * SEC)  // h3 (G2) takes over mid-wait
        try e.reply("c", by: "h3", at: t0 + 100 * SEC)  // wait 2 = 40 s (not first); TTR = 100 − 90 = 10 s
        // h3's first message is not the conversation's first human message: no second TTFRFA sample.
        let r = try e.query(byTime: Self.waitMetrics, groupBy: .agentGroupId)
        #expect(r.all?[.avgWaitTime] == .double(40_000))  // (40 + 40) / 2
        #expect(r.all?[.avgWaitTimeFirstResponse] == .double(40_000))
        #expect(r.all?[.avgTimeToResponse] == .double(20_000))  // (30 + 10) / 2
        #expect(r.all?[.avgTimeToFirstResponseFirstAssignment] == .double(30_000))
        // G1 (h1): wait 1; G2 (h3): wait 2 only.
        #expect(r.value("G1", .avgWaitTime) == .double(40_000))
        #expect(r.value("G1", .avgTimeToResponse) == .double(30_000))
        #expect(r.value("G1", .avgTimeToFirstResponseFirstAssignment) == .double(30_000))
        #expect(r.value("G2", .avgWaitTime) == .double(40_000))
        #expect(r.value("G2", .avgTimeToResponse) == .double(10_000))
        #expect(r.value("G2", .avgWaitTimeFirstResponse) == nil)
        #expect(r.value("G2", .avgTimeToFirstResponseFirstAssignment) == nil)
    }

    @Test func aWaitAnsweredAtTheSameMillisecondIsAZeroSample() throws {
        var e = try Self.world()
        let t0 = NOW - 10 * MIN
        try e.wait("fast", skill: "S1", agent: "h1", start: t0, length: 0)  // wait 0 ms
        try e.wait("slow", skill: "S1", agent: "h1", start: t0, length: 60 * SEC)  // wait 60 s
        let r = try e.query(byTime: Self.waitMetrics)
        #expect(r.all?[.avgWaitTime] == .double(30_000))  // (0 + 60 000) / 2: the 0 is a sample
        #expect(r.all?[.avgTimeToFirstResponseFirstAssignment] == .double(30_000))
    }
}
