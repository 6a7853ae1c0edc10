import Dashboard
import KeyMetrics
import MetricsClient
import Testing

/// The agents behind a row: states read from the agent view, the time in a state as the board saw it
/// (a lower bound until a change is seen), the list's order, and the detail polling them while open.
@Suite struct AgentListTests {
    static func agent(_ id: String, _ name: String, _ state: AgentList.State, load: Double? = nil, closed: Int64 = 0) -> MetricsResponse.Group {
        MetricsResponse.Group(key: id, keyDescription: name, metrics: MetricValues([
            (.onlineAgents, .long(state == .online ? 1 : 0)), (.backSoonAgents, .long(state == .backSoon ? 1 : 0)),
            (.awayAgents, .long(state == .away ? 1 : 0)), (.agentLoad, load.map { .double($0) }),
            (.assignedConversations, .long(0)), (.activeConversations, .long(0)), (.closedConversations, .long(closed)),
        ]))
    }

    @Test func theStateIsTheCountThatIsOneAndNoneIsOffline() {
        for state in [AgentList.State.online, .backSoon, .away, .offline] {
            #expect(AgentList.State(Self.agent("a", "A", state).metrics) == state)
        }
        #expect(AgentList.State(MetricValues([])) == .offline)
    }

    @Test func timeInStateIsALowerBoundUntilAChangeIsSeenBetweenPollsCloseTogether() throws {
        var tracker = AgentList.Tracker()
        tracker.observe([Self.agent("a", "Ann", .online), Self.agent("b", "Bob", .away)], at: 10_000)
        // First seen: since before the board looked, so at least the time since the first poll.
        #expect(tracker.timeInState("a", now: 25_000, precision: 20_000)! == (15_000, true))
        tracker.observe([Self.agent("a", "Ann", .online), Self.agent("b", "Bob", .online)], at: 20_000)
        // Ann: no change, still the lower bound from the first poll. Bob: changed between 10 s and 20 s.
        #expect(tracker.timeInState("a", now: 25_000, precision: 20_000)! == (15_000, true))
        #expect(tracker.timeInState("b", now: 25_000, precision: 20_000)! == (5_000, false))
        // Polls 10 s apart: Bob held on; Ann's change is seen across one poll.
        tracker.observe([Self.agent("a", "Ann", .backSoon), Self.agent("b", "Bob", .online)], at: 30_000, precision: 20_000)
        #expect(tracker.timeInState("a", now: 30_000, precision: 20_000)! == (0, false))
        #expect(tracker.timeInState("b", now: 30_000, precision: 20_000)! == (10_000, false))
        // After a gap wider than the precision (the detail was closed), nothing before it counts: Bob may
        // have gone away and come back. Every time starts again as a lower bound.
        tracker.observe([Self.agent("a", "Ann", .backSoon), Self.agent("b", "Bob", .online)], at: 1_830_000, precision: 20_000)
        #expect(tracker.timeInState("a", now: 1_835_000, precision: 20_000)! == (5_000, true))
        #expect(tracker.timeInState("b", now: 1_835_000, precision: 20_000)! == (5_000, true))
        // An agent that leaves the list is forgotten; back, it starts again as a bound.
        tracker.observe([Self.agent("b", "Bob", .online)], at: 1_840_000, precision: 20_000)
        #expect(tracker.timeInState("a", now: 1_840_000, precision: 20_000) == nil)
        tracker.observe([Self.agent("a", "Ann", .away), Self.agent("b", "Bob", .online)], at: 1_850_000, precision: 20_000)
        #expect(tracker.timeInState("a", now: 1_855_000, precision: 20_000)! == (5_000, true))
    }

    @Test func theListSortsByStateThenNameAndByAnyColumnWithNoDataLast() {
        let agents = [
            Self.agent("1", "zed", .away, load: 0.5, closed: 3), Self.agent("2", "Amy", .offline, closed: 9),
            Self.agent("3", "bob", .online, load: 0.9, closed: 1), Self.agent("4", "Cid", .online, load: 0.2, closed: 5),
        ]
        let tracker = AgentList.Tracker()
        func order(_ column: AgentList.Column, descending: Bool) -> [String] {
            AgentList.sorted(agents, by: AgentList.Sort(column: column, descending: descending), tracker: tracker, now: 0).map(\.key)
        }
        #expect(order(.state, descending: false) == ["3", "4", "1", "2"])
        #expect(order(.name, descending: false) == ["2", "3", "4", "1"])
        #expect(order(.name, descending: true) == ["1", "4", "3", "2"])
        #expect(order(.closed, descending: true) == ["2", "4", "1", "3"])
        // Amy is offline: no load, last both ways.
        #expect(order(.load, descending: true) == ["3", "1", "4", "2"])
        #expect(order(.load, descending: false) == ["4", "1", "3", "2"])
    }

