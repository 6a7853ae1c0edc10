import Dashboard
import KeyMetrics
import MetricsClient
import Testing

@Suite struct ThresholdTests {
    let wait = Threshold(direction: .above, warn: 120_000, crit: 300_000, dwellMillis: 30_000, hysteresis: 0.05)
    let online = Threshold(direction: .below, warn: 3, crit: 1)

    /// Lines are strict, as the breach line reads them: `> 2m`, `< 3`. On the line is not past it.
    @Test func severityAboveAndBelow() {
        #expect(wait.severity(of: 120_000, holding: .ok, unit: .milliseconds) == .ok)
        #expect(wait.severity(of: 120_001, holding: .ok, unit: .milliseconds) == .warn)
        #expect(wait.severity(of: 300_000, holding: .ok, unit: .milliseconds) == .warn)
        #expect(wait.severity(of: 300_001, holding: .ok, unit: .milliseconds) == .crit)
        #expect(online.severity(of: 3, holding: .ok, unit: .count) == .ok)
        #expect(online.severity(of: 2, holding: .ok, unit: .count) == .warn)
        #expect(online.severity(of: 1, holding: .ok, unit: .count) == .warn)
        #expect(online.severity(of: 0, holding: .ok, unit: .count) == .crit)
    }

    @Test func hysteresisKeepsALevelUntilTheValueIsBackByTheMargin() {
        // warn at 120 s with 5 %: once in warn, it holds while above 114 s and clears at 114 s.
        #expect(wait.severity(of: 115_000, holding: .warn, unit: .milliseconds) == .warn)
        #expect(wait.severity(of: 114_001, holding: .warn, unit: .milliseconds) == .warn)
        #expect(wait.severity(of: 114_000, holding: .warn, unit: .milliseconds) == .ok)
        // crit at 300 s holds above 285 s, then falls to warn.
        #expect(wait.severity(of: 286_000, holding: .crit, unit: .milliseconds) == .crit)
        #expect(wait.severity(of: 284_000, holding: .crit, unit: .milliseconds) == .warn)
    }

    /// Counts are whole numbers: the margin is too. `online < 3` has none (5 % of 3 rounds down to 0),
    /// so it clears at 3, never "holds" at 3 and reads `3 < 3`; `online < 40` holds up to 41 and clears at 42.
    @Test func aCountsMarginIsAWholeNumber() {
        #expect(online.margin(of: 3, unit: .count) == 0)
        #expect(online.severity(of: 3, holding: .warn, unit: .count) == .ok)
        #expect(online.severity(of: 1, holding: .crit, unit: .count) == .warn)  // never `1 < 1`
        let forty = Threshold(direction: .below, warn: 40, crit: nil)
        #expect(forty.margin(of: 40, unit: .count) == 2)
        #expect(forty.severity(of: 41, holding: .warn, unit: .count) == .warn)
        #expect(forty.severity(of: 42, holding: .warn, unit: .count) == .ok)
        #expect(forty.severity(of: 41, holding: .ok, unit: .count) == .ok)
    }

    @Test func dwellDelaysFiringAndTheOnsetIsTheFirstCrossing() {
        var cell = CellAlarm()
        cell = cell.observing(150_000, threshold: wait, unit: .milliseconds, at: 0)
        #expect(cell.level == .ok && cell.pending == .warn && cell.pendingSince == 0)
        cell = cell.observing(150_000, threshold: wait, unit: .milliseconds, at: 20_000)
        #expect(cell.level == .ok)
        cell = cell.observing(150_000, threshold: wait, unit: .milliseconds, at: 30_000)
        #expect(cell.level == .warn && cell.onset == 0 && cell.pending == nil)
    }

    @Test func aValueDippingBackBeforeTheDwellEndsDoesNotFire() {
        var cell = CellAlarm().observing(150_000, threshold: wait, unit: .milliseconds, at: 0)
        cell = cell.observing(100_000, threshold: wait, unit: .milliseconds, at: 10_000)
        #expect(cell == CellAlarm())
        cell = cell.observing(150_000, threshold: wait, unit: .milliseconds, at: 20_000)
        #expect(cell.pendingSince == 20_000)
    }

    @Test func escalationDwellsToo_andKeepsTheBreachOnset() {
        var cell = CellAlarm(level: .warn, onset: 0)
        cell = cell.observing(310_000, threshold: wait, unit: .milliseconds, at: 60_000)
        #expect(cell.level == .warn && cell.pending == .crit && cell.onset == 0)
        cell = cell.observing(310_000, threshold: wait, unit: .milliseconds, at: 90_000)
        #expect(cell.level == .crit && cell.onset == 0)
        cell = cell.observing(200_000, threshold: wait, unit: .milliseconds, at: 100_000)
        #expect(cell.level == .warn && cell.onset == 0)
    }

