import KeyMetrics
import MetricsEngine
import Testing

/// Current-value metrics at NOW, computed by hand.
@Suite struct CurrentValueTests {
    /// Agents (state, maxSlots, weight assigned at NOW):
    /// - h1 HUMAN G1 [S1,S2,S3] ONLINE    4 slots, a1 (1.0) + a2 (1.5) = 2.5
    /// - h2 HUMAN G1 [S1]       AWAY      2 slots, a3 (2.0)
    /// - h3 HUMAN G2 [S2]       BACK_SOON 3 slots, 0 (q3 was sent back to the queue)
    /// - b1 BOT   G2 [S1]       ONLINE   10 slots, a4 (3.0)
    /// - h4 HUMAN G2 [S3]       OFFLINE   5 slots, a5 (1.0)
    ///
    /// Conversations (skill, agent, last message, wait start, queue entry):
    /// - a1 S1 h1: last message NOW−2m (active), wait ended
    /// - a2 S2 h1: last message NOW−15m (idle), wait ended
    /// - a3 S1 h2: last message NOW−9m (active), waiting since NOW−9m (overdue)
    /// - a4 S1 b1: last message NOW−6m (active), waiting since NOW−7m (bot answers don't count: overdue)
    /// - a5 S3 h4: no message (not active)
    /// - q1 S1 queue since NOW−8m, waiting since NOW−7m (overdue)
    /// - q2 S2 queue since NOW−2m, no consumer message
    /// - q3 S1 queue since NOW−4m (transfer), waiting since NOW−3m
    /// - q4 S2 queue since NOW−6m, waiting since exactly NOW−5m (not more than 5 min: not overdue)
    static func scenario() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.skill("S2")
        try e.skill("S3")
        try e.group("G1")
        try e.group("G2")
        try e.agent("h1", group: "G1", skills: ["S1", "S2", "S3"], maxSlots: 4)
        try e.agent("h2", group: "G1", skills: ["S1"], maxSlots: 2)
        try e.agent("h3", group: "G2", skills: ["S2"], maxSlots: 3)
        try e.agent("b1", group: "G2", skills: ["S1"], type: .bot, maxSlots: 10)
        try e.agent("h4", group: "G2", skills: ["S3"], maxSlots: 5)
        try e.state("h1", .online, at: NOW - 2 * HOUR)
        try e.state("h2", .online, at: NOW - 2 * HOUR)
        try e.state("h2", .away, at: NOW - 1 * HOUR)
        try e.state("h3", .backSoon, at: NOW - 2 * HOUR)
        try e.state("b1", .online, at: NOW - 2 * HOUR)

        try e.open("a1", skill: "S1", at: NOW - 5 * MIN)
        try e.consumer("a1", at: NOW - 4 * MIN)
        try e.assign("a1", to: "h1", at: NOW - 3 * MIN)
        try e.reply("a1", by: "h1", at: NOW - 2 * MIN)

        try e.open("a2", skill: "S2", at: NOW - 30 * MIN)
        try e.assign("a2", to: "h1", weight: 1.5, at: NOW - 29 * MIN)
        try e.consumer("a2", at: NOW - 20 * MIN)
        try e.reply("a2", by: "h1", at: NOW - 15 * MIN)

        try e.open("a3", skill: "S1", at: NOW - 10 * MIN)
        try e.consumer("a3", at: NOW - 9 * MIN)
        try e.assign("a3", to: "h2", weight: 2, at: NOW - 8 * MIN)

        try e.open("a4", skill: "S1", at: NOW - 7 * MIN)
        try e.consumer("a4", at: NOW - 7 * MIN)
        try e.assign("a4", to: "b1", weight: 3, at: NOW - 7 * MIN + 1 * SEC)
        try e.reply("a4", by: "b1", at: NOW - 6 * MIN)

        try e.open("a5", skill: "S3", at: NOW - 60 * MIN)
        try e.assign("a5", to: "h4", at: NOW - 59 * MIN)

        try e.open("q1", skill: "S1", at: NOW - 8 * MIN)
        try e.consumer("q1", at: NOW - 7 * MIN)

        try e.open("q2", skill: "S2", at: NOW - 2 * MIN)

