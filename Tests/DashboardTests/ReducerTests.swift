import Dashboard
import Foundation
import KeyMetrics
import MetricsClient
import Testing

/// Every key of dashboard.md's table, as actions on a state: no terminal involved.
@Suite struct ReducerTests {
    /// Skills s01…s30 with online = index, wait = 1000 × (31 − index) (so the two sort opposite ways);
    /// by agent group, five groups.
    static func snapshot(_ key: ViewKey, at: Int64, onlineBoost: Int64 = 0) -> Snapshot {
        let count = key.grouping == .skill ? 30 : 5
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
            query: PollFetcher.query(key, windowEnd: at), fetchedAt: at,
            all: MetricValues([(.onlineAgents, .long(465 + onlineBoost)), (.closedConversations, .long(key.windowMillis / 60_000))]),
            groups: groups, totalCount: count, requestCount: 1)
    }

    func board(size: DashboardState.Size = .init(columns: 120, rows: 40), thresholds: ThresholdSet = ThresholdSet()) -> DashboardState {
        var state = DashboardState(account: "90412345", isDemo: true, thresholds: thresholds)
        _ = reduce(&state, .resize(size))
        state.poll(at: 1_000) { key, at in Self.snapshot(key, at: at) }
        return state
    }

    @Test func helpOpensWithF1QuestionMarkAndH_andEscCloses() {
        for key in [Key.function(1), .char("?"), .char("h")] {
            let (open, _) = board().pressing(key)
            #expect(open.overlay == .help)
            #expect(open.pressing(.escape).0.overlay == .none)
            #expect(open.pressing(key).0.overlay == .none)
            // Other keys do nothing under the help overlay.
            #expect(open.pressing(.char("g")).0.view.grouping == .skill)
        }
    }

    @Test func quitWithQAndF10() {
        for key in [Key.char("q"), .function(10)] {
            let (state, effects) = board().pressing(key)
            #expect(effects == [.quit] && state.quitting)
        }
    }

    @Test func panelFocusWithTabShiftTabAndDigits() {
        #expect(board().pressing(.tab).0.focus == .load)
        #expect(board().pressing(.tab, .tab, .tab, .tab).0.focus == .queue)
        #expect(board().pressing(.tab, .tab, .tab, .tab, .tab).0.focus == .availability)
        #expect(board().pressing(.backTab).0.focus == .queue)
        #expect(board().pressing(.char("3")).0.focus == .waits)
        #expect(board().pressing(.char("5")).0.focus == .queue)
        #expect(board().pressing(.char("4"), .char("1")).0.focus == .availability)
    }

    @Test func viewPanelsChooseAndOrderThePanelsThatTabAndTheKeysReach() {
        var state = board()
        state.panels = [.queue, .waits]
        // The focus moves onto the board when its panel leaves it.
        #expect(state.focus == .queue)
        #expect(state.pressing(.tab).0.focus == .waits)
        #expect(state.pressing(.tab, .tab).0.focus == .queue)
        #expect(state.pressing(.backTab).0.focus == .waits)
        // A panel not on the board: its key does nothing.
        #expect(state.pressing(.char("1")).0.focus == .queue)
        let placed = state.placedPanels
        #expect(placed.map(\.panel) == [.queue, .waits])
        // Two panels share one row, side by side, over the whole panel area.
        #expect(placed.map(\.rect) == [Rect(x: 0, y: 2, width: 60, height: 36), Rect(x: 60, y: 2, width: 60, height: 36)])
        state.panels = []
        #expect(state.panels == Panel.allCases)
    }

    @Test func fivePanelsFrom120x40AndFourBelowWithTheFocusedOneAlwaysShown() {
        var state = board()
        #expect(state.placedPanels.map(\.panel) == Panel.allCases)
        // Three rows of 12 for 36 rows; the fifth alone on its row spans it.
        #expect(state.placedPanels.map(\.rect.height) == [12, 12, 12, 12, 12])
        #expect(state.placedPanels.last?.rect == Rect(x: 0, y: 26, width: 120, height: 12))
        _ = reduce(&state, .resize(.init(columns: 119, rows: 40)))
        #expect(state.placedPanels.map(\.panel) == [.availability, .load, .waits, .closures])
        // Focusing the queue puts it in the last place of the grid.
        _ = reduce(&state, .key(.char("5")))
        #expect(state.placedPanels.map(\.panel) == [.availability, .load, .waits, .queue])
        _ = reduce(&state, .key(.char("4")))
        #expect(state.placedPanels.map(\.panel) == [.availability, .load, .waits, .closures])
    }

    @Test func zoomTogglesAndGrowsThePage() {
        let state = board()
        let zoomed = state.pressing(.char("z")).0
        // 40 rows: 36 for panels; five panels in three rows of 12 → 9 body rows; zoomed 36 → 33.
        #expect(state.pageSize == 9 && zoomed.pageSize == 33)
        #expect(!zoomed.pressing(.char("z")).0.zoomed)
    }

    @Test func sortColumnAndDirection() {
        let state = board()
        // Availability sorts by online, descending: s30 first.
        #expect(state.rows(of: .availability).first?.key == "s30")
        #expect(state.pressing(.char("r")).0.rows(of: .availability).first?.key == "s01")
        // ← from ONLINE is the name column, A→Z: "Skill 1" < "Skill 10" < … < "Tech Support".
        let byName = state.pressing(.left).0
        #expect(byName.sort(of: .availability).column == .name && !byName.sort(of: .availability).descending)
        #expect(byName.rows(of: .availability).first?.keyDescription == "Skill 1")
        #expect(byName.rows(of: .availability).last?.keyDescription == "Tech Support")
        #expect(state.pressing(.char("<")).0.sort(of: .availability) == byName.sort(of: .availability))
        // → twice from ONLINE: BSOON, then AWAY; stops at the last column.
        #expect(state.pressing(.right, .char(">")).0.sort(of: .availability).column == .metric(.awayAgents))
        #expect(state.pressing(.right, .right, .right, .right).0.sort(of: .availability).column == .metric(.availableSlots))
        // Each panel keeps its own: Load still sorts by human load, "no data" (s03) last.
        let load = state.pressing(.left, .tab).0
        #expect(load.sort(of: .load).column == .metric(.humanAgentLoad))
        #expect(load.rows(of: .load).last?.key == "s03")
        #expect(load.pressing(.char("r")).0.rows(of: .load).last?.key == "s03")
    }

    @Test func selectionMovesAndTheViewScrolls() {
        let state = board(size: .init(columns: 80, rows: 24))  // 20 panel rows: 10 each → 7 body rows
        #expect(state.pageSize == 7)
        let first = state.pressing(.down).0
        #expect(first.selectedKey == "s30")
        let third = first.pressing(.down, .char("j")).0
        #expect(third.selectedKey == "s28")
        #expect(third.pressing(.up).0.selectedKey == "s29" && third.pressing(.char("k")).0.selectedKey == "s29")
        let paged = first.pressing(.pageDown).0
        #expect(paged.selectedKey == "s23" && paged.scroll[.availability] == 1)
        let end = first.pressing(.end).0
        #expect(end.selectedKey == "s01" && end.scroll[.availability] == 23)
        let home = end.pressing(.home).0
        #expect(home.selectedKey == "s30" && home.scroll[.availability] == 0)
        #expect(end.pressing(.pageUp).0.selectedKey == "s08")
        #expect(first.pressing(.up, .up).0.selectedKey == "s30")  // stops at the top
    }

    @Test func enterOpensTheDetailOfTheSelectedRow() {
        let state = board().pressing(.down, .down, .enter).0
        #expect(state.overlay == .detail && state.selectedKey == "s29")
        #expect(state.pressing(.escape).0.overlay == .none)
        #expect(state.pressing(.enter).0.overlay == .none)
        // With nothing selected, Enter picks the first row.
        let fresh = board().pressing(.enter).0
        #expect(fresh.overlay == .detail && fresh.selectedKey == "s30")
    }

    @Test func groupingIsInstantBecauseBothGroupingsArePolled() {
        let start = board()
        #expect(Set(start.views.keys) == [start.view.key, start.view.key.sibling, start.view.key.series])
        let (state, effects) = start.pressing(.char("g"))
        // The rows are there at once; only the new view's series (for the detail) and the first probes of
        // the group tree are fetched.
        #expect(state.view.grouping == .agentGroup && state.shownKey == state.view.key)
        #expect(effects.fetches.map(\.key) == [state.view.key.series] + state.groupsToProbe.prefix(2).map { state.view.key.probe(of: $0) })
        #expect(state.rows(of: .availability).count == 5 && !state.isLoading)
        #expect(state.pressing(.char("g")).0.rows(of: .availability).count == 30)
    }

    @Test func filterByNameOrIdCaseInsensitive() {
        let typing = board().pressing(.char("/"), .char("T"), .char("E"), .char("c"), .char("h"))
        #expect(typing.0.editingFilter && typing.0.filter == "TEch")
        #expect(typing.0.rows(of: .availability).map(\.key) == ["s07"])
        // Keys are text while typing: "q" does not quit.
        #expect(typing.0.pressing(.char("q")).1.isEmpty)
        let kept = typing.0.pressing(.backspace, .enter).0
        #expect(!kept.editingFilter && kept.filter == "TEc")
        #expect(board().pressing(.char("/"), .char("s"), .char("2"), .enter).0.rows(of: .availability).map(\.key)
            == ["s29", "s28", "s27", "s26", "s25", "s24", "s23", "s22", "s21", "s20"])
        #expect(kept.pressing(.escape).0.filter.isEmpty)
        #expect(typing.0.pressing(.escape).0.filter.isEmpty)
    }

    @Test func breachLogOverlay() {
        let state = board().pressing(.char("b")).0
        #expect(state.overlay == .breachLog)
        #expect(state.pressing(.char("b")).0.overlay == .none)
    }

    @Test func redrawAndUnknownKeys() {
        #expect(board().pressing(.ctrl("l")).1 == [.redraw])
        #expect(board().pressing(.char("x")).1.isEmpty)
    }
}