    @Test func noDataClears() {
        let cell = CellAlarm(level: .crit, onset: 5).observing(nil, threshold: wait, unit: .milliseconds, at: 10)
        #expect(cell == CellAlarm())
    }

    @Test func hoveringOnTheLineDoesNotFlap() {
        // No dwell, values alternating just above and just below the line: one breach, no flapping.
        let line = Threshold(warn: 100, crit: nil)
        var log = BreachLog()
        for (i, value) in [101.0, 99, 101, 98, 100, 97].enumerated() {
            log.observe(key: "s", name: "S", values: MetricValues([(.avgWaitTime, .double(value))]),
                thresholds: ThresholdSet(perMetric: [.avgWaitTime: line]), at: Int64(i) * 1000)
        }
        #expect(log.breaches.count == 1)
        #expect(log.breaches[0].isOpen)
        // 95 is back by the 5 % margin: it clears.
        log.observe(key: "s", name: "S", values: MetricValues([(.avgWaitTime, .double(95))]),
            thresholds: ThresholdSet(perMetric: [.avgWaitTime: line]), at: 9000)
        #expect(log.breaches[0].end == 9000 && log.breaches[0].duration(now: 99_999) == 9000)
    }

    @Test func overridesWinForTheirRowOnly() {
        let set = ThresholdSet(
            perMetric: [.avgWaitTime: wait], overrides: ["1641709730": [.avgWaitTime: Threshold(warn: 30_000, crit: 60_000)]])
        #expect(set.threshold(for: .avgWaitTime, key: "1641709730")?.warn == 30_000)
        #expect(set.threshold(for: .avgWaitTime, key: "other")?.warn == 120_000)
        #expect(set.threshold(for: .avgWaitTime, key: nil)?.warn == 120_000)
        #expect(set.threshold(for: .onlineAgents, key: "1641709730") == nil)
    }
}

@Suite struct BreachLogTests {
    let thresholds = ThresholdSet(perMetric: [
        .avgWaitTime: Threshold(warn: 120_000, crit: 300_000),
        .onlineAgents: Threshold(direction: .below, warn: 3, crit: 1),
    ])

    func values(wait: Double?, online: Int64) -> MetricValues {
        MetricValues([(.avgWaitTime, wait.map { .double($0) }), (.onlineAgents, .long(online))])
    }

    @Test func aBreachOpensEscalatesAndEnds() {
        var log = BreachLog()
        log.observe(key: "s1", name: "Billing", values: values(wait: 60_000, online: 5), thresholds: thresholds, at: 0)
        #expect(log.breaches.isEmpty)
        log.observe(key: "s1", name: "Billing", values: values(wait: 130_000, online: 5), thresholds: thresholds, at: 10_000)
        log.observe(key: "s1", name: "Billing", values: values(wait: 320_000, online: 5), thresholds: thresholds, at: 20_000)
        #expect(log.breaches.count == 1)
        let open = log.breaches[0]
        #expect(open.key == "s1" && open.name == "Billing" && open.metric == .avgWaitTime)
        #expect(open.onset == 10_000 && open.worst == .crit && open.level == .crit && open.worstValue == 320_000)
        #expect(log.alarm(key: "s1", metric: .avgWaitTime).level == .crit)
        log.observe(key: "s1", name: "Billing", values: values(wait: 50_000, online: 5), thresholds: thresholds, at: 40_000)
        #expect(log.breaches[0].end == 40_000 && log.breaches[0].level == .ok && log.open.isEmpty)
        #expect(log.breaches[0].duration(now: 1_000_000) == 30_000)
    }

    @Test func belowThresholdsTrackTheLowestValue() {
        var log = BreachLog()
        log.observe(key: nil, name: "ALL", values: values(wait: nil, online: 2), thresholds: thresholds, at: 0)
        log.observe(key: nil, name: "ALL", values: values(wait: nil, online: 0), thresholds: thresholds, at: 5)
        #expect(log.breaches.count == 1)
        #expect(log.breaches[0].key == nil && log.breaches[0].worst == .crit && log.breaches[0].worstValue == 0)
    }

    @Test func removingAThresholdEndsItsBreaches() {
        var log = BreachLog()
        log.observe(key: "s1", name: "Billing", values: values(wait: 400_000, online: 5), thresholds: thresholds, at: 0)
        #expect(log.open.count == 1)
        log.observe(key: "s1", name: "Billing", values: values(wait: 400_000, online: 5), thresholds: ThresholdSet(), at: 9)
        #expect(log.open.isEmpty && log.breaches.first?.end == 9)
        #expect(log.alarm(key: "s1", metric: .avgWaitTime) == CellAlarm())
    }