        try e.open("q3", skill: "S1", at: NOW - 20 * MIN)
        try e.assign("q3", to: "h3", at: NOW - 19 * MIN)
        try e.transfer("q3", skill: "S1", at: NOW - 4 * MIN)
        try e.consumer("q3", at: NOW - 3 * MIN)

        try e.open("q4", skill: "S2", at: NOW - 6 * MIN)
        try e.consumer("q4", at: NOW - 5 * MIN)
        return e
    }

    @Test func allSection() throws {
        let r = try Self.scenario().query(current: allCurrent)
        let all = try #require(r.all)
        // h1 and b1 online; h3 back soon; h2 away; h4 offline. h1 has three skills but is one agent here.
        #expect(all[.onlineAgents] == .long(2))
        #expect(all[.backSoonAgents] == .long(1))
        #expect(all[.awayAgents] == .long(1))
        // Logged in: h1, h2, h3, b1. (2.5 + 2 + 0 + 3) / (4 + 2 + 3 + 10) = 7.5 / 19 = 0.39473… → 0.3947
        #expect(all[.agentLoad] == .double(0.3947))
        // Logged-in humans h1, h2, h3: (2.5 + 2 + 0) / (4 + 2 + 3) = 0.5
        #expect(all[.humanAgentLoad] == .double(0.5))
        // Online humans: h1 only: 2.5 / 4
        #expect(all[.humanOnlineLoad] == .double(0.625))
        // Away humans: h2 only: 2 / 2
        #expect(all[.humanAwayLoad] == .double(1))
        // Online: h1 floor(4 − 2.5) = 1, b1 floor(10 − 3) = 7
        #expect(all[.availableSlots] == .long(8))
        #expect(all[.assignedConversations] == .long(5))  // a1…a5 (a5's agent is offline, still assigned)
        #expect(all[.activeConversations] == .long(3))  // a1, a3, a4
        #expect(all[.unassignedConversations] == .long(4))  // q1…q4
        #expect(all[.openConversations] == .long(9))
        #expect(all[.overdueConversationsInQueue] == .long(1))  // q1
        #expect(all[.overdueConversationsAssigned] == .long(2))  // a3, a4
        #expect(all[.overdueConversationsTotal] == .long(3))
        // Queue waits: q2 120 000, q3 240 000, q4 360 000, q1 480 000.
        // Nearest rank: p50 → rank ⌈0.5·4⌉ = 2 → 240 000; p90 → rank ⌈3.6⌉ = 4 → 480 000
        #expect(all[.queueWaitTime50thPercentile] == .long(240_000))
        #expect(all[.queueWaitTime90thPercentile] == .long(480_000))
    }

    /// The waits are collected only for a query that reads a percentile; a sort by one reads it too,
    /// though the metric is not asked for. S1's p90 is 480 000, S2's 360 000, S3 has none (last).
    @Test func aSortByAPercentileNotAskedForStillSortsByIt() throws {
        for direction in [SortDirection.desc, .asc] {
            let r = try Self.scenario().query(
                current: [.onlineAgents], groupBy: .skillId, sort: SortOrder(field: .metric(.queueWaitTime90thPercentile), direction: direction))
            #expect(r.keys == (direction == .desc ? ["S1", "S2", "S3"] : ["S2", "S1", "S3"]))
            #expect(r.value("S1", .queueWaitTime90thPercentile) == nil)  // not asked for: not in the answer
        }
    }

    @Test func bySkill() throws {
        let r = try Self.scenario().query(current: allCurrent, groupBy: .skillId)
        #expect(r.keys == ["S1", "S2", "S3"])
        // S1: agents h1 (online, 2.5/4), h2 (away, 2/2), b1 (online, 3/10).
        #expect(r.value("S1", .onlineAgents) == .long(2))
        #expect(r.value("S1", .backSoonAgents) == .long(0))
        #expect(r.value("S1", .awayAgents) == .long(1))
        #expect(r.value("S1", .agentLoad) == .double(0.4688))  // 7.5 / 16 = 0.46875 → 0.4688
        #expect(r.value("S1", .humanAgentLoad) == .double(0.75))  // 4.5 / 6
        #expect(r.value("S1", .humanOnlineLoad) == .double(0.625))  // 2.5 / 4
        #expect(r.value("S1", .humanAwayLoad) == .double(1))  // 2 / 2
        #expect(r.value("S1", .availableSlots) == .long(8))  // 1 + 7
        // S1 conversations: a1, a3, a4 assigned (all active), q1, q3 queued.
        #expect(r.value("S1", .assignedConversations) == .long(3))
        #expect(r.value("S1", .activeConversations) == .long(3))
        #expect(r.value("S1", .unassignedConversations) == .long(2))
        #expect(r.value("S1", .openConversations) == .long(5))
        #expect(r.value("S1", .overdueConversationsInQueue) == .long(1))
        #expect(r.value("S1", .overdueConversationsAssigned) == .long(2))
        #expect(r.value("S1", .overdueConversationsTotal) == .long(3))
        // waits 240 000 (q3), 480 000 (q1): p50 rank 1, p90 rank ⌈1.8⌉ = 2
        #expect(r.value("S1", .queueWaitTime50thPercentile) == .long(240_000))
        #expect(r.value("S1", .queueWaitTime90thPercentile) == .long(480_000))

        // S2: agents h1 (online 2.5/4), h3 (back soon 0/3).
        #expect(r.value("S2", .onlineAgents) == .long(1))
        #expect(r.value("S2", .backSoonAgents) == .long(1))
        #expect(r.value("S2", .awayAgents) == .long(0))
        #expect(r.value("S2", .agentLoad) == .double(0.3571))  // 2.5 / 7
        #expect(r.value("S2", .humanAgentLoad) == .double(0.3571))
        #expect(r.value("S2", .humanOnlineLoad) == .double(0.625))
        #expect(r.value("S2", .humanAwayLoad) == nil)  // no away human: no slots, no value
        #expect(r.value("S2", .availableSlots) == .long(1))
        // S2 conversations: a2 (idle), q2, q4 (exactly 5 min: not overdue).
        #expect(r.value("S2", .assignedConversations) == .long(1))
        #expect(r.value("S2", .activeConversations) == .long(0))
        #expect(r.value("S2", .unassignedConversations) == .long(2))
        #expect(r.value("S2", .overdueConversationsTotal) == .long(0))
        #expect(r.value("S2", .queueWaitTime50thPercentile) == .long(120_000))
        #expect(r.value("S2", .queueWaitTime90thPercentile) == .long(360_000))

        // S3: agents h1 (online), h4 (offline: not in any load).
        #expect(r.value("S3", .onlineAgents) == .long(1))
        #expect(r.value("S3", .agentLoad) == .double(0.625))
        #expect(r.value("S3", .availableSlots) == .long(1))
        #expect(r.value("S3", .assignedConversations) == .long(1))  // a5
        #expect(r.value("S3", .activeConversations) == .long(0))
        #expect(r.value("S3", .unassignedConversations) == .long(0))
        #expect(r.value("S3", .queueWaitTime50thPercentile) == nil)
        #expect(r.value("S3", .queueWaitTime90thPercentile) == nil)
    }

    @Test func byAgentGroup() throws {
        let r = try Self.scenario().query(current: allCurrent, groupBy: .agentGroupId)
        #expect(r.keys == ["G1", "G2"])
        // G1: h1 (online 2.5/4), h2 (away 2/2)
        #expect(r.value("G1", .onlineAgents) == .long(1))
        #expect(r.value("G1", .awayAgents) == .long(1))
        #expect(r.value("G1", .agentLoad) == .double(0.75))  // 4.5 / 6
        #expect(r.value("G1", .humanAgentLoad) == .double(0.75))
        #expect(r.value("G1", .humanOnlineLoad) == .double(0.625))
        #expect(r.value("G1", .humanAwayLoad) == .double(1))
        #expect(r.value("G1", .availableSlots) == .long(1))
        #expect(r.value("G1", .assignedConversations) == .long(3))  // a1, a2, a3
        #expect(r.value("G1", .activeConversations) == .long(2))  // a1, a3
        #expect(r.value("G1", .overdueConversationsAssigned) == .long(1))  // a3
        // Queued conversations belong to no group.
        #expect(r.value("G1", .unassignedConversations) == .long(0))
        #expect(r.value("G1", .queueWaitTime50thPercentile) == nil)
        // G2: h3 (back soon 0/3), b1 (online bot 3/10), h4 (offline)
        #expect(r.value("G2", .onlineAgents) == .long(1))
        #expect(r.value("G2", .backSoonAgents) == .long(1))
        #expect(r.value("G2", .agentLoad) == .double(0.2308))  // 3 / 13 = 0.230769…
        #expect(r.value("G2", .humanAgentLoad) == .double(0))  // 0 / 3: a real zero
        #expect(r.value("G2", .humanOnlineLoad) == nil)  // no online human: null, not 0
        #expect(r.value("G2", .humanAwayLoad) == nil)
        #expect(r.value("G2", .availableSlots) == .long(7))
        #expect(r.value("G2", .assignedConversations) == .long(2))  // a4, a5
        #expect(r.value("G2", .activeConversations) == .long(1))  // a4
        #expect(r.value("G2", .overdueConversationsAssigned) == .long(1))  // a4
    }

    @Test func currentValuesIgnoreTheTimeWindow() throws {
        let e = try Self.scenario()
        let recent = try e.query(current: allCurrent, groupBy: .skillId, from: NOW - HOUR, to: NOW)
        let old = try e.query(current: allCurrent, groupBy: .skillId, from: NOW - DAY, to: NOW - 23 * HOUR)
        #expect(recent == old)
    }

    @Test func zeroDenominatorsGiveNoValue() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 3)
        try e.agent("b1", group: "G1", skills: ["S1"], type: .bot, maxSlots: 4)
        // Everyone offline: every load has no slots under it.
        var r = try e.query(current: allCurrent, groupBy: .skillId)
        for metric in [Metric.agentLoad, .humanAgentLoad, .humanOnlineLoad, .humanAwayLoad] {
            #expect(r.all?.contains(metric) == true)
            #expect(r.all?[metric] == nil, "\(metric)")
            #expect(r.value("S1", metric) == nil, "\(metric)")
        }
        #expect(r.all?[.onlineAgents] == .long(0))
        #expect(r.all?[.availableSlots] == .long(0))
        #expect(r.all?[.queueWaitTime50thPercentile] == nil)
        // Only the bot online: loads over all agents are 0 (a real value), human loads stay null.
        try e.state("b1", .online, at: NOW - MIN)
        r = try e.query(current: allCurrent)
        #expect(r.all?[.agentLoad] == .double(0))
        #expect(r.all?[.humanAgentLoad] == nil)
        #expect(r.all?[.humanOnlineLoad] == nil)
        #expect(r.all?[.availableSlots] == .long(4))
    }

    @Test func loadAboveOneAndNoNegativeFreeSlots() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 2)
        try e.state("h1", .online, at: NOW - HOUR)
        for (index, weight) in [1.5, 1.5].enumerated() {
            try e.open("c\(index)", skill: "S1", at: NOW - 10 * MIN)
            try e.assign("c\(index)", to: "h1", weight: weight, at: NOW - 9 * MIN)
        }
        let r = try e.query(current: [.agentLoad, .humanOnlineLoad, .availableSlots])
        #expect(r.all?[.agentLoad] == .double(1.5))  // 3 / 2
        #expect(r.all?[.humanOnlineLoad] == .double(1.5))
        #expect(r.all?[.availableSlots] == .long(0))  // max(0, 2 − 3)
    }

    /// Weights are exact thousandths: 1.1 + 1.3 + 0.6 is exactly 3 of 4 slots (a running sum of doubles
    /// gave 3.0000000000000004 and 0 free), and an idle agent is back at exactly 0.
    @Test func decimalWeightsSumExactly() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 4)
        try e.state("h1", .online, at: NOW - HOUR)
        for (index, weight) in [1.1, 1.3, 0.6].enumerated() {
            try e.open("c\(index)", skill: "S1", at: NOW - 10 * MIN)
            try e.assign("c\(index)", to: "h1", weight: weight, at: NOW - 9 * MIN)
        }
        var r = try e.query(current: [.availableSlots, .agentLoad])
        #expect(r.all?[.availableSlots] == .long(1))
        #expect(r.all?[.agentLoad] == .double(0.75))
        for index in 0..<3 { try e.close("c\(index)", by: .agent, at: NOW - 8 * MIN) }
        r = try e.query(current: [.availableSlots, .agentLoad])
        #expect(r.all?[.availableSlots] == .long(4))
        #expect(r.all?[.agentLoad] == .double(0))
        // 0.1 ten times is exactly one slot.
        for index in 0..<10 {
            try e.open("d\(index)", skill: "S1", at: NOW - 7 * MIN)
            try e.assign("d\(index)", to: "h1", weight: 0.1, at: NOW - 6 * MIN)
        }
        #expect(try e.query(current: [.availableSlots]).all?[.availableSlots] == .long(3))
        // Finer than a thousandth is refused, with why.
        try e.open("tiny", skill: "S1", at: NOW - 5 * MIN)
        #expect(throws: EventRejection.self) { try e.assign("tiny", to: "h1", weight: 0.0001, at: NOW - 4 * MIN) }
    }

    @Test func weightLeavesWithTransferAndClose() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 4)
        try e.agent("h2", group: "G1", skills: ["S1"], maxSlots: 4)
        try e.state("h1", .online, at: NOW - HOUR)
        try e.state("h2", .online, at: NOW - HOUR)
        try e.open("c", skill: "S1", at: NOW - 10 * MIN)
        try e.assign("c", to: "h1", weight: 2, at: NOW - 9 * MIN)
        try e.open("d", skill: "S1", at: NOW - 10 * MIN)
        try e.assign("d", to: "h1", at: NOW - 9 * MIN)
        // h1 3/4 → 1 free, h2 0/4 → 4 free
        #expect(try e.query(current: [.availableSlots]).all?[.availableSlots] == .long(5))
        try e.transfer("c", agent: "h2", at: NOW - 8 * MIN)  // the weight 2 goes with it
        // h1 1/4 → 3 free, h2 2/4 → 2 free; load (1 + 2) / 8 = 0.375
        var r = try e.query(current: [.availableSlots, .agentLoad])
        #expect(r.all?[.availableSlots] == .long(5))
        #expect(r.all?[.agentLoad] == .double(0.375))
        try e.close("c", by: .agent, at: NOW - 7 * MIN)
        // h1 1/4, h2 0/4: 3 + 4 free; load 1 / 8 = 0.125
        r = try e.query(current: [.availableSlots, .agentLoad, .assignedConversations])
        #expect(r.all?[.availableSlots] == .long(7))
        #expect(r.all?[.agentLoad] == .double(0.125))
        #expect(r.all?[.assignedConversations] == .long(1))
    }

    /// Boundaries of "active" (a message within the last 10 min, inclusive) and "overdue" (waiting
    /// more than 5 min), and both as settings.
    @Test func idleAndOverdueBoundaries() throws {
        func build(_ settings: EngineSettings) throws -> Engine {
            var e = Engine(settings: settings)
            try e.skill("S1")
            try e.group("G1")
            try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 10)
            try e.state("h1", .online, at: NOW - HOUR)
            for c in ["x1", "x2", "x3", "x4"] {
                try e.open(c, skill: "S1", at: NOW - 20 * MIN)
                try e.assign(c, to: "h1", at: NOW - 20 * MIN)
            }
            try e.consumer("x1", at: NOW - 11 * MIN)
            try e.reply("x1", by: "h1", at: NOW - 10 * MIN)  // last message exactly 10 min ago: active
            try e.consumer("x2", at: NOW - 12 * MIN)
            try e.reply("x2", by: "h1", at: NOW - 10 * MIN - 1)  // 10 min + 1 ms ago: idle
            try e.consumer("x3", at: NOW - 5 * MIN)  // waiting exactly 5 min: not overdue
            try e.consumer("x4", at: NOW - 5 * MIN - 1)  // waiting 5 min + 1 ms: overdue
            return e
        }
        let metrics: [Metric] = [.assignedConversations, .activeConversations, .overdueConversationsAssigned]
        let standard = try build(EngineSettings()).query(current: metrics).all
        #expect(standard?[.assignedConversations] == .long(4))
        #expect(standard?[.activeConversations] == .long(3))  // x1, x3, x4
        #expect(standard?[.overdueConversationsAssigned] == .long(1))  // x4
        let custom = try build(EngineSettings(idleAfterMillis: 20 * MIN, overdueAfterMillis: MIN))
            .query(current: metrics).all
        #expect(custom?[.activeConversations] == .long(4))
        #expect(custom?[.overdueConversationsAssigned] == .long(2))  // x3 and x4 wait > 1 min
    }

    @Test func queuePercentilesNearestRank() throws {
        var e = Engine()
        try e.skill("S1")
        // Ten queued conversations, waiting 1 … 10 min at NOW.
        for k in 1...10 {
            try e.open("q\(k)", skill: "S1", at: NOW - Int64(k) * MIN)
        }
        let r = try e.query(current: [.queueWaitTime50thPercentile, .queueWaitTime90thPercentile, .unassignedConversations])
        #expect(r.all?[.unassignedConversations] == .long(10))
        #expect(r.all?[.queueWaitTime50thPercentile] == .long(5 * MIN))  // rank ⌈5⌉ = 5 → 5 min
        #expect(r.all?[.queueWaitTime90thPercentile] == .long(9 * MIN))  // rank ⌈9⌉ = 9 → 9 min
        // An eleventh, waiting 11 min: p50 rank ⌈5.5⌉ = 6, p90 rank ⌈9.9⌉ = 10
        try e.open("q11", skill: "S1", at: NOW - 11 * MIN)
        let r2 = try e.query(current: [.queueWaitTime50thPercentile, .queueWaitTime90thPercentile])
        #expect(r2.all?[.queueWaitTime50thPercentile] == .long(6 * MIN))
        #expect(r2.all?[.queueWaitTime90thPercentile] == .long(10 * MIN))
    }

    /// The 30-day rule: conversations opened more than 30 days before NOW are left out of every
    /// current conversation count (the engine's documented choice), though still open.
    @Test func thirtyDayRule() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 10)
        try e.state("h1", .online, at: NOW - 40 * DAY)
        try e.open("old", skill: "S1", at: NOW - 31 * DAY)
        try e.assign("old", to: "h1", at: NOW - 31 * DAY + MIN)
        try e.consumer("old", at: NOW - 31 * DAY + 2 * MIN)  // waiting ever since: would be overdue
        try e.open("oldQueued", skill: "S1", at: NOW - 31 * DAY)
        try e.open("edge", skill: "S1", at: NOW - 30 * DAY)  // exactly 30 days: still counted
        try e.assign("edge", to: "h1", at: NOW - 30 * DAY)
        try e.open("new", skill: "S1", at: NOW - HOUR)
        try e.assign("new", to: "h1", at: NOW - HOUR)
        let r = try e.query(
            current: [.assignedConversations, .unassignedConversations, .openConversations, .overdueConversationsTotal, .agentLoad],
            groupBy: .skillId)
        #expect(r.all?[.assignedConversations] == .long(2))  // edge, new
        #expect(r.all?[.unassignedConversations] == .long(0))
        #expect(r.all?[.openConversations] == .long(2))
        #expect(r.all?[.overdueConversationsTotal] == .long(0))
        #expect(r.value("S1", .assignedConversations) == .long(2))
        // Load is about the agent's slots: the old conversation's weight is still on h1 (3 / 10).
        #expect(r.all?[.agentLoad] == .double(0.3))
    }

    @Test func aWaitGoesBackToTheQueueWithTheConversation() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"])
        try e.open("c", skill: "S1", at: NOW - 10 * MIN)
        try e.consumer("c", at: NOW - 9 * MIN)  // waiting since NOW − 9 min
        try e.assign("c", to: "h1", at: NOW - 8 * MIN)
        try e.transfer("c", skill: "S1", at: NOW - 2 * MIN)  // back to the queue, unanswered
        let r = try e.query(current: [
            .overdueConversationsInQueue, .overdueConversationsAssigned, .queueWaitTime50thPercentile,
            .unassignedConversations, .assignedConversations,
        ])
        #expect(r.all?[.unassignedConversations] == .long(1))
        #expect(r.all?[.assignedConversations] == .long(0))
        #expect(r.all?[.overdueConversationsInQueue] == .long(1))  // 9 min > 5 min
        #expect(r.all?[.overdueConversationsAssigned] == .long(0))
        #expect(r.all?[.queueWaitTime50thPercentile] == .long(120_000))  // in this queue since NOW − 2 min
    }
}
