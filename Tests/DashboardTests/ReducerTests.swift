import Dashboard
import Foundation
import KeyMetrics
import MetricsClient
import Testing

/// Every key of dashboard.md's table, as actions on a state: no terminal involved.
@Suite struct ReducerTests {
    /// Skills s01…s30 with online = index, wait = 1000 × (31 − index) (so the two sort opposite ways).
    static func snapshot(_ grouping: GroupBy, count: Int = 30, at: Int64 = 1_000, onlineBoost: Int64 = 0) -> Snapshot {
        var groups: [MetricsResponse.Group] = []
        for i in 1...count {
            let online = MetricValue.long(Int64(i) + onlineBoost)
            let wait = MetricValue.double(Double(1000 * (31 - i)))
            let load: MetricValue? = i == 3 ? nil : .double(Double(i) / 100)
            let values = MetricValues([(.onlineAgents, online), (.avgWaitTime, wait), (.humanAgentLoad, load)])
            let name = i == 7 ? "Tech Support" : "Skill \(i)"
            groups.append(MetricsResponse.Group(key: String(format: "s%02d", i), keyDescription: name, metrics: values))
        }
        return Snapshot(
            query: MetricsQuery(time: RequestedTime(from: 0, to: at), groupBy: grouping), fetchedAt: at,
            all: MetricValues([(.onlineAgents, .long(465))]), groups: groups, totalCount: count, requestCount: 1)
    }

    static func poll(at: Int64 = 1_000, onlineBoost: Int64 = 0) -> Action {
        .pollSucceeded(PollResult(
            bySkill: snapshot(.skillId, at: at, onlineBoost: onlineBoost), byGroup: snapshot(.agentGroupId, count: 5, at: at),
            at: at))
    }

    func board(size: DashboardState.Size = .init(columns: 120, rows: 40)) -> DashboardState {
        var state = DashboardState(account: "90412345", isDemo: true)
        state = reduce(state, .resize(size)).0
        return reduce(state, Self.poll()).0
    }

    func press(_ state: DashboardState, _ keys: Key...) -> (DashboardState, [Effect]) {
        press(state, keys)
    }

    func press(_ state: DashboardState, _ keys: [Key]) -> (DashboardState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        for key in keys {
            let (next, more) = reduce(state, .key(key))
            state = next
            effects += more
        }
        return (state, effects)
    }

    @Test func helpOpensWithF1QuestionMarkAndH_andEscCloses() {
        for key in [Key.function(1), .char("?"), .char("h")] {
            let (open, _) = press(board(), key)
            #expect(open.overlay == .help)
            #expect(press(open, .escape).0.overlay == .none)
            #expect(press(open, key).0.overlay == .none)
            // Other keys do nothing under the help overlay.
            #expect(press(open, .char("g")).0.view.grouping == .skill)
        }
    }

    @Test func quitWithQAndF10() {
        for key in [Key.char("q"), .function(10)] {
            let (state, effects) = press(board(), key)
            #expect(effects == [.quit] && state.quitting)
        }
    }

    @Test func panelFocusWithTabShiftTabAndDigits() {
        #expect(press(board(), .tab).0.focus == .load)
        #expect(press(board(), .tab, .tab, .tab, .tab).0.focus == .availability)
        #expect(press(board(), .backTab).0.focus == .closures)
        #expect(press(board(), .char("3")).0.focus == .waits)
        #expect(press(board(), .char("4"), .char("1")).0.focus == .availability)
    }

    @Test func zoomTogglesAndGrowsThePage() {
        let state = board()
        let zoomed = press(state, .char("z")).0
        #expect(zoomed.zoomed && zoomed.pageSize > state.pageSize)
        // 40 rows: 36 for panels; 18 each → 15 body rows; zoomed 36 → 33.
        #expect(state.pageSize == 15 && zoomed.pageSize == 33)
        #expect(!press(zoomed, .char("z")).0.zoomed)
    }