    @Test func vanishedRowsEndTheirBreaches() {
        var log = BreachLog()
        log.observe(key: "s2", name: "Sales", values: values(wait: 400_000, online: 5), thresholds: thresholds, at: 0)
        log.forget(keys: ["s2"], at: 7)
        #expect(log.open.isEmpty && log.breaches[0].end == 7)
        #expect(log.alarm(key: "s2", metric: .avgWaitTime) == CellAlarm())
    }

    @Test func theLogIsBoundedButKeepsOpenBreaches() {
        var log = BreachLog(capacity: 3)
        let line = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 10, crit: nil)])
        log.observe(key: "open", name: "O", values: MetricValues([(.avgWaitTime, .double(50))]), thresholds: line, at: 0)
        for i in 1...10 {
            log.observe(key: "k\(i)", name: "K", values: MetricValues([(.avgWaitTime, .double(50))]), thresholds: line, at: Int64(i))
            log.observe(key: "k\(i)", name: "K", values: MetricValues([(.avgWaitTime, .double(1))]), thresholds: line, at: Int64(i) + 1)
        }
        #expect(log.breaches.count == 3)
        #expect(log.breaches.contains { $0.key == "open" && $0.isOpen })
        #expect(log.breaches.first?.key == "k10")
    }
}

/// Every comparison printed reads true: the value gets the precision it needs, never binary noise.
@Suite struct ComparedTextTests {
    @Test func valuesRightAtTheLineGetMorePrecision() {
        #expect(ComparedText.value(0.953, pastLine: 0.95, direction: .above, unit: .fraction) == "95.3%")
        #expect(ComparedText.value(0.97, pastLine: 0.95, direction: .above, unit: .fraction) == "97%")
        #expect(ComparedText.value(300_400, pastLine: 300_000, direction: .above, unit: .milliseconds) == "5m00.4s")
        #expect(ComparedText.value(300_000.4, pastLine: 300_000, direction: .above, unit: .milliseconds) == "5m00.001s")
        #expect(ComparedText.value(372_000, pastLine: 300_000, direction: .above, unit: .milliseconds) == "6m12s")
        #expect(ComparedText.value(2.9, pastLine: 3, direction: .below, unit: .count) == "2.9")
        #expect(ComparedText.value(2, pastLine: 3, direction: .below, unit: .count) == "2")
        // An hour and a bit: the two-unit form would read `1h00m > 1h`.
        #expect(ComparedText.value(3_620_000, pastLine: 3_600_000, direction: .above, unit: .milliseconds) == "1h00m20s")
    }

    @Test func linesReadAsTyped() {
        #expect(ComparedText.line(300_000, unit: .milliseconds) == "5m")
        #expect(ComparedText.line(3_600_000, unit: .milliseconds) == "1h")
        #expect(ComparedText.line(90_000, unit: .milliseconds) == "1m30s")
        #expect(ComparedText.line(0.95, unit: .fraction) == "95%")
        #expect(ComparedText.line(0.025, unit: .fraction) == "2.5%")
        #expect(ComparedText.line(3, unit: .count) == "3")
        #expect(ComparedText.line(2.5, unit: .count) == "2.5")
    }

    @Test func aBreachHeldInsideTheLineSaysItsWorst() {
        var log = BreachLog()
        let line = ThresholdSet(perMetric: [.humanAgentLoad: Threshold(warn: 0.30, crit: nil)])
        log.observe(key: "s", name: "Sales", values: MetricValues([(.humanAgentLoad, .double(0.32))]), thresholds: line, at: 0)
        log.observe(key: "s", name: "Sales", values: MetricValues([(.humanAgentLoad, .double(0.29))]), thresholds: line, at: 40_000)
        let open = log.open.first
        #expect(open.map { BreachText.describe($0, name: "Sales", now: 40_000) } == "Sales hload 29% (worst 32% > 30%) for 40s")
        log.observe(key: "s", name: "Sales", values: MetricValues([(.humanAgentLoad, .double(0.20))]), thresholds: line, at: 50_000)
        let ended = log.breaches.first
        #expect(ended.map { BreachText.describe($0, name: "Sales", now: 99_000) } == "Sales hload worst 32% > 30% for 50s")
    }