/// Data belongs to the query that produced it: view keys, the pending state, the cache of views.
@Suite struct ViewKeyTests {
    func board(thresholds: ThresholdSet = ThresholdSet()) -> DashboardState {
        var state = DashboardState(account: "1", isDemo: false, thresholds: thresholds)
        state.poll(at: 1_000) { ReducerTests.snapshot($0, at: $1) }
        state.poll(at: 11_000) { ReducerTests.snapshot($0, at: $1, onlineBoost: 1) }
        return state
    }

    @Test func aNewViewLoadsUnderTheOldLabelAndItsFirstSnapshotHasNoMarks() {
        let state = board()
        #expect(state.shown.diff.delta(key: "s01", metric: .onlineAgents) == 1)
        // w: 1h → 4h. Nothing of 4h yet: the 1h data stays on screen under its own key, the 4h fetch goes out.
        let (loading, effects) = state.pressing(.char("w"))
        #expect(loading.view.windowMillis == 4 * 3_600_000 && loading.isLoading)
        #expect(loading.shownKey == state.view.key && loading.shown == state.shown)
        #expect(Set(effects.fetches.map(\.key)) == [loading.view.key, loading.view.key.sibling, loading.view.key.series])
        // The 4h answer lands: on screen, and with nothing to compare it with, no marks at all.
        var landed = loading
        landed.answer(at: 11_500) { ReducerTests.snapshot($0, at: $1, onlineBoost: 50) }
        #expect(landed.shownKey == landed.view.key && !landed.isLoading)
        #expect(landed.shown.diff == SnapshotDiff())
        #expect(landed.shown.snapshot?.all?[.closedConversations] == .long(240))
        // The 1h view is kept: back to it at once, with its own data and its own diff.
        let back = landed.pressing(.char("w"), .char("w"), .char("w")).0
        #expect(back.view.key == state.view.key && back.shownKey == state.view.key && !back.isLoading)
        #expect(back.shown.diff.delta(key: "s01", metric: .onlineAgents) == 1)
        #expect(back.now == 11_500 && back.shown.fetchedAt == 11_000 && back.dataAgeMillis == 500)
    }