    @Test func sortColumnAndDirection() {
        let state = board()
        // Availability sorts by online, descending: s30 first.
        #expect(state.rows(of: .availability).first?.key == "s30")
        #expect(press(state, .char("r")).0.rows(of: .availability).first?.key == "s01")
        // ← from ONLINE is the name column, A→Z: "Skill 1" < "Skill 10" < … < "Tech Support".
        let byName = press(state, .left).0
        #expect(byName.sort(of: .availability).column == .name && !byName.sort(of: .availability).descending)
        #expect(byName.rows(of: .availability).first?.keyDescription == "Skill 1")
        #expect(byName.rows(of: .availability).last?.keyDescription == "Tech Support")
        #expect(press(state, .char("<")).0.sort(of: .availability) == byName.sort(of: .availability))
        // → twice from ONLINE: BSOON, then AWAY; stops at the last column.
        #expect(press(state, .right, .char(">")).0.sort(of: .availability).column == .metric(.awayAgents))
        #expect(press(state, .right, .right, .right, .right).0.sort(of: .availability).column == .metric(.availableSlots))
        // Each panel keeps its own: Load still sorts by human load, "no data" (s03) last.
        let load = press(state, .left, .tab).0
        #expect(load.sort(of: .load).column == .metric(.humanAgentLoad))
        #expect(load.rows(of: .load).last?.key == "s03")
        #expect(press(load, .char("r")).0.rows(of: .load).last?.key == "s03")
    }

    @Test func selectionMovesAndTheViewScrolls() {
        let state = board(size: .init(columns: 80, rows: 24))  // 20 panel rows: 10 each → 7 body rows
        #expect(state.pageSize == 7)
        let first = press(state, .down).0
        #expect(first.selectedKey == "s30")
        let third = press(first, .down, .char("j")).0
        #expect(third.selectedKey == "s28")
        #expect(press(third, .up).0.selectedKey == "s29" && press(third, .char("k")).0.selectedKey == "s29")
        let paged = press(first, .pageDown).0
        #expect(paged.selectedKey == "s23" && paged.scroll[.availability] == 1)
        let end = press(first, .end).0
        #expect(end.selectedKey == "s01" && end.scroll[.availability] == 23)
        let home = press(end, .home).0
        #expect(home.selectedKey == "s30" && home.scroll[.availability] == 0)
        #expect(press(end, .pageUp).0.selectedKey == "s08")
        #expect(press(first, .up, .up).0.selectedKey == "s30")  // stops at the top
    }

    @Test func enterOpensTheDetailOfTheSelectedRow() {
        let state = press(board(), .down, .down, .enter).0
        #expect(state.overlay == .detail && state.selectedKey == "s29")
        #expect(press(state, .escape).0.overlay == .none)
        #expect(press(state, .enter).0.overlay == .none)
        // With nothing selected, Enter picks the first row.
        let fresh = press(board(), .enter).0
        #expect(fresh.overlay == .detail && fresh.selectedKey == "s30")
    }

    @Test func groupingIsInstant() {
        let (state, effects) = press(board(), .char("g"))
        #expect(state.view.grouping == .agentGroup && effects.isEmpty)
        #expect(state.rows(of: .availability).count == 5)
        #expect(press(state, .char("g")).0.rows(of: .availability).count == 30)
    }

    @Test func subGroupsUserTypesAndWindowChangeTheQuery() {
        let (sub, e1) = press(board(), .char("s"))
        #expect(sub.view.includeSubGroups && e1 == [.pollNow])
        let users = [press(board(), .char("u")).0.view.userTypes, press(board(), .char("u"), .char("u")).0.view.userTypes,
            press(board(), .char("u"), .char("u"), .char("u")).0.view.userTypes]
        #expect(users == [.bot, nil, .human])  // starts at HUMAN: → BOT → all → HUMAN
        let windows = (1...4).map { n in press(board(), Array(repeating: Key.char("w"), count: n)).0.view.windowLabel }
        #expect(windows == ["last 4h", "last 24h", "last 15m", "last 1h"])
        #expect(press(board(), .char("w")).1 == [.pollNow])
    }

    @Test func filterByNameOrIdCaseInsensitive() {
        let typing = press(board(), .char("/"), .char("T"), .char("E"), .char("c"), .char("h"))
        #expect(typing.0.editingFilter && typing.0.filter == "TEch")
        #expect(typing.0.rows(of: .availability).map(\.key) == ["s07"])
        // Keys are text while typing: "q" does not quit.
        #expect(press(typing.0, .char("q")).1.isEmpty)
        let kept = press(typing.0, .backspace, .enter).0
        #expect(!kept.editingFilter && kept.filter == "TEc")
        #expect(press(board(), .char("/"), .char("s"), .char("2"), .enter).0.rows(of: .availability).map(\.key) == ["s29", "s28", "s27", "s26", "s25", "s24", "s23", "s22", "s21", "s20"])
        #expect(press(kept, .escape).0.filter.isEmpty)
        #expect(press(typing.0, .escape).0.filter.isEmpty)
    }

