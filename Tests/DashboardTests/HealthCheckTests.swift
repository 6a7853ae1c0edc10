import Dashboard
import KeyMetrics
import MetricsClient
import Testing

/// ``HealthCheck`` and ``CheckOutput``: which rows breach, the order they are named in, a per-group
/// override, "no data" never judged, hostile names kept to one line without a `|`, and the performance
/// data's numbers and ranges.
@Suite struct HealthCheckTests {
    static let thresholds = ThresholdSet(
        perMetric: [
            .avgWaitTime: Threshold(warn: 120_000, crit: 300_000, dwellMillis: 30_000),
            .humanAgentLoad: Threshold(warn: 0.85, crit: 0.95),
            .onlineAgents: Threshold(direction: .below, warn: 3, crit: 1),
        ],
        overrides: ["1641709730": [.avgWaitTime: Threshold(warn: 30_000, crit: 60_000)]])

    /// ALL is inside every line; Billing's own wait line (30 s) is crossed; 日本語サポート has no load or
    /// wait (null: not judged) and 3 online (not below 3); Sales is past every line; the NA row's wait
    /// is critical. Critical first, in row order, then the warning.
    @Test func breachesAreJudgedOnceAndNamedWorstFirst() {
        let check = HealthCheck.evaluate(SnapshotFixtures.snapshot(), thresholds: Self.thresholds)
        #expect(check.rows == 5)
        #expect(check.status == .crit)
        #expect(check.findings.map(\.text) == [
            "\u{FFFD}\u{FFFD}Sales wait 6m12s > 5m",
            "\u{FFFD}\u{FFFD}Sales hload 118% > 95%",
            "\u{FFFD}\u{FFFD}Sales online 0 < 1",
            "999 (NA) wait 1h02m > 5m",
            "Billing wait 58s > 30s",
        ])
        #expect(check.findings.map(\.severity) == [.crit, .crit, .crit, .crit, .warn])
        #expect(check.findings.map(\.key) == ["1641709732", "1641709732", "1641709732", "999", "1641709730"])
        #expect(check.measured.map(\.metric) == [.avgWaitTime, .humanAgentLoad, .onlineAgents])
    }

    @Test func thePluginLinesAndTheirStatus() {
        let check = HealthCheck.evaluate(SnapshotFixtures.snapshot(), thresholds: Self.thresholds)
        #expect(CheckOutput.status(check) == .critical)
        #expect(CheckOutput.render(check, groupBy: .skillId) == """
            KMMTOP CRITICAL - 5 breaches: \u{FFFD}\u{FFFD}Sales wait 6m12s > 5m; \u{FFFD}\u{FFFD}Sales hload 118% > 95%; \u{FFFD}\u{FFFD}Sales online 0 < 1; and 2 more | 'wait'=72.032s;120;300;0 'hload'=81.25%;85;95;0 'online'=42;3:;1:;0
            CRITICAL: \u{FFFD}\u{FFFD}Sales wait 6m12s > 5m
            CRITICAL: \u{FFFD}\u{FFFD}Sales hload 118% > 95%
            CRITICAL: \u{FFFD}\u{FFFD}Sales online 0 < 1
            CRITICAL: 999 (NA) wait 1h02m > 5m
            WARNING: Billing wait 58s > 30s

            """)
        let quiet = HealthCheck.evaluate(SnapshotFixtures.snapshot(), thresholds: ThresholdSet())
        #expect(CheckOutput.status(quiet) == .ok)
        #expect(CheckOutput.render(quiet, groupBy: .skillId) == "KMMTOP OK - no breaches (account and 4 skills)\n")
        let warnOnly = HealthCheck.evaluate(SnapshotFixtures.snapshot(), thresholds: ThresholdSet(perMetric: [.closedConversations: Threshold(warn: 300, crit: nil)]))
        #expect(CheckOutput.render(warnOnly, groupBy: nil) == "KMMTOP WARNING - 1 breach: ALL closed 312 > 300 | 'closed'=312;300;;0\nWARNING: ALL closed 312 > 300\n")
        #expect(CheckOutput.status(warnOnly) == .warning)
    }

    /// A value or a line too large to write plainly: `U` with no unit, and no range, never `Us` or `U:`;
    /// the status line uses the board's overflow forms. (A value equal to the crit line is not past it.)
    @Test func hugeValuesAreUndeterminable() {
        let groups: [MetricsResponse.Group] = []
        var snapshot = SnapshotFixtures.snapshot(groups: groups)
        snapshot.all = SnapshotFixtures.values(5, nil, 1e300, nil)
        let check = HealthCheck.evaluate(snapshot, thresholds: ThresholdSet(perMetric: [
            .avgWaitTime: Threshold(warn: 120_000, crit: 1e300),
            .onlineAgents: Threshold(direction: .below, warn: 1e300, crit: nil),
        ]))
        #expect(CheckOutput.render(check, groupBy: .skillId).split(separator: "\n")[0]
            == "KMMTOP WARNING - 2 breaches: ALL wait >999d > 2m; ALL online 5 < >999E | 'wait'=U;120;;0 'online'=5;;;0")
        #expect(check.judged == 2)
    }

    /// A name from the network cannot end the status line or start the performance data.
    @Test func namesStayOnOneLineWithoutABar() {
        let groups: [MetricsResponse.Group] = [
            .init(key: "7", keyDescription: "Sales | EMEA\nnight", metrics: SnapshotFixtures.values(0, nil, nil, nil)),
        ]
        let check = HealthCheck.evaluate(SnapshotFixtures.snapshot(groups: groups), thresholds: Self.thresholds)
        let first = CheckOutput.render(check, groupBy: .skillId).split(separator: "\n")[0]
        #expect(first == "KMMTOP CRITICAL - 1 breach: Sales / EMEA\u{FFFD}night online 0 < 1 | 'wait'=72.032s;120;300;0 'hload'=81.25%;85;95;0 'online'=42;3:;1:;0")
        #expect(CheckOutput.unknown("cannot connect\nto | server") == "KMMTOP UNKNOWN - cannot connect to / server\n")
    }
}