    /// New limits on a breach: still past a line, it goes on from its onset, worded by the new limits
    /// (no end, no restart, no dwell begun again); back inside them, it ends then, and says inside which.
    @Test func aReloadThatMovesTheLimitsKeepsOrEndsTheBreach() {
        var log = BreachLog()
        let old = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 120_000, crit: nil, dwellMillis: 30_000)])
        let new = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 150_000, crit: nil, dwellMillis: 60_000)])
        log.observe(key: "s", name: "S", values: MetricValues([(.avgWaitTime, .double(160_000))]), thresholds: old, at: 0)
        log.observe(key: "s", name: "S", values: MetricValues([(.avgWaitTime, .double(160_000))]), thresholds: old, at: 30_000)
        log.observe(key: "s", name: "S", values: MetricValues([(.avgWaitTime, .double(160_000))]), thresholds: new, at: 40_000)
        #expect(log.breaches.count == 1)
        #expect(log.open.first.map { BreachText.describe($0, name: "S", now: 40_000) } == "S wait 2m40s > 2m30s for 40s")
        let higher = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 170_000, crit: nil)])
        log.observe(key: "s", name: "S", values: MetricValues([(.avgWaitTime, .double(160_000))]), thresholds: higher, at: 50_000)
        #expect(log.open.isEmpty)
        let ended = log.breaches.first
        #expect(ended?.endValue == 160_000 && ended?.endLimit == 170_000 && ended?.end == 50_000)
    }
}

/// Values from the network never trap and never lose digits silently.
@Suite struct MetricTextTests {
    @Test func absurdValuesGetOverflowAndCompactForms() {
        #expect(MetricText.format(.double(1e300), unit: .milliseconds) == ">999d")
        #expect(MetricText.format(.double(1e300), unit: .fraction) == ">9999%")
        #expect(MetricText.format(.double(1e300), unit: .count, width: 6) == ">999E")
        #expect(MetricText.format(.double(9_223_372_036_854_775_808), unit: .count, width: 6) == "9.2E")
        #expect(MetricText.format(.long(9_007_199_254_740_992), unit: .count, width: 6) == "9.0P")
        #expect(MetricText.format(.long(1_234_567), unit: .count, width: 6) == "1.2M")
        #expect(MetricText.format(.long(123_456), unit: .count, width: 6) == "123456")
        #expect(MetricText.format(.long(-1), unit: .count) == "-1")
        #expect(MetricText.format(.double(-1), unit: .fraction) == "-100%")
        #expect(MetricText.format(.double(-1_500), unit: .milliseconds) == "-2s")
        #expect(MetricText.format(.double(.leastNonzeroMagnitude), unit: .milliseconds) == "0s")  // 5e-324
        #expect(MetricText.format(.double(.leastNonzeroMagnitude), unit: .fraction) == "0%")
        #expect(MetricText.format(.double(-1e300), unit: .fraction) == "<-999%")
    }

    @Test func durations() {
        #expect(MetricText.duration(milliseconds: 58_000) == "58s")
        #expect(MetricText.duration(milliseconds: 62_000) == "1m02s")
        #expect(MetricText.duration(milliseconds: 3_900_000) == "1h05m")
        #expect(MetricText.duration(milliseconds: 183_600_000) == "2d03h")
        #expect(MetricText.duration(milliseconds: 999 * 86_400_000 + 1_800_001) == ">999d")
    }
}

/// The breach line never says only "+N more": the worst breach's name gives way first.
@Suite struct BreachLineTests {
    @Test func aLongNameIsCutSoTheWorstBreachStillShows() {
        var state = DashboardState(
            account: "1", isDemo: false, thresholds: ThresholdSet(perMetric: [.onlineAgents: Threshold(direction: .below, warn: 3, crit: 1)]))
        _ = reduce(&state, .resize(.init(columns: 80, rows: 24)))
        state.poll(at: 1_764_000_000_000) { key, at in
            let long = "Premium Customer Retention and Loyalty Escalations Desk, Second Floor, North Wing"
            let groups = [long, "Sales", "Billing"].enumerated().map { index, name in
                MetricsResponse.Group(key: "k\(index)", keyDescription: name, metrics: MetricValues([(.onlineAgents, .long(Int64(index)))]))
            }
            return Snapshot(query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, all: nil, groups: groups, totalCount: 3, requestCount: 1)
        }
        let line = layout(state, size: state.size).line(22)
        // The long name is the worst (0 online: critical), so it comes first.
        #expect(line.hasPrefix("breach  CRIT Premium Customer Retention"), "\(line)")
        #expect(line.contains("… online 0 < 1 for 0s · +2 more"), "\(line)")
        #expect(DisplayWidth.of(line) == 80)
    }
}
