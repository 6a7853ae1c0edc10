import Dashboard
import KeyMetrics
import MetricsClient
import Testing

/// The agent-group tree read from subtree probes: parents, the tree's order under a panel's sort,
/// folding, answers that contradict each other, and the board probing, arranging and judging by it.
@Suite struct GroupTreeTests {
    static func group(_ key: String, online: Int64 = 1) -> MetricsResponse.Group {
        MetricsResponse.Group(key: key, keyDescription: key.uppercased(), metrics: MetricValues([(.onlineAgents, .long(online))]))
    }

    /// cc ⊃ r1 ⊃ {t1, t2}; cc ⊃ r2 ⊃ t3.
    static let subtrees: [String: Set<String>] = [
        "cc": ["cc", "r1", "r2", "t1", "t2", "t3"], "r1": ["r1", "t1", "t2"], "r2": ["r2", "t3"], "t1": ["t1"], "t2": ["t2"], "t3": ["t3"],
    ]

    static func tree() -> GroupTree {
        var tree = GroupTree()
        for (group, subtree) in subtrees { tree.record(group, subtree: subtree, known: ["cc", "r1", "r2", "t1", "t2", "t3"], at: 0) }
        return tree
    }

    @Test func aGroupsParentIsTheSmallestSubtreeHoldingIt() {
        let tree = Self.tree()
        #expect(tree.parents(among: ["cc", "r1", "r2", "t1", "t2", "t3"]) == ["r1": "cc", "r2": "cc", "t1": "r1", "t2": "r1", "t3": "r2"])
        // A parent not on the list: the next one up.
        #expect(tree.parents(among: ["cc", "t1", "t3"]) == ["t1": "cc", "t3": "cc"])
        #expect(tree.isComplete(for: ["cc", "t3"]) && !GroupTree().isComplete(for: ["cc"]))
    }

    @Test func theTreeKeepsThePanelsOrderAtEachLevelAndFoldingHidesTheDescendants() {
        let tree = Self.tree()
        let sorted = ["t3", "cc", "t1", "r2", "r1", "t2"].map { Self.group($0) }
        let open = tree.arrange(sorted, collapsed: [])
        #expect(open.rows.map(\.key) == ["cc", "r2", "t3", "r1", "t1", "t2"])
        #expect(open.rows.map { open.depth[$0.key] ?? -1 } == [0, 1, 2, 1, 2, 2])
        #expect(tree.arrange(sorted, collapsed: ["r1"]).rows.map(\.key) == ["cc", "r2", "t3", "r1"])
        #expect(tree.arrange(sorted, collapsed: ["cc"]).rows.map(\.key) == ["cc"])
    }

    @Test func answersThatContradictEachOtherLoseNoRow() {
        var tree = GroupTree()
        tree.record("a", subtree: ["a", "b"], known: ["a", "b"], at: 0)
        tree.record("b", subtree: ["a", "b"], known: ["a", "b"], at: 0)
        let rows = tree.arrange([Self.group("a"), Self.group("b")], collapsed: [])
        #expect(Set(rows.rows.map(\.key)) == ["a", "b"] && rows.rows.count == 2)
    }

    /// By agent group: cc (no agent of its own signed in), r1 under it, t1 under r1.
    static func groups(_ key: ViewKey, at: Int64) -> Snapshot {
        let rows: [MetricsResponse.Group]
        if let probe = key.probeOf {
            rows = (subtrees[probe] ?? []).sorted().map { group($0) }
        } else if key.grouping == .agentGroup {
            rows = [group("t1", online: 5), group("cc", online: 0), group("r1", online: 2)]
        } else {
            rows = [group("s1")]
        }
        return Snapshot(query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, all: MetricValues([(.onlineAgents, .long(7))]),
            groups: rows, totalCount: rows.count, requestCount: 1)
    }

