import Dashboard
import Foundation
import KeyMetrics
import Testing

/// Whole screens for a fixed board, compared line by line. When a frame differs, the one drawn is
/// written to the temporary directory (named in the failure) to review and, if right, paste here.
@Suite struct GoldenFrameTests {
    static let frame120x40 = """
        kmmtop  acct 90412345 DEMO · by skill · last 1h · HUMAN · subgroups off            data 4s old · next 6s · 18/60 req/min
        ALL  online 42 back-soon 3 away 7 slots 31 │ queued 19 p90 11m10s │ load 78% human 81% │ wait 1m12s │ closed 312 ▲12
        ┌ 1 Availability ───────────────────────────────── online▼ ┐┌ 2 Load ────────────────────────────────────────── hload▼ ┐
        │ SKILL              ONLINE   BSOON    AWAY   SLOTS        ││ SKILL      ASSIGN  ACTIVE    LOAD   HLOAD   OLOAD        │
        │ Billing                12       3       2      24  ▲2    ││ Sales          24      16     92%     97%‼    99%        │
        │ Sales                   8       2       2      16        ││ Tech Sup…      15      10     86%     91%!    93%  ▲1%   │
        │ Tech Support            5       1       2      10  ▼1    ││ Billing        36      24     55%     60%     62%  ▼2%   │
        │+カスタマーサポー…       4       1       2       8        ││+カスタマ…      12       8     50%     55%     57%        │
        │+��                      3       0       2       6        ││+Premium …       6       4     35%     40%     42%        │
        │+Premium Customer…       2!      0       2       4        ││+��              9       6     25%     30%     32%        │
        │-Old Queue               1       0       2       2        ││-Old Queue       3       2      5%     10%     12%        │
        │                                                          ││                                                          │
        │                                                          ││                                                          │
        └──────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────┘
        ┌ 3 Wait times ───────────────────────────────────── wait▼ ┐┌ 4 Closures ───────────────────────────────────── closed▼ ┐
        │ SKILL                WAIT   FIRST     TTR    TTFR        ││ SKILL              CLOSED   AGENT    CONS    AUTO        │
        │ Tech Support        6m12s‼  8m41s   1m02s     58s        ││ Sales                  58      29      19      10  ▲3    │
        │+カスタマーサポー…   2m10s!  3m02s   1m02s     58s        ││ Billing                44      22      14       8  ▲4    │
        │ Sales               1m39s   2m19s   1m02s     58s  ▲4s   ││ Tech Support           33      16      11       6  ▲2    │
        │ Billing               48s   1m07s   1m02s     58s  ▼2s   ││+カスタマーサポー…      12       6       4       2        │
        │+Premium Customer…     20s     28s   1m02s     58s        ││+Premium Customer…       7       3       2       2        │
        │+��                    10s     14s   1m02s     58s        ││+��                      1       0       0       1        │
        │-Old Queue               –       –   1m02s     58s        ││-Old Queue               2       1       0       1        │
        │                                                          ││                                                          │
        │                                                          ││                                                          │
        └──────────────────────────────────────────────────────────┘└──────────────────────────────────────────────────────────┘
        ┌ 5 Queue ──────────────────────────────────────────────────────────────────────────────────────────────────── queued▼ ┐
        │ SKILL                                                                          QUEUED  OVRDUE    QP50    QP90        │
        │ Tech Support                                                                       12       2   3m43s  11m10s        │
        │+カスタマーサポート                                                                  4       0   1m18s   3m54s        │
        │ Sales                                                                               3       0     59s   2m58s        │
        │ Billing                                                                             1       0     29s   1m26s        │
        │+��                                                                                  0       0       –       –        │
        │+Premium Customer Retention and Loyalty Escalations Desk                             0       0       –       –        │
        │-Old Queue                                                                           0       0       –       –        │
        │                                                                                                                      │
        │                                                                                                                      │
        └──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
        breach  CRIT Sales hload 97% > 95% for 10s · CRIT Tech Support wait 6m12s > 5m for 10s · +3 more
        F1 help  Tab panel  ←→ sort col  r reverse  Enter detail  g group  w window  / filter  b breaches  p pause  q quit
        """