    @Test func diffsNeverCrossKeys() {
        var state = board()
        // u: HUMAN → BOT; its first poll is a first snapshot (no ▲▼, no new/gone rows), whatever HUMAN had.
        _ = reduce(&state, .key(.char("u")))
        state.answer { ReducerTests.snapshot($0, at: $1, onlineBoost: 100) }
        #expect(state.view.userTypes == .bot && state.shown.diff == SnapshotDiff())
        state.poll(at: 21_000) { ReducerTests.snapshot($0, at: $1, onlineBoost: 103) }
        #expect(state.shown.diff.delta(key: "s01", metric: .onlineAgents) == 3)
        #expect(state.views[state.view.key]?.history.values(key: "s01", metric: .onlineAgents) == [101, 104])
    }

    @Test func breachesLiveUnderTheirKey() {
        let thresholds = ThresholdSet(perMetric: [.onlineAgents: Threshold(direction: .below, warn: 3, crit: nil)])
        var state = board(thresholds: thresholds)
        #expect(state.shown.breaches.open.map(\.key) == ["s01"])  // 1+1 = 2 online < 3
        let human = state.view.key
        // BOT: its rows have plenty online; HUMAN's breach is not "ended" by looking elsewhere.
        _ = reduce(&state, .key(.char("u")))
        state.answer { ReducerTests.snapshot($0, at: $1, onlineBoost: 10) }
        #expect(state.shown.breaches.open.isEmpty)
        #expect(state.views[human]?.breaches.open.map(\.key) == ["s01"])
        #expect(state.views[human]?.breaches.open.first?.onset == 1_000)
    }

