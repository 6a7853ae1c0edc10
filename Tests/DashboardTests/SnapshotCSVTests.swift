import Dashboard
import KeyMetrics
import MetricsClient
import Testing

@Suite struct SnapshotCSVTests {
    @Test func rawNumbersEmptyForNoDataSanitisedNames() {
        let csv = SnapshotCSV.render(SnapshotFixtures.snapshot(), metrics: SnapshotFixtures.metrics)
        let expected = [
            "key,name,onlineAgents,humanAgentLoad,avgWaitTime,closedConversations",
            ",ALL,42,0.8125,72031.5,312",
            "1641709730,Billing,12,0.75,58400.0,97",
            "1641709731,日本語サポート,3,,,0",
            "1641709732,��Sales,0,1.18,372000.0,5",
            "999,NA,,,3725000.0,",
        ].map { $0 + "\r\n" }.joined()
        #expect(csv == expected)
    }

    @Test func quotesAndDefusesFormulas() {
        let groups: [MetricsResponse.Group] = [
            .init(key: "1", keyDescription: "=HYPERLINK(\"http://x\",\"click\")", metrics: SnapshotFixtures.values(1, nil, nil, nil)),
            .init(key: "2", keyDescription: "+1 Sales, \"VIP\"", metrics: SnapshotFixtures.values(2, nil, nil, nil)),
            .init(key: "-3", keyDescription: "@SUM(A1)", metrics: SnapshotFixtures.values(3, nil, nil, nil)),
            .init(key: "4", keyDescription: "line\nbreak", metrics: SnapshotFixtures.values(4, nil, nil, nil)),
        ]
        let csv = SnapshotCSV.render(SnapshotFixtures.snapshot(groups: groups), metrics: [.onlineAgents])
        #expect(csv == [
            "key,name,onlineAgents",
            ",ALL,42",
            "1,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",1",
            "2,\"'+1 Sales, \"\"VIP\"\"\",2",
            "'-3,'@SUM(A1),3",
            "4,line�break,4",
        ].map { $0 + "\r\n" }.joined())
    }
}