    static let frame80x24 = """
        kmmtop  acct 90412345 DEMO · skill · 1h · HUMAN · -sub     data 4s old · next 6s
        ALL  online 42 away 7 slots 31 │ queued 19 p90 11m10s │ load 78% │ wait 1m12s
        ┌ 1 Availability ───────────── online▼ ┐┌ 2 Load ────────────────────── hload▼ ┐
        │ SKILL         ONLINE    AWAY   SLOTS ││ SKILL         ASSIGN    LOAD   HLOAD │
        │ Billing           12       2      24 ││ Sales             24     92%     97%‼│
        │ Sales              8       2      16 ││ Tech Support      15     86%     91%!│
        │ Tech Support       5       2      10 ││ Billing           36     55%     60% │
        │+カスタマー…        4       2       8 ││+カスタマー…       12     50%     55% │
        │+��                 3       2       6 ││+Premium Cus…       6     35%     40% │
        │+Premium Cus…       2!      2       4 ││+��                 9     25%     30% │
        │-Old Queue          1       2       2 ││-Old Queue          3      5%     10% │
        └──────────────────────────────────────┘└──────────────────────────────────────┘
        ┌ 3 Wait times ───────────────── wait▼ ┐┌ 4 Closures ───────────────── closed▼ ┐
        │ SKILL           WAIT   FIRST     TTR ││ SKILL         CLOSED   AGENT    CONS │
        │ Tech Support   6m12s‼  8m41s   1m02s ││ Sales             58      29      19 │
        │+カスタマー…    2m10s!  3m02s   1m02s ││ Billing           44      22      14 │
        │ Sales          1m39s   2m19s   1m02s ││ Tech Support      33      16      11 │
        │ Billing          48s   1m07s   1m02s ││+カスタマー…       12       6       4 │
        │+Premium Cus…     20s     28s   1m02s ││+Premium Cus…       7       3       2 │
        │+��               10s     14s   1m02s ││+��                 1       0       0 │
        │-Old Queue          –       –   1m02s ││-Old Queue          2       1       0 │
        └──────────────────────────────────────┘└──────────────────────────────────────┘
        breach  CRIT Sales hload 97% > 95% for 10s · +4 more
        F1 help  Tab panel  ←→ sort col  Enter detail  g group  / filter  q quit
        """

    func check(columns: Int, rows: Int, expected: String) {
        let state = LayoutFixtures.board(columns: columns, rows: rows)
        let frame = layout(state, size: state.size)
        let actual = frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(actual.count == wanted.count)
        for (index, (a, w)) in zip(actual, wanted).enumerated() {
            #expect(a == w, "row \(index)")
        }
        if actual != wanted {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(columns)x\(rows).txt")
            try? frame.text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("the frame drawn is in \(file.path)")
        }
    }

    @Test func board120x40() { check(columns: 120, rows: 40, expected: Self.frame120x40) }
    @Test func board80x24() { check(columns: 80, rows: 24, expected: Self.frame80x24) }

    @Test(arguments: [(120, 40), (80, 24), (60, 15), (200, 60)])
    func everyRowIsExactlyTheWidthAndHoldsNoControlCharacter(columns: Int, rows: Int) {
        let state = LayoutFixtures.board(columns: columns, rows: rows)
        let frame = layout(state, size: state.size)
        #expect(frame.height == rows)
        for y in 0..<rows {
            let line = frame.line(y)
            #expect(DisplayWidth.of(line) == columns, "row \(y): \(line)")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }, "row \(y)")
        }
    }

    @Test func breachesAreMarkedByGlyphAndRoleSoTheyReadWithoutColour() {
        let state = LayoutFixtures.board(columns: 120, rows: 40)
        let frame = layout(state, size: state.size)
        // Wait times panel, first row: "Tech Support" waits 6m12s, past crit (5m).
        let row = (0..<frame.height).first { frame.line($0).contains("Tech Support        6m12s") }!
        let line = frame.line(row)
        let glyphX = line.distance(from: line.startIndex, to: line.firstIndex(of: "‼")!)
        #expect(frame[glyphX, row].style.role == .crit)
        #expect(frame[glyphX - 1, row].style.role == .crit)
    }