    /// A board with a row selected, by skill.
    static func board() -> DashboardState {
        var state = DashboardState(account: "1", isDemo: false)
        state.poll(at: 1_000) { ReducerTests.snapshot($0, at: $1) }
        return state
    }

    static func agents(_ key: ViewKey, at: Int64) -> Snapshot {
        Snapshot(query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, all: MetricValues([]),
            groups: [agent("a1", "Ann", .online, closed: 2), agent("a2", "Bob", .away)], totalCount: 2, requestCount: 1)
    }

    @Test func theDetailPollsTheRowsAgentsWithTheRowsFilterWhileOpenAndNeverJudgesThem() throws {
        var state = Self.board()
        let effects = reduce(&state, .key(.enter))
        let row = try #require(state.selectedKey)
        let agentsKey = state.view.key.agents(of: row)
        #expect(state.overlay == .detail && state.agentsKey == agentsKey)
        // At once: the agents of that skill, from the agent view, with the view's window and user types.
        let fetch = try #require(effects.fetches.first { $0.key == agentsKey })
        let query = PollFetcher.query(fetch.key, windowEnd: fetch.windowEnd)
        #expect(query.endpoint == .agentView && query.skillIds == [row] && query.agentGroupIds == nil && query.groupBy == nil)
        #expect(query.userTypes == [.human] && query.time.to - query.time.from == state.view.windowMillis)
        state.answer { key, at in key.agentsOf != nil ? Self.agents(key, at: at) : ReducerTests.snapshot(key, at: at) }
        let agents = try #require(state.views[agentsKey])
        #expect(agents.snapshot?.groups.map(\.key) == ["a1", "a2"] && agents.breaches.breaches.isEmpty)
        #expect(agents.agents.seen["a2"]?.state == .away)
        // ←→ and r order the agents, not the panel; ↓ scrolls the detail, not the selection.
        let sorted = state.pressing(.right, .right).0
        #expect(sorted.agentSort == AgentList.Sort(column: .load, descending: true) && sorted.sort(of: .availability) == state.sort(of: .availability))
        #expect(state.pressing(.right, .char("r")).0.agentSort == AgentList.Sort(column: .time, descending: false))
        #expect(state.pressing(.down).0.selectedKey == row)
        // Closed, the agents are no longer polled.
        _ = reduce(&state, .key(.escape))
        #expect(state.overlay == .none && state.agentsKey == nil && !state.polledKeys.contains(agentsKey))
        _ = reduce(&state, .tick(now: 60_000))
        #expect(!state.inFlight.contains { $0.key == agentsKey })
    }

    @Test func byAgentGroupTheAgentsAreThoseOfTheGroup() throws {
        var state = Self.board()
        _ = reduce(&state, .key(.char("g")))
        state.answer { ReducerTests.snapshot($0, at: $1) }
        _ = reduce(&state, .key(.enter))
        let key = try #require(state.agentsKey)
        let query = PollFetcher.query(key, windowEnd: 10_000)
        #expect(query.agentGroupIds == [try #require(state.selectedKey)] && query.skillIds == nil)
    }
}

/// History from the first second: the view's series (the historical route) back-fills the detail's
/// sparklines of by-time metrics; the board's polls are the only history of current values.
@Suite struct DetailSeriesTests {
    /// `points` values of closed conversations for `key`'s rows: 0, 1, 2, … per point.
    static func series(_ key: ViewKey, at: Int64, points: Int = 15) -> SeriesSnapshot {
        let interval = Int64(key.seriesIntervalMinutes) * 60_000
        let spans = (0..<points).map { SeriesSnapshot.Span(from: at - Int64(points - $0) * interval, to: at - Int64(points - $0 - 1) * interval) }
        let values = (0..<points).map { MetricValues([(.closedConversations, .long(Int64($0))), (.avgWaitTime, $0 == 3 ? nil : .double(Double(1000 * $0)))]) }
        var groups: [String: [MetricValues]] = [:]
        for index in 1...30 { groups[String(format: "s%02d", index)] = values }
        return SeriesSnapshot(query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, intervalMinutes: key.seriesIntervalMinutes,
            spans: spans, all: values, groups: groups, requestCount: 1)
    }

