import KeyMetrics
import MetricsEngine
import Testing

/// `includeSubGroups` over a three-level tree, computed by hand.
@Suite struct SubGroupTests {
    static let metrics: [Metric] = [.avgWaitTime, .closedConversations]
    static let current: [Metric] = [.onlineAgents, .assignedConversations, .agentLoad]

    /// Tree: R ← M ← L (L is M's child, M is R's child); X is a separate root.
    /// Agents (human, 2 slots, all on S1): aR in R, aM in M, aL1 and aL2 in L (all online), aX in X (offline).
    ///
    /// Waits (each conversation stays open and assigned, weight 1):
    ///   R: 24 s (aR) · M: 10 s (aM) · L: 2 s, 2 s (aL1), 2 s (aL2)
    /// Closes: R 1 (aR) · M 1 (aM) · L 2 (aL1, aL2)
    static func scenario() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.group("R")
        try e.group("M", parent: "R")
        try e.group("L", parent: "M")
        try e.group("X")
        for (agent, group) in [("aR", "R"), ("aM", "M"), ("aL1", "L"), ("aL2", "L"), ("aX", "X")] {
            try e.agent(agent, group: group, skills: ["S1"], maxSlots: 2)
            if agent != "aX" { try e.state(agent, .online, at: NOW - 2 * HOUR) }
        }
        let t0 = NOW - 30 * MIN
        try e.wait("r1", skill: "S1", agent: "aR", start: t0, length: 24 * SEC)
        try e.wait("m1", skill: "S1", agent: "aM", start: t0, length: 10 * SEC)
        try e.wait("l1", skill: "S1", agent: "aL1", start: t0, length: 2 * SEC)
        try e.wait("l2", skill: "S1", agent: "aL1", start: t0, length: 2 * SEC)
        try e.wait("l3", skill: "S1", agent: "aL2", start: t0, length: 2 * SEC)
        try e.handled("cr", skill: "S1", agent: "aR", by: .agent, start: t0, end: t0 + 5 * MIN)
        try e.handled("cm", skill: "S1", agent: "aM", by: .consumer, start: t0, end: t0 + 5 * MIN)
        try e.handled("cl1", skill: "S1", agent: "aL1", by: .agent, start: t0, end: t0 + 5 * MIN)
        try e.handled("cl2", skill: "S1", agent: "aL2", by: .system, start: t0, end: t0 + 5 * MIN)
        return e
    }

    @Test func withoutSubGroupsEachGroupIsItself() throws {
        let r = try Self.scenario().query(byTime: Self.metrics, current: Self.current, groupBy: .agentGroupId)
        #expect(r.keys == ["L", "M", "R", "X"])
        #expect(r.value("R", .avgWaitTime) == .double(24_000))
        #expect(r.value("R", .closedConversations) == .long(1))
        #expect(r.value("R", .onlineAgents) == .long(1))
        #expect(r.value("R", .assignedConversations) == .long(1))
        #expect(r.value("R", .agentLoad) == .double(0.5))  // 1 / 2
        #expect(r.value("M", .avgWaitTime) == .double(10_000))
        #expect(r.value("M", .closedConversations) == .long(1))
        #expect(r.value("M", .agentLoad) == .double(0.5))  // 1 / 2
        #expect(r.value("L", .avgWaitTime) == .double(2_000))
        #expect(r.value("L", .closedConversations) == .long(2))
        #expect(r.value("L", .onlineAgents) == .long(2))
        #expect(r.value("L", .assignedConversations) == .long(3))
        #expect(r.value("L", .agentLoad) == .double(0.75))  // 3 / 4
        // X has an (offline) agent and nothing else.
        #expect(r.value("X", .avgWaitTime) == nil)
        #expect(r.value("X", .closedConversations) == .long(0))
        #expect(r.value("X", .onlineAgents) == .long(0))
        #expect(r.value("X", .agentLoad) == nil)
        // all: (24 + 10 + 2 + 2 + 2) / 5 = 8 s
        #expect(r.all?[.avgWaitTime] == .double(8_000))
        #expect(r.all?[.closedConversations] == .long(4))
        #expect(r.all?[.onlineAgents] == .long(4))
        #expect(r.all?[.assignedConversations] == .long(5))
    }

    @Test func withSubGroupsAveragesAreRecomputedFromSubtreeSums() throws {
        let r = try Self.scenario().query(
            byTime: Self.metrics, current: Self.current, groupBy: .agentGroupId, includeSubGroups: true)
        #expect(r.keys == ["L", "M", "R", "X"])
        // R covers R, M, L: (24 + 10 + 2 + 2 + 2) / 5 = 8 s (the average of averages would be 12 s)
        #expect(r.value("R", .avgWaitTime) == .double(8_000))
        #expect(r.value("R", .closedConversations) == .long(4))
        #expect(r.value("R", .onlineAgents) == .long(4))
        #expect(r.value("R", .assignedConversations) == .long(5))
        #expect(r.value("R", .agentLoad) == .double(0.625))  // 5 / 8
        // M covers M, L: (10 + 6) / 4 = 4 s (the average of averages would be 6 s)
        #expect(r.value("M", .avgWaitTime) == .double(4_000))
        #expect(r.value("M", .closedConversations) == .long(3))
        #expect(r.value("M", .onlineAgents) == .long(3))
        #expect(r.value("M", .assignedConversations) == .long(4))
        #expect(r.value("M", .agentLoad) == .double(0.6667))  // 4 / 6, not (0.5 + 0.75) / 2
        // L is a leaf: unchanged
        #expect(r.value("L", .avgWaitTime) == .double(2_000))
        #expect(r.value("L", .closedConversations) == .long(2))
        #expect(r.value("L", .agentLoad) == .double(0.75))
        #expect(r.value("X", .closedConversations) == .long(0))
        // all counts every agent and fact once, whatever the roll-up.
        #expect(r.all?[.avgWaitTime] == .double(8_000))
        #expect(r.all?[.closedConversations] == .long(4))
        #expect(r.all?[.onlineAgents] == .long(4))
        #expect(r.all?[.assignedConversations] == .long(5))
    }

    @Test func groupFilterWithSubGroupsAdmitsDescendantsButNotAncestors() throws {
        let r = try Self.scenario().query(
            byTime: Self.metrics, current: Self.current, groupBy: .agentGroupId, agentGroupIds: ["M"],
            includeSubGroups: true)
        // M and its descendant L; R (an ancestor outside the filter) and X do not appear.
        #expect(r.keys == ["L", "M"])
        #expect(r.value("M", .avgWaitTime) == .double(4_000))
        #expect(r.value("M", .closedConversations) == .long(3))
        #expect(r.value("M", .onlineAgents) == .long(3))
        #expect(r.value("L", .avgWaitTime) == .double(2_000))
        #expect(r.value("L", .closedConversations) == .long(2))
        // all = M's subtree: waits 10, 2, 2, 2 → 4 s; closes 3; agents aM, aL1, aL2
        #expect(r.all?[.avgWaitTime] == .double(4_000))
        #expect(r.all?[.closedConversations] == .long(3))
        #expect(r.all?[.onlineAgents] == .long(3))
        #expect(r.all?[.assignedConversations] == .long(4))
    }

    @Test func groupFilterWithoutSubGroupsIsOnlyTheListedGroup() throws {
        let r = try Self.scenario().query(
            byTime: Self.metrics, current: Self.current, groupBy: .agentGroupId, agentGroupIds: ["M"])
        #expect(r.keys == ["M"])
        #expect(r.value("M", .avgWaitTime) == .double(10_000))
        #expect(r.value("M", .closedConversations) == .long(1))
        #expect(r.all?[.avgWaitTime] == .double(10_000))
        #expect(r.all?[.closedConversations] == .long(1))
        #expect(r.all?[.onlineAgents] == .long(1))
        #expect(r.all?[.assignedConversations] == .long(1))
    }

    @Test func groupFilterOnALeafWithSubGroups() throws {
        let r = try Self.scenario().query(
            byTime: Self.metrics, current: Self.current, groupBy: .agentGroupId, agentGroupIds: ["L", "X"],
            includeSubGroups: true)
        #expect(r.keys == ["L", "X"])
        #expect(r.value("L", .avgWaitTime) == .double(2_000))
        #expect(r.all?[.closedConversations] == .long(2))
        #expect(r.all?[.onlineAgents] == .long(2))
    }
}
