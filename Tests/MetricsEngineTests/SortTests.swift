import KeyMetrics
import MetricsEngine
import Testing

/// Group order, key descriptions and which groups appear.
@Suite struct SortTests {
    /// Skills S1…S4 ("Alpha"…"Delta"), one human agent each (a1…a4 in G1, all offline).
    /// closedConversations: S1 2, S2 5, S3 2, S4 0. avgWaitTime: S1 10 s, S3 30 s, S2 and S4 no data.
    static func scenario() throws -> Engine {
        var e = Engine()
        for (id, name) in [("S1", "Alpha"), ("S2", "Beta"), ("S3", "Gamma"), ("S4", "Delta")] {
            try e.skill(id, name: name)
        }
        try e.group("G1")
        for k in 1...4 { try e.agent("a\(k)", group: "G1", skills: ["S\(k)"]) }
        let t0 = NOW - 30 * MIN
        try e.wait("w1", skill: "S1", agent: "a1", start: t0, length: 10 * SEC)
        try e.close("w1", by: .agent, at: t0 + MIN)
        try e.handled("s1b", skill: "S1", agent: "a1", by: .agent, start: t0, end: t0 + MIN)
        for k in 1...5 {
            try e.handled("s2-\(k)", skill: "S2", agent: "a2", by: .consumer, start: t0, end: t0 + MIN)
        }
        try e.wait("w3", skill: "S3", agent: "a3", start: t0, length: 30 * SEC)
        try e.close("w3", by: .agent, at: t0 + MIN)
        try e.handled("s3b", skill: "S3", agent: "a3", by: .system, start: t0, end: t0 + MIN)
        return e
    }

    func keys(_ sort: SortOrder, byTime: [Metric] = [.closedConversations, .avgWaitTime]) throws -> [String] {
        try Self.scenario().query(byTime: byTime, groupBy: .skillId, sort: sort).keys
    }

    @Test func defaultIsKeyAscending() throws {
        #expect(try keys(.default) == ["S1", "S2", "S3", "S4"])
        #expect(try keys(SortOrder(field: .key, direction: .desc)) == ["S4", "S3", "S2", "S1"])
    }

    @Test func byCountDescendingTiesByKeyAscending() throws {
        // S2 5, then S1 and S3 with 2 each (key ascending), then S4 0.
        #expect(try keys(SortOrder(field: .metric(.closedConversations), direction: .desc)) == ["S2", "S1", "S3", "S4"])
    }

    @Test func byCountAscendingTiesByKeyAscending() throws {
        #expect(try keys(SortOrder(field: .metric(.closedConversations), direction: .asc)) == ["S4", "S1", "S3", "S2"])
    }

    @Test func nullsLastInBothDirections() throws {
        // S1 10 s, S3 30 s; S2 and S4 have no data: last, by key ascending.
        #expect(try keys(SortOrder(field: .metric(.avgWaitTime), direction: .asc)) == ["S1", "S3", "S2", "S4"])
        #expect(try keys(SortOrder(field: .metric(.avgWaitTime), direction: .desc)) == ["S3", "S1", "S2", "S4"])
    }

