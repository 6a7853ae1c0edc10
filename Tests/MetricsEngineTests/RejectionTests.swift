import KeyMetrics
import MetricsEngine
import Testing

/// Events that contradict the state are refused with a reason, counted, and change nothing.
@Suite struct RejectionTests {
    /// h1, h2 (humans, online), b1 (bot) on S1 in G1.
    /// c1: open, h1 assigned, a wait answered, a survey (4); last event at NOW − 20 min.
    /// c2: closed by the agent at NOW − 25 min. q1: queued since NOW − 15 min.
    /// h1's last state change: NOW − 2 h.
    static func scenario() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 4)
        try e.agent("h2", group: "G1", skills: ["S1"], maxSlots: 4)
        try e.agent("b1", group: "G1", skills: ["S1"], type: .bot, maxSlots: 4)
        try e.state("h1", .online, at: NOW - 2 * HOUR)
        try e.state("h2", .online, at: NOW - 3 * HOUR)
        try e.wait("c1", skill: "S1", agent: "h1", start: NOW - 30 * MIN, length: MIN)
        try e.consumer("c1", at: NOW - 21 * MIN)
        try e.survey("c1", score: 4, at: NOW - 20 * MIN)
        try e.handled("c2", skill: "S1", agent: "h2", by: .agent, start: NOW - 40 * MIN, end: NOW - 25 * MIN)
        try e.open("q1", skill: "S1", at: NOW - 15 * MIN)
        return e
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var event: Event
        /// A piece of the reason the rejection must give.
        var reason: String
        var testDescription: String { name }
    }

    static let t = NOW - 10 * MIN

    static let cases: [Case] = [
        Case(name: "state of an unknown agent", event: Event(time: t, .agentState(agentId: "ghost", state: .online)),
             reason: "unknown agent 'ghost'"),
        Case(name: "assignment to an unknown agent",
             event: Event(time: t, .agentAssigned(conversationId: "q1", agentId: "ghost", weight: nil)),
             reason: "unknown agent 'ghost'"),
        Case(name: "message by an unknown agent", event: Event(time: t, .agentMessage(conversationId: "c1", agentId: "ghost")),
             reason: "unknown agent 'ghost'"),
        Case(name: "transfer to an unknown agent and a new skill",
             event: Event(time: t, .conversationTransferred(conversationId: "c1", skillId: "S9", agentId: "ghost")),
             reason: "unknown agent 'ghost'"),
        Case(name: "consumer message on a closed conversation", event: Event(time: t, .consumerMessage(conversationId: "c2")),
             reason: "'c2' is not open"),
        Case(name: "consumer message on a conversation never opened",
             event: Event(time: t, .consumerMessage(conversationId: "never")), reason: "'never' is not open"),
        Case(name: "close of a closed conversation", event: Event(time: t, .conversationClosed(conversationId: "c2", closedBy: .consumer)),
             reason: "'c2' is not open"),
        Case(name: "survey on a closed conversation", event: Event(time: t, .surveyAnswered(conversationId: "c2", score: 5)),
             reason: "'c2' is not open"),
        Case(name: "message by an agent who is not assigned",
             event: Event(time: t, .agentMessage(conversationId: "c1", agentId: "h2")),
             reason: "agent 'h2' is not assigned to conversation 'c1'"),
        Case(name: "message on a queued conversation", event: Event(time: t, .agentMessage(conversationId: "q1", agentId: "h1")),
             reason: "agent 'h1' is not assigned to conversation 'q1'"),
        Case(name: "assignment of an assigned conversation",
             event: Event(time: t, .agentAssigned(conversationId: "c1", agentId: "h2", weight: nil)),
             reason: "already assigned to agent 'h1'"),
        Case(name: "conversation event going back in time", event: Event(time: NOW - 22 * MIN, .consumerMessage(conversationId: "c1")),
             reason: "goes back in time"),
        Case(name: "close going back in time",
             event: Event(time: NOW - 16 * MIN, .conversationClosed(conversationId: "q1", closedBy: .system)),
             reason: "goes back in time"),
        Case(name: "agent state going back in time", event: Event(time: NOW - 3 * HOUR, .agentState(agentId: "h1", state: .away)),
             reason: "goes back in time"),
        Case(name: "weight 0", event: Event(time: t, .agentAssigned(conversationId: "q1", agentId: "h2", weight: 0)),
             reason: "weight 0.0 is invalid"),
        Case(name: "negative weight", event: Event(time: t, .agentAssigned(conversationId: "q1", agentId: "h2", weight: -1)),
             reason: "weight -1.0 is invalid"),
        Case(name: "weight NaN", event: Event(time: t, .agentAssigned(conversationId: "q1", agentId: "h2", weight: .nan)),
             reason: "is invalid"),
        Case(name: "weight infinity",
             event: Event(time: t, .agentAssigned(conversationId: "q1", agentId: "h2", weight: .infinity)), reason: "is invalid"),
        Case(name: "score 6", event: Event(time: t, .surveyAnswered(conversationId: "c1", score: 6)),
             reason: "score 6 is out of range"),
        Case(name: "score 0", event: Event(time: t, .surveyAnswered(conversationId: "c1", score: 0)),
             reason: "score 0 is out of range"),
        Case(name: "opening an open conversation", event: Event(time: t, .conversationOpened(conversationId: "c1", skillId: "S1")),
             reason: "'c1' is already open"),
        Case(name: "opening with an empty id", event: Event(time: t, .conversationOpened(conversationId: "", skillId: "S1")),
             reason: "conversationId is empty"),
        Case(name: "opening on an empty skill", event: Event(time: t, .conversationOpened(conversationId: "n", skillId: "")),
             reason: "skillId is empty"),
        Case(name: "transfer to nothing",
             event: Event(time: t, .conversationTransferred(conversationId: "c1", skillId: nil, agentId: nil)),
             reason: "needs a skillId, an agentId, or both"),
        Case(name: "transfer to an empty skill",
             event: Event(time: t, .conversationTransferred(conversationId: "c1", skillId: "", agentId: "h2")),
             reason: "skillId is empty"),
    ]

    @Test(arguments: cases)
    func rejectedEventChangesNothing(_ c: Case) throws {
        var e = try Self.scenario()
        let bySkill = try e.fullSnapshot(groupBy: .skillId)
        let byGroup = try e.fullSnapshot(groupBy: .agentGroupId)
        let accepted = e.acceptedEvents
        let rejected = e.rejectedEvents
        let openIds = Set(e.conversations.keys)
        let agents = e.agents
        let skills = e.world.skillIds

        let error = #expect(throws: EventRejection.self) { try e.ingest(c.event) }
        let reason = error?.reason ?? ""
        #expect(reason.contains(c.reason), "reason: \(reason)")
        #expect(e.rejectedEvents == rejected + 1)
        #expect(e.acceptedEvents == accepted)
        #expect(try e.fullSnapshot(groupBy: .skillId) == bySkill)
        #expect(try e.fullSnapshot(groupBy: .agentGroupId) == byGroup)
        #expect(Set(e.conversations.keys) == openIds)
        #expect(e.agents == agents)
        #expect(e.world.skillIds == skills)  // no skill interned by a refused event
    }

    @Test func theEngineGoesOnAfterManyRejections() throws {
        var e = try Self.scenario()
        let accepted = e.acceptedEvents
        for c in Self.cases {
            #expect(throws: EventRejection.self) { try e.ingest(c.event) }
        }
        #expect(e.rejectedEvents == Self.cases.count)
        #expect(e.acceptedEvents == accepted)

        // q1 still takes an assignment; the refused weights left no trace: weight 1 by default.
        try e.assign("q1", to: "h2", at: NOW - 9 * MIN)
        try e.consumer("q1", at: NOW - 8 * MIN)
        try e.reply("q1", by: "h2", at: NOW - 7 * MIN)
        // c1 is still h1's, with its survey answer of 4 only.
        try e.reply("c1", by: "h1", at: NOW - 6 * MIN)
        let r = try e.query(
            byTime: [.avgWaitTime, .csat, .closedConversations],
            current: [.agentLoad, .assignedConversations, .unassignedConversations])
        // h1: c1 (1); h2: q1 (1); logged-in slots h1 4 + h2 4 = 8 → 2 / 8
        #expect(r.all?[.agentLoad] == .double(0.25))
        #expect(r.all?[.assignedConversations] == .long(2))
        #expect(r.all?[.unassignedConversations] == .long(0))
        // Waits: c1 60 s (NOW−30m → NOW−29m), c1 15 min (NOW−21m → NOW−6m), q1 60 s.
        // (60 000 + 900 000 + 60 000) / 3 = 340 000
        #expect(r.all?[.avgWaitTime] == .double(340_000))
        #expect(r.all?[.csat] == .double(1))  // one answer, a 4
        #expect(r.all?[.closedConversations] == .long(1))  // c2
    }

    @Test func worldItemsAreCheckedToo() throws {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        #expect(throws: EventRejection.self) { try e.skill("S1") }
        #expect(throws: EventRejection.self) { try e.group("G2", parent: "nope") }
        #expect(throws: EventRejection.self) { try e.agent("a", group: "nope", skills: ["S1"]) }
        #expect(throws: EventRejection.self) { try e.agent("a", group: "G1", skills: ["nope"]) }
        #expect(throws: EventRejection.self) { try e.agent("a", group: "G1", skills: ["S1"], maxSlots: -1) }
        try e.agent("a", group: "G1", skills: ["S1"])
        #expect(throws: EventRejection.self) { try e.agent("a", group: "G1", skills: ["S1"]) }
        #expect(e.world.agents.count == 1)
        #expect(e.world.groups.count == 1)
        #expect(e.world.skillIds == ["S1"])
    }
}