    @Test func selectedRowIsReversedInTheFocusedPanel() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        _ = reduce(&state, .key(.down))
        let frame = layout(state, size: state.size)
        // Availability's first row (Billing, most online) is selected: reversed across the panel.
        #expect(frame.line(4).contains("Billing"))
        #expect(frame[1, 4].style.reverse && frame[58, 4].style.reverse)
        #expect(!frame[61, 4].style.reverse)  // the Load panel's row is not
    }

    @Test func aValueJustPastItsLineThatCannotFitItsPrecisionSaysPastTheLine() {
        // 1m50.4s past a 1m50s line needs seven columns; "1m50s!" would read as on the line.
        var state = DashboardState(account: "1", isDemo: false, thresholds: ThresholdSet(perMetric: [.avgWaitTime: Threshold(warn: 110_000, crit: nil)]))
        _ = reduce(&state, .resize(.init(columns: 120, rows: 40)))
        state.poll(at: LayoutFixtures.t0) { key, at in
            LayoutFixtures.snapshot([LayoutFixtures.row("1", "Slow", online: 5, wait: 110_400, load: 0.5, closed: 3),
                LayoutFixtures.row("2", "Quick", online: 5, wait: 5_400, load: 0.5, closed: 3)], at: at)
        }
        let text = layout(state, size: state.size).text
        #expect(text.contains(" >1m50s!") && !text.contains(" 1m50s!"), "\(text)")
        // A value that fits its precision keeps it (5.4s is not past anything: plain).
        #expect(text.contains("    5s "), "\(text)")
    }

    @Test func tooSmallSaysSo() {
        let state = LayoutFixtures.board(columns: 50, rows: 12)
        let text = layout(state, size: state.size).text
        #expect(text.contains("kmmtop needs at least 60×15;"))
        #expect(text.contains("this terminal is 50×12."))
        #expect(!text.contains("Availability"))
    }

    @Test func helpListsEveryBinding() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        _ = reduce(&state, .key(.function(1)))
        let text = layout(state, size: state.size).text
        for binding in KeyMap.bindings { #expect(text.contains(binding.help), "\(binding.label)") }
        #expect(text.contains("Keys"))
    }

    @Test func detailShowsEveryPanelMetricAndTheBreaches() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        _ = reduce(&state, .key(.char("3")))
        _ = reduce(&state, .key(.down))  // Tech Support, the longest wait
        _ = reduce(&state, .key(.enter))
        let text = layout(state, size: state.size).text
        #expect(text.contains("Tech Support (13)"))
        for metric in Panel.allMetrics { #expect(text.contains(MetricLabels.label(metric)), "\(metric)") }
        #expect(text.contains("6m12s‼"))
        // As of the data shown; the row's own name goes without saying.
        #expect(text.contains("CRIT  wait 6m12s > 5m for 10s  (open)"))
        #expect(text.contains("Agents: loading…"))
        #expect(text.contains("▁█"))  // two polls of online agents: 6 then 5 → a sparkline
    }

    @Test func breachLogListsNewestFirst() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        state.utcOffsetSeconds = 3600
        _ = reduce(&state, .key(.char("b")))
        let text = layout(state, size: state.size).text
        #expect(text.contains("Breach log (6)"))  // five open, and Old Queue's, ended when its row went
        #expect(text.contains("17:00:00  WARN  Old Queue online worst 1 < 3 for 10s  (ended)"))
        // Onset t0 = 1 764 000 000 000 ms = 16:00:00 UTC, shown at UTC+1.
        #expect(text.contains("17:00:00  CRIT  Tech Support wait 6m12s > 5m for 10s  (open)"))
    }

    @Test func staleDataAndFailuresAreSaidInTheHeader() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        _ = reduce(&state, .tick(now: LayoutFixtures.t0 + 30_000))
        state.fail(at: LayoutFixtures.t0 + 40_000, message: "cannot connect to 127.0.0.1:9", retryAfterMillis: 10_000)
        _ = reduce(&state, .tick(now: LayoutFixtures.t0 + 45_000))
        let frame = layout(state, size: state.size)
        // The view's facts in their compact form, the failure's words cut to fit, the retry and age whole.
        #expect(frame.line(0).hasPrefix("kmmtop  acct 90412345 DEMO · skill · 1h · HUMAN · -sub  poll failed 5s ago: cannot connect…"), "\(frame.line(0))")
        #expect(frame.line(0).hasSuffix(" · retry in 5s · data 35s old"), "\(frame.line(0))")
        let ageX = frame.line(0).distance(from: frame.line(0).startIndex, to: frame.line(0).range(of: "data 35s")!.lowerBound)
        #expect(frame[ageX, 0].style.role == .error)
        // Values dim once stale.
        let row = (0..<frame.height).first { frame.line($0).contains("Tech Support        6m12s") }!
        let x = frame.line(row).distance(from: frame.line(row).startIndex, to: frame.line(row).range(of: "6m12s")!.lowerBound)
        #expect(frame[x, row].style.role == .dim)
    }

    @Test func pausedAndFilterAreVisible() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        _ = reduce(&state, .key(.char("p")))
        for key in [Key.char("/"), .char("b"), .char("i"), .char("l")] { _ = reduce(&state, .key(key)) }
        let text = layout(state, size: state.size).text
        #expect(text.contains("PAUSED"))
        #expect(text.contains("/ bil█  Enter keeps · Esc clears"))
        _ = reduce(&state, .key(.enter))
        let frame = layout(state, size: state.size)
        #expect(frame.text.contains("filter 'bil' (Esc clears)"))
        let panels = (2..<38).map { frame.line($0) }.joined(separator: "\n")
        #expect(panels.contains("Billing") && !panels.contains("Tech Support"))
    }
}