    @Test func byAgentGroupTheBoardProbesTheTreeThenShowsItFoldsItAndLeavesEmptyParentsUnjudged() throws {
        let thresholds = ThresholdSet(perMetric: [.onlineAgents: Threshold(direction: .below, warn: 3, crit: 1)])
        var state = DashboardState(account: "1", isDemo: false, view: ViewSettings(grouping: .agentGroup), thresholds: thresholds)
        state.poll(at: 1_000) { Self.groups($0, at: $1) }
        // Flat until every row is probed; two probes at a time, each the group with its sub-groups.
        #expect(state.rows(of: .availability).map(\.key) == ["t1", "r1", "cc"])
        let probes = state.inFlight.compactMap(\.key.probeOf)
        #expect(probes == ["cc", "r1"])
        let probe = PollFetcher.query(state.view.key.probe(of: "cc"), windowEnd: 1_000)
        #expect(probe.agentGroupIds == ["cc"] && probe.includeSubGroups && probe.groupBy == .agentGroupId && probe.sections == [.groupBy])
        #expect(layout(state, size: state.size).text.contains("GROUP (tree 0/3)"))
        // cc has no agent signed in: held, not judged, until its probe says whether it is a parent; r1
        // (online 2 < 3) is judged at once.
        #expect(!state.shown.breaches.open.contains { $0.key == "cc" } && state.shown.breaches.open.contains { $0.key == "r1" })
        state.answer { Self.groups($0, at: $1) }
        _ = reduce(&state, .tick(now: 2_000))
        state.answer { Self.groups($0, at: $1) }
        #expect(state.inFlight.isEmpty && state.groupTree.isComplete(for: ["cc", "r1", "t1"]) && state.groupsToProbe.isEmpty)
        #expect(state.rows(of: .availability).map(\.key) == ["cc", "r1", "t1"])
        let text = layout(state, size: state.size).text
        #expect(text.contains("│ ▾ CC ") && text.contains("│   ▾ R1 ") && text.contains("│       T1 "), "\(text)")
        // Without sub-groups a parent's numbers are its own agents': the title says so over the tree.
        #expect(text.contains("│ GROUP (own only) "), "\(text)")
        // cc has no agent of its own: with sub-groups off it is not judged (r1, online 2 < 3, is).
        #expect(!state.shown.breaches.open.contains { $0.key == "cc" } && state.shown.breaches.open.contains { $0.key == "r1" })
        // - folds the selected group; on a leaf, its parent (selected then); + unfolds.
        _ = reduce(&state, .key(.char("1")))
        _ = reduce(&state, .key(.end))
        #expect(state.selectedKey == "t1")
        _ = reduce(&state, .key(.char("-")))
        #expect(state.selectedKey == "r1" && state.rows(of: .availability).map(\.key) == ["cc", "r1"])
        #expect(layout(state, size: state.size).text.contains("│   ▸ R1 "))
        _ = reduce(&state, .key(.char("+")))
        #expect(state.rows(of: .availability).map(\.key) == ["cc", "r1", "t1"])
        // A filter lists matches flat.
        state.filter = "t"
        #expect(state.rows(of: .availability).map(\.key) == ["t1"])
    }

    @Test func aProbeThatKeepsFailingIsGivenUpTheOthersGoOnAndTheListStaysFlatSayingWhy() throws {
        var state = DashboardState(account: "1", isDemo: false, view: ViewSettings(grouping: .agentGroup))
        state.poll(at: 1_000) { Self.groups($0, at: $1) }
        var now: Int64 = 1_000
        for _ in 0..<8 {
            // cc's probe fails every time; the others are answered.
            for request in state.inFlight {
                let outcome: FetchResult.Outcome = request.key.probeOf == "cc"
                    ? .failure(message: "HTTP 403", retryAfterMillis: nil) : .success(Self.groups(request.key, at: request.windowEnd))
                _ = reduce(&state, .fetched(FetchResult(request: request, outcome: outcome, finishedAt: now)))
            }
            now += 5_000
            _ = reduce(&state, .tick(now: now))
        }
        #expect(state.groupTree.unreadable == ["cc"] && state.groupTree.isProbed("r1") && state.groupTree.isProbed("t1"))
        #expect(!state.polledKeys.contains { $0.probeOf != nil })
        #expect(state.rows(of: .availability).map(\.key) == ["t1", "r1", "cc"])
        #expect(layout(state, size: state.size).text.contains("GROUP (tree: 1 unreadable)"))
    }

    @Test func probesTakeOnlyTheBudgetThePollsSpareAndAreRepeatedOnceStale() {
        // Four requests a minute: the board's own three (rows, sibling, series) leave none for probes.
        var tight = DashboardState(account: "1", isDemo: false, requestsPerMinute: 4, view: ViewSettings(grouping: .agentGroup))
        tight.poll(at: 1_000) { Self.groups($0, at: $1) }
        #expect(tight.inFlight.allSatisfy { $0.key.probeOf == nil } && !tight.groupsToProbe.isEmpty)
        // With room, the tree is read; a quarter of an hour later its groups are due again.
        var state = DashboardState(account: "1", isDemo: false, view: ViewSettings(grouping: .agentGroup))
        state.poll(at: 1_000) { Self.groups($0, at: $1) }
        for _ in 0..<3 { state.answer { Self.groups($0, at: $1) } }
        #expect(state.groupsToProbe.isEmpty)
        _ = reduce(&state, .tick(now: 1_000 + GroupTree.staleAfterMillis))
        #expect(state.groupsToProbe == ["cc", "r1", "t1"] && state.shownTree != nil)
    }
}
