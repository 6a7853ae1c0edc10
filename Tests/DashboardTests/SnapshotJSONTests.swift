import Dashboard
import Foundation
import KeyMetrics
import MetricsClient
import Testing

@Suite struct SnapshotJSONTests {
    @Test func stableDocumentedShapeWithSortedKeysAndNulls() {
        let groups = Array(SnapshotFixtures.defaultGroups.prefix(2))
        let json = SnapshotJSON.render(SnapshotFixtures.snapshot(groups: groups), account: "90412345", metrics: SnapshotFixtures.metrics)
        #expect(json == """
            {
              "account": "90412345",
              "all": {
                "avgWaitTime": 72031.5,
                "closedConversations": 312,
                "humanAgentLoad": 0.8125,
                "onlineAgents": 42
              },
              "fetchedAt": 1764038400123,
              "groupBy": "skillId",
              "groups": [
                {
                  "key": "1641709730",
                  "metrics": {
                    "avgWaitTime": 58400.0,
                    "closedConversations": 97,
                    "humanAgentLoad": 0.75,
                    "onlineAgents": 12
                  },
                  "name": "Billing"
                },
                {
                  "key": "1641709731",
                  "metrics": {
                    "avgWaitTime": null,
                    "closedConversations": 0,
                    "humanAgentLoad": null,
                    "onlineAgents": 3
                  },
                  "name": "日本語サポート"
                }
              ],
              "window": {
                "from": 1764034800000,
                "to": 1764038400000
              }
            }

            """)
    }

    @Test func escapesWhatATerminalWouldActOnAndParsesBackToTheOriginal() throws {
        let hostile = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202E}Sales\u{9b}"
        let snapshot = SnapshotFixtures.snapshot(groupBy: .agentGroupId, groups: [
            .init(key: "7", keyDescription: hostile, metrics: SnapshotFixtures.values(1, nil, nil, nil)),
        ])
        let json = SnapshotJSON.render(snapshot, account: "a", metrics: [.onlineAgents])
        #expect(json.contains(#""name": "\u001b[2J\u001b]0;pwned\u0007\u202eSales\u009b""#))
        #expect(!json.unicodeScalars.contains { TextSanitizer.needsReplacing($0) && $0 != "\n" })
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let group = try #require((decoded["groups"] as? [[String: Any]])?.first)
        #expect(group["name"] as? String == hostile)
        #expect(decoded["groupBy"] as? String == "agentGroupId")
    }

    @Test func noGroupingIsNullAndAnEmptyList() {
        let json = SnapshotJSON.render(SnapshotFixtures.snapshot(groupBy: nil, groups: []), account: "a", metrics: [.onlineAgents])
        #expect(json.contains("\"groupBy\": null,\n  \"groups\": [],\n"))
    }
}
