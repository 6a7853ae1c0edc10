import Foundation
import KeyMetrics
import MetricsEngine
import Testing

@Suite struct JSONLinesTests {
    @Test func badLinesAreReportedWithNumberAndReasonAndGoodLinesKept() {
        let text = """
            # a comment
            {"type":"agentState","time":1,"agentId":"a1","state":"ONLINE"}

            {"type":"consumerMessage","time":"soon","conversationId":"x"}
            not json
            {"type":"agentState","time":5,"agentId":"a1","state":"BUSY"}
            {"type":"teleport","time":5}
            {"type":"conversationClosed","time":9,"conversationId":"c"}
            {"type":"conversationClosed","time":9,"conversationId":"c","closedBy":"AGENT"}
            """
        let results = JSONLines.decode(Event.self, from: text)
        let lines = results.map(\.line)
        #expect(lines == [2, 4, 5, 6, 7, 8, 9])
        func reason(_ line: Int) -> String? {
            guard case .failure(let error) = results.first(where: { $0.line == line })?.result else { return nil }
            return error.reason
        }
        #expect(reason(4) == "field 'time' has an invalid value: time must be a whole number of epoch milliseconds")
        #expect(reason(5) == "not valid JSON")
        #expect(reason(6) == "field 'state': unknown value 'BUSY'; valid values: ONLINE, BACK_SOON, AWAY, OFFLINE")
        #expect(reason(7)?.hasPrefix("unknown event type 'teleport'; valid types: agentState,") == true)
        #expect(reason(8) == "missing field 'closedBy'")
        let good = results.compactMap { try? $0.result.get() }
        #expect(good == [
            Event(time: 1, .agentState(agentId: "a1", state: .online)),
            Event(time: 9, .conversationClosed(conversationId: "c", closedBy: .agent)),
        ])
    }

    @Test func everyRecordKindRoundTrips() throws {
        let events: [Event] = [
            Event(time: 1, .agentState(agentId: "a", state: .backSoon)),
            Event(time: 2, .conversationOpened(conversationId: "c", skillId: "s")),
            Event(time: 3, .consumerMessage(conversationId: "c")),
            Event(time: 4, .agentAssigned(conversationId: "c", agentId: "a", weight: 0.5)),
            Event(time: 4, .agentAssigned(conversationId: "c", agentId: "a", weight: nil)),
            Event(time: 5, .conversationTransferred(conversationId: "c", skillId: "t", agentId: nil)),
            Event(time: 6, .conversationTransferred(conversationId: "c", skillId: nil, agentId: "b")),
            Event(time: 7, .agentMessage(conversationId: "c", agentId: "b")),
            Event(time: 8, .surveyAnswered(conversationId: "c", score: 5)),
            Event(time: 9, .conversationClosed(conversationId: "c", closedBy: .system)),
        ]
        let world: [WorldItem] = [
            .skill(Skill(id: "s", name: "カスタマーサポート")),
            .agentGroup(AgentGroup(id: "g", name: "Root")),
            .agentGroup(AgentGroup(id: "h", name: "Team", parentId: "g")),
            .agent(Agent(id: "a", name: "Ann", userType: .bot, groupId: "h", skillIds: ["s"], maxSlots: 30)),
        ]
        let encoder = JSONEncoder()
        let eventText = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
        let worldText = try world.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
        #expect(JSONLines.decode(Event.self, from: eventText).compactMap { try? $0.result.get() } == events)
        #expect(JSONLines.decode(WorldItem.self, from: worldText).compactMap { try? $0.result.get() } == world)
    }
}
