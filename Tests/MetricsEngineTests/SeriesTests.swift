import KeyMetrics
import MetricsEngine
import Testing

/// The historical series: how the window is cut, where a boundary fact lands, and that the points add
/// up to the metrics answer exactly.
@Suite struct SeriesTests {
    static func world() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.skill("S2")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1", "S2"], maxSlots: 5)
        return e
    }

    static func series(
        _ e: Engine, from: Int64, to: Int64, interval: Int, groupBy: GroupBy? = nil, byTime: [Metric] = [.closedConversations]
    ) throws -> SeriesResult {
        let query = MetricsQuery(
            time: RequestedTime(from: from, to: to), byTime: byTime,
            sections: groupBy == nil ? [.all] : [.all, .groupBy], groupBy: groupBy, endpoint: .historical(interval: interval))
        return try e.evaluateSeries(query, now: NOW)
    }

    static func closed(_ point: HistoricalResponse.Point) -> MetricValue? { point.all?.metrics[.closedConversations] }

    @Test func aFactOnABoundaryBelongsToTheLaterPointAndTheEndInstantToTheLast() throws {
        var e = try Self.world()
        let f = NOW - 30 * MIN  // a minute boundary
        try e.handled("atFrom", skill: "S1", agent: nil, by: .system, start: f, end: f)
        try e.handled("justBefore10", skill: "S1", agent: nil, by: .system, start: f, end: f + 10 * MIN - 1)
        try e.handled("at10", skill: "S1", agent: nil, by: .system, start: f, end: f + 10 * MIN)
        try e.handled("atTo", skill: "S1", agent: nil, by: .system, start: f, end: f + 30 * MIN)
        let result = try Self.series(e, from: f, to: f + 30 * MIN, interval: 10)
        #expect(result.plan.interval == 10)
        #expect(result.points.map(\.from) == [f, f + 10 * MIN, f + 20 * MIN])
        #expect(result.points.map(\.to) == [f + 10 * MIN, f + 20 * MIN, f + 30 * MIN])
        #expect(result.points.map(Self.closed) == [.long(2), .long(1), .long(1)])
        // The whole window, asked of the metrics route: the same 4.
        #expect(try e.query(byTime: [.closedConversations], from: f, to: f + 30 * MIN).all?[.closedConversations] == .long(4))
    }

    @Test func aWindowOfOneInstantIsOnePoint() throws {
        var e = try Self.world()
        let f = NOW - 30 * MIN
        try e.handled("atFrom", skill: "S1", agent: nil, by: .system, start: f, end: f)
        try e.handled("after", skill: "S1", agent: nil, by: .system, start: f, end: f + 1)
        let result = try Self.series(e, from: f, to: f, interval: 0)
        #expect(result.points.count == 1)
        #expect(result.points.map(Self.closed) == [.long(1)])
    }

    @Test func theLastPointIsShorterWhenTheIntervalDoesNotDivide() throws {
        let e = try Self.world()
        let result = try Self.series(e, from: NOW - 25 * MIN, to: NOW, interval: 10)
        #expect(result.points.count == 3)
        #expect(result.points.last?.from == NOW - 5 * MIN)
        #expect(result.points.last?.to == NOW)
    }

    @Test func theServerChoosesAboutTwelvePointsAnHourFiveMinutesToEightHoursThenAnHour() {
        #expect(SeriesPlan.automaticInterval(spanMinutes: 0) == 1)
        #expect(SeriesPlan.automaticInterval(spanMinutes: 30) == 3)
        #expect(SeriesPlan.automaticInterval(spanMinutes: 60) == 5)
        #expect(SeriesPlan.automaticInterval(spanMinutes: 480) == 5)
        #expect(SeriesPlan.automaticInterval(spanMinutes: 481) == 60)
        #expect(SeriesPlan.automaticInterval(spanMinutes: 1441) == 60)
    }

    @Test func moreThanAHundredPointsIsRefusedNamingTheInterval() throws {
        let e = try Self.world()
        let error = #expect(throws: MetricsRequestError.self) { try Self.series(e, from: NOW - 2 * HOUR, to: NOW, interval: 1) }
        #expect(error?.field == "interval")
        #expect(error?.message.contains("120 points") == true)
        #expect(error?.message.contains("at least 2") == true)
        #expect(try Self.series(e, from: NOW - 100 * MIN, to: NOW, interval: 1).points.count == 100)
    }

    /// Every point's counts, per group and in `all`, add up to the metrics route's over the same window;
    /// the averages are each point's own (sums over counts), not averages of averages.
    @Test func pointsAddUpExactlyToTheWindowPerGroup() throws {
        var e = try Self.world()
        var n = 0
        for minute in stride(from: 0, to: 90, by: 7) {
            for skill in ["S1", "S2"] where minute % 2 == 0 || skill == "S2" {
                n += 1
                let t = NOW - 2 * HOUR + Int64(minute) * MIN + Int64(n) * 997
                try e.wait("c\(n)", skill: skill, agent: "h1", start: t, length: Int64(n) * SEC)
                try e.close("c\(n)", by: .agent, at: t + Int64(n) * SEC + 1)
            }
        }
        let from = NOW - 2 * HOUR + 17 * SEC, to = NOW - 30 * MIN - 5 * SEC
        let series = try Self.series(e, from: from, to: to, interval: 7, groupBy: .skillId, byTime: [.closedConversations, .avgWaitTime])
        let whole = try e.query(byTime: [.closedConversations, .avgWaitTime], groupBy: .skillId, from: from, to: to)
        #expect(series.groupCount == 2)
        for key in ["S1", "S2"] {
            var sum: Int64 = 0
            for point in series.points {
                let group = try #require(point.groupBy?.groups.first { $0.key == key })
                if case .long(let count) = group.metrics[.closedConversations] { sum += count }
            }
            #expect(MetricValue.long(sum) == whole.value(key, .closedConversations), "\(key)")
        }
        var all: Int64 = 0
        for point in series.points { if case .long(let count) = Self.closed(point) { all += count } }
        #expect(MetricValue.long(all) == whole.all?[.closedConversations])
        #expect(all == Int64(n))
        // Each point carries both groups, in the page's order.
        #expect(series.points.allSatisfy { $0.groupBy?.groups.map(\.key) == ["S1", "S2"] })
    }
}