    @Test func theDetailsByTimeSparklinesComeFromTheSeriesWithTheirSpanAndRange() throws {
        var state = DashboardState(account: "1", isDemo: false)
        _ = reduce(&state, .tick(now: 1_000))
        #expect(state.inFlight.contains { $0.key == state.view.key.series })
        // The series query: the historical route at 4 minutes for the hour, by-time metrics only.
        let query = PollFetcher.query(state.view.key.series, windowEnd: 1_000)
        #expect(query.endpoint == .historical(interval: 4) && query.currentValue.isEmpty && query.byTime.contains(.closedConversations))
        state.answer(series: { Self.series($0, at: $1) }) { ReducerTests.snapshot($0, at: $1) }
        _ = reduce(&state, .key(.enter))
        let text = layout(state, size: state.size).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(text.contains("Closures · per 4m, last 1h") && text.contains("Wait times · per 4m, last 1h"), "\(text)")
        // Current values have one poll so far, and say so.
        #expect(text.contains("Availability · last poll"), "\(text)")
        let closed = try #require(lines.first { $0.contains("  CLOSED ") })
        #expect(closed.filter { Sparkline.blocks.contains($0) }.count == 15, "\(closed)")
        #expect(closed.contains(" 0–14"), "\(closed)")
        // A point with no data is a gap, and the range is of the values there are.
        let wait = try #require(lines.first { $0.contains("  WAIT ") })
        #expect(wait.filter { Sparkline.blocks.contains($0) }.count == 14 && wait.contains(" 0s–14s"), "\(wait)")
    }

    @Test func theSeriesViewIsEveryViewsOwnAndANewWindowFetchesItsOwn() {
        var state = DashboardState(account: "1", isDemo: false)
        state.poll(at: 1_000) { ReducerTests.snapshot($0, at: $1) }
        let (next, effects) = state.pressing(.char("w"))
        // 4h: its rows, their sibling, and its series at 16 minutes a point.
        #expect(effects.fetches.map(\.key).contains(next.view.key.series) && next.view.key.seriesIntervalMinutes == 16)
        #expect(ViewKey(grouping: .skill, userTypes: nil, windowMillis: 15 * 60_000, includeSubGroups: false).seriesIntervalMinutes == 1)
        #expect(ViewKey(grouping: .skill, userTypes: nil, windowMillis: 24 * 3_600_000, includeSubGroups: false).seriesIntervalMinutes == 96)
    }
}

/// The detail scrolls by what it shows: a page of agent rows side by side, clamped when the list shrinks;
/// a series the server refuses backs off to its own period.
@Suite struct DetailScrollTests {
    static func agents(_ count: Int) -> (ViewKey, Int64) -> Snapshot {
        { key, at in
            let groups = (0..<count).map { AgentListTests.agent(String(format: "a%03d", $0), "Agent \($0)", .online) }
            return Snapshot(query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, all: MetricValues([]), groups: groups,
                totalCount: count, requestCount: 1)
        }
    }

    @Test func pageDownMovesByTheAgentRowsShownAndAShrinkingListBringsTheEndUp() {
        var state = AgentListTests.board()
        _ = reduce(&state, .key(.enter))
        state.answer { key, at in key.agentsOf != nil ? Self.agents(80)(key, at) : ReducerTests.snapshot(key, at: at) }
        // 120×40: 34 lines inside the box, three of them the agents' heading, what LOAD counts (by skill)
        // and the titles: 31 agent rows a page.
        #expect(state.detailScrolling == (limit: 49, page: 31))
        #expect(layout(state, size: state.size).text.contains("LOAD: all skills'; ASSIGN ACTIVE CLOSED: this one's"))
        _ = reduce(&state, .key(.pageDown))
        #expect(state.detailScroll == 31)
        _ = reduce(&state, .key(.end))
        #expect(state.detailScroll == 49)
        let text = layout(state, size: state.size).text
        #expect(text.contains("Agent 79") && !text.contains("Agent 47 "), "\(text)")
        // The list shrinks to 40: the first ↑ moves from its new end, not from a scroll past it.
        _ = reduce(&state, .tick(now: 20_000))
        state.answer { key, at in key.agentsOf != nil ? Self.agents(40)(key, at) : ReducerTests.snapshot(key, at: at) }
        _ = reduce(&state, .key(.up))
        #expect(state.detailScroll == 8)
    }

    @Test func aRefusedSeriesBacksOffToItsOwnPeriodNotThePollInterval() {
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 10_000)
        _ = reduce(&state, .tick(now: 0))
        let series = state.view.key.series
        var now: Int64 = 0
        var delays: [Int64] = []
        for _ in 0..<10 {
            guard let request = state.inFlight.first(where: { $0.key == series }) else { break }
            _ = reduce(&state, .fetched(FetchResult(request: request, outcome: .failure(message: "HTTP 400", retryAfterMillis: nil), finishedAt: now)))
            let next = state.plan.nextStart(of: series, now: now) ?? 0
            delays.append(next - now)
            now = next
            _ = reduce(&state, .tick(now: now))
        }
        #expect(delays == [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 240_000, 240_000], "\(delays)")
    }
}