    @Test func atMostEightViewsAreKept_theLeastRecentlyUsedGo() {
        var state = board()
        var now: Int64 = 20_000
        // Two keys per view (both groupings): cycle windows and user types through 12 distinct views.
        for _ in 0..<6 {
            for key in [Key.char("w"), .char("u")] {
                now += 1_000
                _ = reduce(&state, .tick(now: now))
                _ = reduce(&state, .key(key))
                state.answer { ReducerTests.snapshot($0, at: $1) }
                #expect(state.views.keys.filter { !$0.isSeries }.count <= DashboardState.keptViews)
                // A series goes with its view.
                #expect(state.views.keys.filter(\.isSeries).allSatisfy { series in state.views.keys.contains { $0.series == series && !$0.isSeries } })
                #expect(state.views[state.view.key] != nil && state.views[state.view.key.sibling] != nil)
            }
        }
    }

    @Test func changingTheViewWhilePausedResumes() {
        let paused = board().pressing(.char("p")).0
        #expect(paused.paused)
        let changed = paused.pressing(.char("w")).0
        #expect(!changed.paused && changed.heldCount == 0)
    }

    @Test func pausedWhileANewViewLoads_theScreenAndItsLabelHoldTogether() {
        var state = board().pressing(.char("w"), .char("p")).0  // 4h loading, then paused over 1h
        let held = state.shown
        state.answer { ReducerTests.snapshot($0, at: $1, onlineBoost: 50) }
        #expect(state.shownKey != state.view.key && state.shown == held && state.heldCount == 1)
        #expect(layout(state, size: state.size).line(0).contains("· last 1h ·"))
        let resumed = state.pressing(.char("p")).0
        #expect(resumed.shownKey == resumed.view.key && resumed.shown.snapshot?.all?[.closedConversations] == .long(240))
    }

    @Test func pausedBeforeAnyDataStaysEmptyUntilResumed() {
        var state = DashboardState(account: "1", isDemo: false)
        _ = reduce(&state, .tick(now: 1_000))
        _ = reduce(&state, .key(.char("p")))
        state.answer { ReducerTests.snapshot($0, at: $1) }
        #expect(state.shown.snapshot == nil && state.heldCount == 1)
        #expect(state.pressing(.char("p")).0.shown.snapshot != nil)
    }

    @Test func aWallClockSteppedBackDoesNotStopPolling() {
        var state = board()  // polled at 11 000, next due at 21 000
        _ = reduce(&state, .tick(now: 12_000))
        _ = reduce(&state, .tick(now: 2_000))  // the clock went back 10 s
        #expect(state.now == 2_000 && state.nextWake == 11_000)
        #expect(reduce(&state, .tick(now: 11_000)).fetches.count == 2)
    }