/// The agent view's grouping: one row per agent, facts and conversations by the agent they belong to.
@Suite struct AgentGroupingTests {
    @Test func eachAgentGetsTheirOwnCountsAndTheAllLineIsTheMetricsOne() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 2)
        try e.agent("h2", group: "G1", skills: ["S1"], maxSlots: 2)
        try e.state("h1", .online, at: NOW - HOUR)
        try e.state("h2", .away, at: NOW - HOUR)
        try e.handled("c1", skill: "S1", agent: "h1", by: .agent, start: NOW - 20 * MIN, end: NOW - 10 * MIN)
        try e.handled("c2", skill: "S1", agent: "h1", by: .agent, start: NOW - 20 * MIN, end: NOW - 10 * MIN)
        try e.handled("c3", skill: "S1", agent: nil, by: .system, start: NOW - 20 * MIN, end: NOW - 10 * MIN)
        try e.open("c4", skill: "S1", at: NOW - 5 * MIN)
        try e.assign("c4", to: "h2", at: NOW - 4 * MIN)
        let query = MetricsQuery(
            time: RequestedTime(from: NOW - HOUR, to: NOW), byTime: [.closedConversations],
            currentValue: [.onlineAgents, .awayAgents, .assignedConversations], endpoint: .agentView)
        let result = try e.evaluate(query, now: NOW)
        #expect(result.keys == ["h1", "h2"])
        #expect(result.value("h1", .closedConversations) == .long(2))
        #expect(result.value("h2", .closedConversations) == .long(0))
        #expect(result.value("h1", .onlineAgents) == .long(1))
        #expect(result.value("h2", .awayAgents) == .long(1))
        #expect(result.value("h2", .assignedConversations) == .long(1))
        // `all` includes the close that belongs to no agent, as the metrics route's does.
        #expect(result.all?[.closedConversations] == .long(3))
        let metrics = try e.query(byTime: [.closedConversations], from: NOW - HOUR, to: NOW)
        #expect(result.all?[.closedConversations] == metrics.all?[.closedConversations])
    }
}
