import Dashboard
import KeyMetrics
import MetricsClient
import Testing

@Suite struct SnapshotTableTests {
    @Test func alignsColumnsByDisplayWidthWithHumanUnits() {
        let table = SnapshotTable.render(SnapshotFixtures.snapshot(), metrics: SnapshotFixtures.metrics)
        let expected = """
            SKILL           ONLINE  HLOAD   WAIT  CLOSED
            ALL                 42    81%  1m12s     312
            Billing             12    75%    58s      97
            日本語サポート       3      –      –       0
            ��Sales              0   118%  6m12s       5
            999 (NA)             –      –  1h02m       –

            """
        #expect(table == expected)
        // Every line is as wide as the header, counted in terminal columns.
        let widths = table.split(separator: "\n").map { DisplayWidth.of(String($0)) }
        #expect(Set(widths) == [44])
    }

    @Test func columnsFollowTheOrderAskedForAndNoGroupingShowsOnlyAll() {
        let table = SnapshotTable.render(SnapshotFixtures.snapshot(groupBy: nil, groups: []), metrics: [.closedConversations, .onlineAgents])
        #expect(table == "     CLOSED  ONLINE\nALL     312      42\n")
    }

    @Test func longNamesAreCutWithAnEllipsis() {
        let long = MetricsResponse.Group(
            key: "1", keyDescription: "Premium Customer Care — International Escalations Desk",
            metrics: SnapshotFixtures.values(1, 0.5, 1000, 1))
        let table = SnapshotTable.render(SnapshotFixtures.snapshot(groups: [long]), metrics: [.onlineAgents])
        #expect(table == """
            SKILL                             ONLINE
            ALL                                   42
            Premium Customer Care — Interna…       1

            """)
    }

    @Test func defaultColumnsAreTheQueryMetrics() {
        let table = SnapshotTable.render(SnapshotFixtures.snapshot(groups: []))
        #expect(table.hasPrefix("SKILL   WAIT  CLOSED  ONLINE  HLOAD\n"))
    }

    @Test func humanUnits() {
        #expect(MetricText.duration(milliseconds: 0) == "0s")
        #expect(MetricText.duration(milliseconds: 499) == "0s")
        #expect(MetricText.duration(milliseconds: 58_400) == "58s")
        #expect(MetricText.duration(milliseconds: 62_000) == "1m02s")
        #expect(MetricText.duration(milliseconds: 372_000) == "6m12s")
        #expect(MetricText.duration(milliseconds: 3_599_600) == "1h00m")
        #expect(MetricText.duration(milliseconds: 90_000_000) == "1d01h")
        #expect(MetricText.format(.double(0.78), unit: .fraction) == "78%")
        #expect(MetricText.format(.double(1.18), unit: .fraction) == "118%")
        #expect(MetricText.format(.long(7), unit: .count) == "7")
        #expect(MetricText.format(nil, unit: .count) == "–")
        #expect(MetricText.format(.long(0), unit: .count) == "0")
    }

    @Test func everyMetricHasAShortUniqueLabel() {
        let labels = Metric.allCases.map(MetricLabels.label)
        #expect(Set(labels).count == Metric.allCases.count)
        #expect(labels.allSatisfy { $0.count <= 8 && $0 == $0.uppercased() })
        #expect(MetricLabels.label(.backSoonAgents) == "BSOON")
        #expect(MetricLabels.label(.avgTimeToFirstResponseFirstAssignment) == "TTFR")
    }
}