    @Test func pauseHoldsTheScreenAndCountsWhatArrivesWithItsRealAge() {
        var state = board().pressing(.char("p")).0
        state.poll(at: 21_000) { ReducerTests.snapshot($0, at: $1, onlineBoost: 100) }
        state.poll(at: 31_000) { ReducerTests.snapshot($0, at: $1, onlineBoost: 200) }
        #expect(state.heldCount == 2)
        #expect(state.shown.snapshot?.fetchedAt == 11_000)  // still the board as paused
        #expect(state.dataAgeMillis == 20_000)  // its real age, not the age of what is held
        let resumed = state.pressing(.char(" ")).0
        #expect(!resumed.paused && resumed.heldCount == 0)
        #expect(resumed.shown.snapshot?.groups.first?.metrics[.onlineAgents] == .long(201))
        #expect(resumed.shown.diff.delta(key: "s01", metric: .onlineAgents) == 100)
        #expect(resumed.dataAgeMillis == 0)
    }

    @Test func reloadedThresholdsJudgeEveryViewAtOnce() {
        var state = DashboardState(
            account: "1", isDemo: false, thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 25_000, crit: nil)]))
        state.poll(at: 1_000) { ReducerTests.snapshot($0, at: $1) }
        #expect(state.shown.breaches.open.count == 5)
        var reloaded = state
        let effects = reduce(&reloaded, .reconfigured(view: state.view, thresholds: ThresholdSet()))
        #expect(reloaded.shown.breaches.open.isEmpty && effects.isEmpty)
        #expect(reloaded.views[state.view.key.sibling]?.breaches.open.isEmpty == true)
        _ = reduce(&reloaded, .reconfigured(view: state.view, thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 29_000, crit: nil)])))
        #expect(reloaded.shown.breaches.open.map(\.key) == ["s01"])
    }

    @Test func breachesAreEvaluatedOnEachPoll() {
        var state = DashboardState(
            account: "1", isDemo: false, thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 25_000, crit: 29_000)]))
        state.poll(at: 1_000) { ReducerTests.snapshot($0, at: $1) }
        // s01 waits 30 s (over 29 s: crit), s02 29 s (not over 29 s: warn), s03–s05 26–28 s (warn);
        // s06 waits exactly 25 s, not over the warn line.
        let breaches = state.shown.breaches
        #expect(breaches.open.count == 5)
        #expect(breaches.alarm(key: "s01", metric: .avgWaitTime).level == .crit)
        #expect(breaches.alarm(key: "s02", metric: .avgWaitTime).level == .warn)
        #expect(breaches.alarm(key: "s05", metric: .avgWaitTime).level == .warn)
        #expect(breaches.alarm(key: "s06", metric: .avgWaitTime).level == .ok)
        #expect(breaches.alarm(key: "s07", metric: .avgWaitTime).level == .ok)
    }
}