    @Test func sortByAMetricThatWasNotAskedFor() throws {
        #expect(try keys(SortOrder(field: .metric(.avgWaitTime), direction: .desc), byTime: [.closedConversations])
            == ["S3", "S1", "S2", "S4"])
    }

    @Test func allTiedSortsByKey() throws {
        // Nobody is online: onlineAgents is 0 everywhere.
        let r = try Self.scenario().query(
            current: [.onlineAgents], groupBy: .skillId, sort: SortOrder(field: .metric(.onlineAgents), direction: .desc))
        #expect(r.keys == ["S1", "S2", "S3", "S4"])
    }

    @Test func sortByLoadWithNulls() throws {
        var e = try Self.scenario()
        try e.state("a2", .online, at: NOW - HOUR)  // S2: 0 / 3 = 0
        try e.state("a4", .online, at: NOW - HOUR)
        try e.open("x", skill: "S4", at: NOW - 10 * MIN)
        try e.assign("x", to: "a4", at: NOW - 10 * MIN)  // S4: 1 / 3 = 0.3333
        let sort = SortOrder(field: .metric(.agentLoad), direction: .desc)
        let r = try e.query(current: [.agentLoad], groupBy: .skillId, sort: sort)
        #expect(r.keys == ["S4", "S2", "S1", "S3"])
        #expect(r.value("S4", .agentLoad) == .double(0.3333))
        #expect(r.value("S2", .agentLoad) == .double(0))
        #expect(r.value("S1", .agentLoad) == nil)
        let asc = try e.query(current: [.agentLoad], groupBy: .skillId, sort: SortOrder(field: .metric(.agentLoad), direction: .asc))
        #expect(asc.keys == ["S2", "S4", "S1", "S3"])
    }

    @Test func keyDescriptions() throws {
        var e = try Self.scenario()
        try e.open("g", skill: "ghost", at: NOW - 5 * MIN)  // a skill the world never named
        try e.open("t", skill: "S1", at: NOW - 5 * MIN)
        try e.transfer("t", skill: "ghost2", at: NOW - 4 * MIN)  // another one, from a transfer
        let r = try e.query(byTime: [.closedConversations], current: [.unassignedConversations], groupBy: .skillId)
        #expect(r.keys == ["S1", "S2", "S3", "S4", "ghost", "ghost2"])
        #expect(r.group("S1")?.keyDescription == "Alpha")
        #expect(r.group("S4")?.keyDescription == "Delta")
        #expect(r.group("ghost")?.keyDescription == "NA")
        #expect(r.group("ghost2")?.keyDescription == "NA")
        #expect(r.value("ghost", .unassignedConversations) == .long(1))
        #expect(r.value("ghost2", .unassignedConversations) == .long(1))
        #expect(r.value("S1", .unassignedConversations) == .long(0))
        let byGroup = try e.query(current: [.onlineAgents], groupBy: .agentGroupId)
        #expect(byGroup.group("G1")?.keyDescription == "Group G1")
    }

    @Test func aGroupAppearsOnlyWithAnAgentOrAMatchingFact() throws {
        var e = try Self.scenario()
        try e.skill("S5")  // no agent, no conversation, no fact
        try e.group("G2")  // no agent
        try e.group("G3")
        try e.agent("b", group: "G3", skills: ["S5"], type: .bot)
        // "old" exists only through a close two hours ago.
        try e.handled("o", skill: "old", agent: nil, by: .system, start: NOW - 2 * HOUR, end: NOW - 2 * HOUR)
        let lastHour = try e.query(byTime: [.closedConversations], groupBy: .skillId)
        #expect(lastHour.keys == ["S1", "S2", "S3", "S4", "S5"])  // S5 through the bot b
        let lastThree = try e.query(byTime: [.closedConversations], groupBy: .skillId, from: NOW - 3 * HOUR)
        #expect(lastThree.keys == ["S1", "S2", "S3", "S4", "S5", "old"])
        #expect(lastThree.value("old", .closedConversations) == .long(1))
        #expect(lastThree.group("old")?.keyDescription == "NA")

        let byGroup = try e.query(byTime: [.closedConversations], groupBy: .agentGroupId)
        #expect(byGroup.keys == ["G1", "G3"])
        // With a skill filter, only groups with a matching agent or fact appear.
        let filtered = try e.query(byTime: [.closedConversations], groupBy: .agentGroupId, skillIds: ["S5"])
        #expect(filtered.keys == ["G3"])
        let humans = try e.query(byTime: [.closedConversations], groupBy: .agentGroupId, userTypes: [.human])
        #expect(humans.keys == ["G1"])
    }

    @Test func responseSectionsAreHonoured() throws {
        let e = try Self.scenario()
        let base = MetricsQuery(
            time: RequestedTime(from: NOW - HOUR, to: NOW), byTime: [.closedConversations], groupBy: .skillId)
        var onlyGroups = base
        onlyGroups.sections = [.groupBy]
        let g = try e.evaluate(onlyGroups, now: NOW)
        #expect(g.all == nil)
        #expect(g.groups?.map(\.key) == ["S1", "S2", "S3", "S4"])
        var onlyAll = base
        onlyAll.sections = [.all]
        let a = try e.evaluate(onlyAll, now: NOW)
        #expect(a.groups == nil)
        #expect(a.all?[.closedConversations] == .long(9))  // 2 + 5 + 2
        // Metrics come back in request order, each once.
        var ordered = base
        ordered.byTime = [.avgWaitTime, .closedConversations]
        ordered.currentValue = [.onlineAgents]
        #expect(try e.evaluate(ordered, now: NOW).all?.metrics == [.avgWaitTime, .closedConversations, .onlineAgents])
    }

    @Test func aSkillNamedAfterItsFirstEventGetsItsName() throws {
        var e = Engine()
        try e.open("c", skill: "late", at: NOW - 10 * MIN)
        var r = try e.query(current: [.unassignedConversations], groupBy: .skillId)
        #expect(r.group("late")?.keyDescription == "NA")
        try e.skill("late", name: "Late Skill")
        r = try e.query(current: [.unassignedConversations], groupBy: .skillId)
        #expect(r.group("late")?.keyDescription == "Late Skill")
        #expect(r.value("late", .unassignedConversations) == .long(1))
    }
}
