import Dashboard
import KeyMetrics
import MetricsClient
import Testing

/// The bell and the alert command's lines, as effects of polls and reloads: a new critical breach
/// rings (at most once a minute, never when `alerts.bell` is off), every breach change becomes one
/// JSON line, and a view the supervisor only switched to is not news.
@Suite struct AlertTests {
    static let thresholds = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 25_000, crit: 29_000)])

    /// Two skills; s01 waits `first` ms, s02 26 s (a warning under ``thresholds``).
    static func snapshot(_ key: ViewKey, at: Int64, first: Double) -> Snapshot {
        let groups = [("s01", "Billing", first), ("s02", "Sales", 26_000.0)].map { id, name, wait in
            MetricsResponse.Group(key: id, keyDescription: name, metrics: MetricValues([(.avgWaitTime, .double(wait))]))
        }
        return Snapshot(
            query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, all: MetricValues([(.avgWaitTime, .double(20_000))]),
            groups: groups, totalCount: 2, requestCount: 1)
    }

    static func board(_ alerts: AlertSettings) -> DashboardState {
        DashboardState(account: "1", isDemo: false, thresholds: thresholds, alerts: alerts)
    }

    static func bells(_ effects: [Effect]) -> Int { effects.filter { $0 == .bell }.count }

    static func lines(_ effects: [Effect]) -> [String] {
        var lines: [String] = []
        for case .alert(let batch) in effects { lines += batch }
        return lines
    }

    @Test func aNewCriticalBreachRingsAtMostOnceAMinute() {
        var state = Self.board(AlertSettings())
        // The board's first data: s01 is critical at once.
        #expect(Self.bells(state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }) == 1)
        // The same numbers: nothing new.
        #expect(Self.bells(state.poll(at: 11_000) { Self.snapshot($0, at: $1, first: 30_000) }) == 0)
        // s01 recovers, then is critical again 20 s later: a new breach, but within the minute.
        #expect(Self.bells(state.poll(at: 21_000) { Self.snapshot($0, at: $1, first: 20_000) }) == 0)
        #expect(Self.bells(state.poll(at: 31_000) { Self.snapshot($0, at: $1, first: 31_000) }) == 0)
        // Down and up again past the minute: it rings.
        _ = state.poll(at: 51_000) { Self.snapshot($0, at: $1, first: 20_000) }
        #expect(Self.bells(state.poll(at: 61_000) { Self.snapshot($0, at: $1, first: 31_000) }) == 1)
        #expect(state.lastBell == 61_000)
    }

    @Test func theBellCanBeTurnedOffAndTheCommandStillHearsEveryChange() {
        var state = Self.board(AlertSettings(bell: false, command: "notify-team"))
        let first = state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }
        #expect(Self.bells(first) == 0)
        let view = state.view.key.description
        #expect(Self.lines(first) == [
            #"{"key":"s01","level":"crit","limit":29000.0,"metric":"avgWaitTime","name":"Billing","onset":1000,"value":30000.0,"view":"\#(view)"}"#,
            #"{"key":"s02","level":"warn","limit":25000.0,"metric":"avgWaitTime","name":"Sales","onset":1000,"value":26000.0,"view":"\#(view)"}"#,
        ])
        #expect(Self.lines(state.poll(at: 11_000) { Self.snapshot($0, at: $1, first: 30_000) }).isEmpty)
        // s01 falls to a warning, then ends: one line each; the end at level ok, with the value it ended
        // on and the line it was past until then.
        #expect(Self.lines(state.poll(at: 21_000) { Self.snapshot($0, at: $1, first: 27_000) }) == [
            #"{"key":"s01","level":"warn","limit":25000.0,"metric":"avgWaitTime","name":"Billing","onset":1000,"value":27000.0,"view":"\#(view)"}"#,
        ])
        #expect(Self.lines(state.poll(at: 31_000) { Self.snapshot($0, at: $1, first: 20_000) }) == [
            #"{"key":"s01","level":"ok","limit":25000.0,"metric":"avgWaitTime","name":"Billing","onset":1000,"value":20000.0,"view":"\#(view)"}"#,
        ])
    }

    /// Switching to a view never polled before (another window) is not news: its breaches were there
    /// all along, under a question nobody asked until now.
    @Test func aViewSwitchedToIsNotNews() {
        var state = Self.board(AlertSettings(command: "notify-team"))
        _ = state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }
        _ = reduce(&state, .key(.char("w")))
        let effects = state.poll(at: 11_000) { Self.snapshot($0, at: $1, first: 30_000) }
        #expect(state.shownKey != ViewSettings().key)
        #expect(Self.bells(effects) == 0 && Self.lines(effects).isEmpty)
        #expect(state.shown.breaches.open.count == 2)
    }

    /// `x` on a breach in the breach log: it stays quiet through every change until it ends; its end is
    /// told; the next breach of that row alerts as any other.
    @Test func anAcknowledgedBreachIsQuietUntilItEnds() {
        var state = Self.board(AlertSettings(command: "notify-team"))
        #expect(Self.bells(state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }) == 1)
        _ = reduce(&state, .key(.char("b")))
        // The log is newest first, then by name: Billing's (s01) wait is the first entry.
        #expect(state.shown.breaches.breaches.first?.key == "s01")
        _ = reduce(&state, .key(.char("x")))
        #expect(state.acknowledged.map(\.key) == ["s01"])
        // Down to a warning and back to critical, past the bell's minute: no bell, no line.
        #expect(Self.lines(state.poll(at: 11_000) { Self.snapshot($0, at: $1, first: 27_000) }).isEmpty)
        let again = state.poll(at: 71_000) { Self.snapshot($0, at: $1, first: 31_000) }
        #expect(Self.bells(again) == 0 && Self.lines(again).isEmpty)
        // It ends: that is told, and the acknowledgement goes with it.
        let ended = Self.lines(state.poll(at: 81_000) { Self.snapshot($0, at: $1, first: 20_000) })
        #expect(ended.count == 1 && ended[0].contains(#""level":"ok""#) && ended[0].contains(#""key":"s01""#))
        #expect(state.acknowledged.isEmpty)
        // A new breach of the same row rings.
        #expect(Self.bells(state.poll(at: 91_000) { Self.snapshot($0, at: $1, first: 31_000) }) == 1)
    }

    /// `x` outside the breach log, or on an ended breach, does nothing; `x` twice takes it back; the
    /// movement keys move the log's selection, not the panel's.
    @Test func acknowledgingIsOnlyForOpenBreachesInTheLog() {
        var state = Self.board(AlertSettings())
        _ = state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }
        _ = reduce(&state, .key(.char("x")))
        #expect(state.acknowledged.isEmpty)
        _ = reduce(&state, .key(.char("b")))
        _ = reduce(&state, .key(.down))
        #expect(state.breachSelection == 1)
        _ = reduce(&state, .key(.char("x")))
        #expect(state.acknowledged.map(\.key) == ["s02"])
        _ = reduce(&state, .key(.char("x")))
        #expect(state.acknowledged.isEmpty)
        _ = reduce(&state, .key(.end))
        _ = reduce(&state, .key(.down))
        #expect(state.breachSelection == 1)
    }

    /// A line with a `for:` dwell on a view switched to: what stood there when it was first judged is
    /// not news when the dwell runs out later; a breach that begins after that is.
    @Test func aDwellRunningOutAfterASwitchIsNotNews() {
        let dwelling = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 25_000, crit: 29_000, dwellMillis: 30_000)])
        var state = DashboardState(account: "1", isDemo: false, thresholds: dwelling, alerts: AlertSettings(command: "x"))
        _ = state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 20_000) }
        _ = reduce(&state, .key(.char("w")))
        for at in stride(from: Int64(11_000), through: 61_000, by: 10_000) {
            let effects = state.poll(at: at) { Self.snapshot($0, at: $1, first: 30_000) }
            #expect(Self.bells(effects) == 0 && Self.lines(effects).isEmpty, "at \(at)")
        }
        #expect(state.shown.breaches.open.count == 2)
        // s01 recovers and breaches again: news, once the dwell has run.
        _ = state.poll(at: 71_000) { Self.snapshot($0, at: $1, first: 20_000) }
        var rang = 0
        for at in stride(from: Int64(81_000), through: 121_000, by: 10_000) {
            rang += Self.bells(state.poll(at: at) { Self.snapshot($0, at: $1, first: 30_000) })
        }
        #expect(rang == 1)
    }

    /// A reload that only moves a line: the breach goes on (no "ended" line, no new bell) and its
    /// acknowledgement stays; a change of level under the new line is told.
    @Test func aReloadThatMovesALineIsNotAnEnd() {
        var state = Self.board(AlertSettings(command: "x"))
        #expect(Self.bells(state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }) == 1)
        _ = reduce(&state, .key(.char("b")))
        _ = reduce(&state, .key(.char("x")))  // Billing (s01) acknowledged
        let moved = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 24_000, crit: 28_000)])
        let reload = reduce(&state, .reconfigured(view: state.view, thresholds: moved, alerts: AlertSettings(command: "x")))
        #expect(Self.bells(reload) == 0)
        #expect(Self.lines(reload).isEmpty, "\(Self.lines(reload))")
        #expect(state.acknowledged.map(\.key) == ["s01"])
        // Sales (s02, 26 s) is still a warning under 24 s/28 s; a line at 25.5 s makes it critical.
        let raised = ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 24_000, crit: 25_500)])
        let effects = reduce(&state, .reconfigured(view: state.view, thresholds: raised, alerts: AlertSettings(command: "x")))
        #expect(Self.lines(effects).count == 1 && Self.lines(effects)[0].contains(#""key":"s02","level":"crit""#), "\(Self.lines(effects))")
    }

    /// The breach log's selection follows its breach when a poll adds a newer one above it.
    @Test func theSelectionStaysOnItsBreach() {
        var state = Self.board(AlertSettings())
        _ = state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 20_000) }  // only Sales (s02)
        _ = reduce(&state, .key(.char("b")))
        #expect(state.shown.breaches.breaches.map(\.key) == ["s02"])
        _ = state.poll(at: 11_000) { Self.snapshot($0, at: $1, first: 30_000) }  // Billing, newer, on top
        #expect(state.shown.breaches.breaches.map(\.key) == ["s01", "s02"])
        _ = reduce(&state, .key(.char("x")))
        #expect(state.acknowledged.map(\.key) == ["s02"])
    }

    /// A clock that steps back does not hold the bell back for the size of the step.
    @Test func aClockSteppingBackDoesNotSilenceTheBell() {
        var state = Self.board(AlertSettings())
        #expect(Self.bells(state.poll(at: 600_000) { Self.snapshot($0, at: $1, first: 30_000) }) == 1)
        // The wall clock is set back five minutes; the poll plan moves with it (due at 310 s, then 320 s).
        _ = state.poll(at: 300_000) { Self.snapshot($0, at: $1, first: 30_000) }
        _ = state.poll(at: 310_000) { Self.snapshot($0, at: $1, first: 20_000) }
        #expect(Self.bells(state.poll(at: 320_000) { Self.snapshot($0, at: $1, first: 30_000) }) == 1)
    }

    /// A refused configuration is said on the bottom line until a good one is read.
    @Test func aRefusedConfigurationIsShownUntilAGoodOne() {
        var state = Self.board(AlertSettings())
        _ = state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }
        _ = reduce(&state, .configRejected("k.yaml:4: thresholds.avgWaitTime.warn: expected a duration, got \"lots\""))
        let line = layout(state, size: state.size).line(state.size.rows - 1)
        #expect(line.hasPrefix(#"config not reloaded: k.yaml:4: thresholds.avgWaitTime.warn: expected a duration, got "lots""#))
        #expect(state.thresholds == Self.thresholds)
        _ = reduce(&state, .reconfigured(view: state.view, thresholds: Self.thresholds, alerts: AlertSettings()))
        #expect(state.configProblem == nil)
        #expect(!layout(state, size: state.size).line(state.size.rows - 1).hasPrefix("config not reloaded"))
    }

    /// A reloaded line that puts a row past it is news, as a poll's would be.
    @Test func aReloadThatStartsABreachAlerts() {
        var state = DashboardState(account: "1", isDemo: false, thresholds: ThresholdSet(), alerts: AlertSettings())
        #expect(state.poll(at: 1_000) { Self.snapshot($0, at: $1, first: 30_000) }.filter { $0 == .bell }.isEmpty)
        let effects = reduce(&state, .reconfigured(view: state.view, thresholds: Self.thresholds, alerts: AlertSettings(command: "x")))
        #expect(Self.bells(effects) == 1)
        #expect(Self.lines(effects).count == 2)
        #expect(state.alerts.command == "x")
    }
}