    @Test func breachLogOverlay() {
        let state = press(board(), .char("b")).0
        #expect(state.overlay == .breachLog)
        #expect(press(state, .char("b")).0.overlay == .none)
    }

    @Test func pauseHoldsUpdatesAndCountsThem() {
        let paused = press(board(), .char("p")).0
        var state = reduce(paused, Self.poll(at: 2_000, onlineBoost: 100)).0
        state = reduce(state, Self.poll(at: 3_000, onlineBoost: 200)).0
        #expect(state.heldCount == 2 && state.lastSuccessAt == 3_000)
        #expect(state.bySkill.snapshot?.fetchedAt == 1_000)  // still the board as paused
        let resumed = press(state, .char(" ")).0
        #expect(!resumed.paused && resumed.heldCount == 0)
        #expect(resumed.bySkill.snapshot?.groups.first?.metrics[.onlineAgents] == .long(201))
        #expect(resumed.bySkill.diff.delta(key: "s01", metric: .onlineAgents) == 200)
    }

    @Test func refreshAndRedraw() {
        #expect(press(board(), .ctrl("r")).1 == [.pollNow])
        #expect(press(board(), .ctrl("l")).1 == [.redraw])
        #expect(press(board(), .char("x")).1.isEmpty)
    }

    @Test func failuresAreCountedAndDataGoesStale() {
        var state = board()  // success at 1 000, interval 10 s
        state = reduce(state, .pollFailed(PollFailure(message: "cannot connect", at: 12_000, retryAt: 22_000))).0
        #expect(state.consecutiveFailures == 1 && state.lastFailure?.message == "cannot connect" && state.nextPollAt == 22_000)
        #expect(!state.isStale())
        state = reduce(state, .tick(now: 31_001)).0
        #expect(state.isStale() && state.dataAgeMillis == 30_001)
        #expect(state.bySkill.snapshot != nil)  // the last data stays
        state = reduce(state, Self.poll(at: 32_000)).0
        #expect(!state.isStale() && state.lastFailure == nil && state.consecutiveFailures == 0)
    }

    @Test func reloadedThresholdsJudgeTheBoardAtOnce() {
        var state = DashboardState(
            account: "1", isDemo: false, thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 25_000, crit: nil)]))
        state = reduce(state, Self.poll()).0
        #expect(state.bySkill.breaches.open.count == 5)
        let (reloaded, effects) = reduce(state, .reconfigured(view: state.view, thresholds: ThresholdSet()))
        #expect(reloaded.bySkill.breaches.open.isEmpty && effects.isEmpty)
        let (again, _) = reduce(reloaded, .reconfigured(view: state.view, thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 29_000, crit: nil)])))
        #expect(again.bySkill.breaches.open.map(\.key) == ["s01"])
    }

    @Test func breachesAreEvaluatedOnEachPoll() {
        var state = DashboardState(
            account: "1", isDemo: false,
            thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 25_000, crit: 29_000)]))
        state = reduce(state, Self.poll()).0
        // s01 waits 30 s (over 29 s: crit), s02 29 s (not over 29 s: warn), s03–s05 26–28 s (warn);
        // s06 waits exactly 25 s, not over the warn line.
        #expect(state.bySkill.breaches.open.count == 5)
        #expect(state.bySkill.breaches.alarm(key: "s01", metric: .avgWaitTime).level == .crit)
        #expect(state.bySkill.breaches.alarm(key: "s02", metric: .avgWaitTime).level == .warn)
        #expect(state.bySkill.breaches.alarm(key: "s05", metric: .avgWaitTime).level == .warn)
        #expect(state.bySkill.breaches.alarm(key: "s06", metric: .avgWaitTime).level == .ok)
        #expect(state.bySkill.breaches.alarm(key: "s07", metric: .avgWaitTime).level == .ok)
    }
}