/// The poll schedule lives in the model: what is fetched when, within the budget.
@Suite struct PollScheduleTests {
    @Test func pollsAtStartThenOneIntervalAfterEachStart() {
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 10_000)
        let first = reduce(&state, .tick(now: 0))
        #expect(first.fetches.map(\.key) == [state.view.key, state.view.key.sibling, state.view.key.series])
        #expect(reduce(&state, .tick(now: 5)).isEmpty)  // in flight: never overlaps
        state.answer(at: 800) { ReducerTests.snapshot($0, at: $1) }
        #expect(state.nextWake == 10_000)
        #expect(reduce(&state, .tick(now: 9_999)).isEmpty)
        // The rows again; the series only once a point has passed (4 minutes for an hour).
        #expect(reduce(&state, .tick(now: 10_000)).fetches.map(\.key) == [state.view.key, state.view.key.sibling])
        state.answer(at: 10_500) { ReducerTests.snapshot($0, at: $1) }
        #expect(state.plan.nextStart(of: state.view.key.series, now: 10_500) == 240_000)
    }

    @Test func ctrlRPollsNowOrRightAfterTheFetchInFlight() {
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 10_000)
        state.poll(at: 0) { ReducerTests.snapshot($0, at: $1) }
        _ = reduce(&state, .tick(now: 2_000))
        #expect(reduce(&state, .key(.ctrl("r"))).fetches.count == 3)
        // Again while those are in flight: the next ones start as soon as they end.
        #expect(reduce(&state, .key(.ctrl("r"))).isEmpty)
        let next = state.answer(at: 2_500) { ReducerTests.snapshot($0, at: $1) }
        #expect(next.fetches.map(\.windowEnd) == [2_500, 2_500, 2_500])
    }

    @Test func failuresRetrySoonerButNeverLaterThanAnInterval_andTheCountdownIsExact() {
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 10_000)
        var now: Int64 = 0
        var delays: [Int64] = []
        _ = reduce(&state, .tick(now: now))
        for _ in 0..<6 {
            state.fail(at: now + 100)
            let retry = state.plan.nextStart(of: state.view.key, now: now + 100) ?? 0
            delays.append(retry - (now + 100))
            now = retry
            // The board's own views (the series backs off to its own period: ``aRefusedSeriesBacksOff…``).
            #expect(reduce(&state, .tick(now: now - 1)).fetches.filter(\.key.isBoardView).isEmpty)
            #expect(reduce(&state, .tick(now: now)).fetches.filter(\.key.isBoardView).count == 2)
        }
        #expect(delays == [1_000, 2_000, 4_000, 8_000, 10_000, 10_000])
        #expect(state.requestedState?.failures == 6 && state.requestedState?.lastFailure?.message == "cannot connect to 127.0.0.1:9")
    }

    @Test func aServersRetryAfterIsHonoured() {
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 10_000)
        _ = reduce(&state, .tick(now: 0))
        state.fail(at: 100, message: "rate limited", retryAfterMillis: 30_000)
        #expect(state.plan.nextStart(of: state.view.key, now: 100) == 30_100)
    }

    @Test func anIntervalTheBudgetCannotCarryIsStretchedEvenly_neverBurstThenFreeze() {
        // 1 s asked, 12 requests a minute, 3 pages per grouping: 6 requests a poll → one poll per 30 s.
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 1_000, requestsPerMinute: 12)
        var starts: [Int64] = []
        var sent: [(at: Int64, count: Int)] = []
        for now in stride(from: Int64(0), through: 240_000, by: 250) {
            let fetches = reduce(&state, .tick(now: now)).fetches
            if fetches.contains(where: { $0.key == state.view.key }) { starts.append(now) }
            for _ in fetches { sent.append((now, 3)) }
            state.answer(at: now + 100, requests: 3) { ReducerTests.snapshot($0, at: $1) }
            // Never more than the budget in any minute.
            let lastMinute = sent.filter { $0.at > now - 60_000 }.reduce(0) { $0 + $1.count }
            #expect(lastMinute <= 12, "\(lastMinute) requests in the minute before \(now)")
        }
        #expect(state.effectiveIntervalMillis == 30_000)
        // The first polls' costs are learnt as they land (one request per grouping until known, then
        // three); from the second minute the shown view is polled every 30 s, evenly.
        let steady = starts.filter { $0 >= 60_000 }
        let gaps = zip(steady, steady.dropFirst()).map { $1 - $0 }
        #expect(gaps.count >= 5 && gaps.allSatisfy { $0 == 30_000 }, "starts \(starts)")
    }

    @Test func theHeaderSaysPollingWaitingAndTheStretchedInterval() {
        var state = DashboardState(account: "1", isDemo: false, pollIntervalMillis: 1_000, requestsPerMinute: 12)
        state.size = .init(columns: 160, rows: 40)
        _ = reduce(&state, .tick(now: 0))
        _ = reduce(&state, .tick(now: 2_000))
        #expect(layout(state, size: state.size).line(0).contains("polling 2s"))
        _ = reduce(&state, .tick(now: 12_000))
        #expect(layout(state, size: state.size).line(0).contains("waiting on server 12s"))
        state.answer(at: 12_100, requests: 3) { ReducerTests.snapshot($0, at: $1) }
        _ = reduce(&state, .tick(now: 12_100))
        #expect(layout(state, size: state.size).line(0).contains("interval 1s→30s (budget)"), "\(layout(state, size: state.size).line(0))")
    }
}
