import Dashboard
import KeyMetrics
import MetricsClient
import Testing

@Suite struct SnapshotDiffTests {
    func snapshot(_ rows: [(String, Int64?, Double?)], all: Int64 = 10) -> Snapshot {
        let query = MetricsQuery(time: RequestedTime(from: 0, to: 1), groupBy: .skillId)
        let groups = rows.map { key, online, wait in
            MetricsResponse.Group(key: key, keyDescription: key.uppercased(), metrics: MetricValues([
                (.onlineAgents, online.map { .long($0) }), (.avgWaitTime, wait.map { .double($0) }),
            ]))
        }
        return Snapshot(query: query, fetchedAt: 0, all: MetricValues([(.onlineAgents, .long(all))]), groups: groups,
            totalCount: groups.count, requestCount: 1)
    }

    @Test func deltasNewAndGoneRows() {
        let before = snapshot([("a", 5, 1000), ("b", 3, nil), ("c", 1, 10)], all: 9)
        let after = snapshot([("a", 7, 900), ("b", 3, 500), ("d", 2, 5)], all: 12)
        let diff = SnapshotDiff(previous: before, current: after)
        #expect(diff.delta(key: "a", metric: .onlineAgents) == 2)
        #expect(diff.delta(key: "a", metric: .avgWaitTime) == -100)
        #expect(diff.delta(key: "b", metric: .onlineAgents) == nil)  // unchanged
        #expect(diff.delta(key: "b", metric: .avgWaitTime) == nil)  // no data before: no delta, never "+500"
        #expect(diff.delta(key: nil, metric: .onlineAgents) == 3)
        #expect(diff.newKeys == ["d"])
        #expect(diff.goneRows.map(\.key) == ["c"])
        #expect(diff.goneRows.first?.metrics[.onlineAgents] == .long(1))
    }

    @Test func aFirstPollMarksNothing() {
        let diff = SnapshotDiff(previous: nil, current: snapshot([("a", 1, 1)]))
        #expect(diff == SnapshotDiff())
    }
}

@Suite struct HistoryTests {
    @Test func boundedOldestFirstWithGaps() {
        var history = History(capacity: 3)
        for value in [1.0, 2, 3, 4] {
            history.append(key: "a", values: MetricValues([(.onlineAgents, .long(Int64(value)))]))
        }
        history.append(key: "a", values: MetricValues([(.onlineAgents, nil)]))
        #expect(history.values(key: "a", metric: .onlineAgents) == [3, 4, nil])
        #expect(history.values(key: "b", metric: .onlineAgents).isEmpty)
    }

    @Test func retainDropsVanishedRowsButKeepsAll() {
        var history = History()
        history.append(key: nil, values: MetricValues([(.onlineAgents, .long(1))]))
        history.append(key: "a", values: MetricValues([(.onlineAgents, .long(1))]))
        history.append(key: "b", values: MetricValues([(.onlineAgents, .long(1))]))
        history.retain(keys: ["b"])
        #expect(history.values(key: "a", metric: .onlineAgents).isEmpty)
        #expect(history.values(key: "b", metric: .onlineAgents) == [1])
        #expect(history.values(key: nil, metric: .onlineAgents) == [1])
    }
}
