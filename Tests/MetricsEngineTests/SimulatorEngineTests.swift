import KeyMetrics
import Testing
@testable import MetricsEngine

/// 24 simulated hours through the real engine: every event accepted, and the metrics a supervisor
/// would look at come out non-trivial.
@Suite struct SimulatorEngineTests {
    static let hour: Int64 = 3_600_000
    /// 2026-01-02T15:00:00Z: the last hour is a busy afternoon hour.
    static let end: Int64 = 1_767_366_000_000
    static let start = end - 24 * hour

    /// One default-size day, filled once for all tests here.
    struct Day: Sendable {
        var simulator: Simulator
        var engine: Engine
        var events: [Event]
        var rejections: [String]
        var seconds: Double
    }

    static let day: Day = {
        var simulator = Simulator(config: SimulatorConfig(), start: start)
        var engine = Engine()
        for item in simulator.world { try? engine.add(item) }
        let clock = ContinuousClock()
        var events: [Event] = []
        let elapsed = clock.measure { events = simulator.advance(to: end) }
        var rejections: [String] = []
        for event in events {
            do throws(EventRejection) { try engine.ingest(event) } catch {
                if rejections.count < 20 { rejections.append("\(event): \(error)") }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Day(simulator: simulator, engine: engine, events: events, rejections: rejections, seconds: seconds)
    }()

    /// ``day``, filled on a thread of its own: the first test to touch it would otherwise hold a thread of
    /// the suites' two-thread cooperative pool for the seconds the fill takes in a debug build (and the
    /// next one to touch it, a second thread, waiting for the first).
    static func filledDay() async throws -> Day {
        try await offPool { day }
    }

    static func evaluate(
        from: Int64, to: Int64, byTime: [Metric] = [], current: [Metric] = [], skills: Set<String>? = nil
    ) throws -> QueryResult {
        let query = MetricsQuery(
            time: RequestedTime(from: from, to: to), skillIds: skills, byTime: byTime, currentValue: current,
            groupBy: .skillId)
        return try day.engine.evaluate(query, now: end)
    }

    @Test func everyEventIsAccepted() async throws {
        let day = try await Self.filledDay()
        #expect(day.rejections.isEmpty, "\(day.rejections)")
        #expect(day.engine.rejectedEvents == 0)
        #expect(day.engine.acceptedEvents == day.events.count)
        #expect(day.engine.acceptedEvents > 50_000)
        #expect(zip(day.events, day.events.dropFirst()).allSatisfy { $0.time <= $1.time })
    }

    @Test func realisticVolume() async throws {
        let day = try await Self.filledDay()
        let opened = day.events.filter { if case .conversationOpened = $0.kind { true } else { false } }.count
        #expect((3_000...10_000).contains(opened), "opened \(opened)")
        // The fill time is a figure, not a target (timing belongs to benchmarks): printed for the record.
        print("simulator: 24h default = \(day.events.count) events, \(opened) conversations, \(day.seconds) s")
    }

    @Test func lastHourBySkill() async throws {
        _ = try await Self.filledDay()
        let result = try Self.evaluate(
            from: Self.end - Self.hour, to: Self.end, byTime: [.closedConversations, .avgWaitTime, .avgTimeToResponse],
            current: [.onlineAgents, .assignedConversations, .agentLoad, .availableSlots])
        let groups = try #require(result.groups)
        let all = try #require(result.all)
        #expect(groups.count == 12)
        #expect(groups.filter { ($0.metrics[.onlineAgents]?.doubleValue ?? 0) > 0 }.count >= 10)
        #expect((all[.onlineAgents]?.doubleValue ?? 0) >= 40)
        #expect((all[.closedConversations]?.doubleValue ?? 0) >= 100)
        #expect((all[.assignedConversations]?.doubleValue ?? 0) >= 20)
        let load = try #require(all[.agentLoad]?.doubleValue)
        #expect(load > 0.05 && load < 1)
        #expect((all[.availableSlots]?.doubleValue ?? 0) > 0)
        let wait = try #require(all[.avgWaitTime]?.doubleValue)
        #expect(wait > 5_000 && wait < 30 * 60_000, "avg wait \(wait) ms")
        let response = try #require(all[.avgTimeToResponse]?.doubleValue)
        #expect(response > 1_000 && response <= wait)
        #expect(groups.filter { $0.metrics[.avgWaitTime] != nil }.count >= 8)
    }

    @Test func allCloseKindsAndSurveysOverTheDay() async throws {
        _ = try await Self.filledDay()
        let result = try Self.evaluate(
            from: Self.start, to: Self.end,
            byTime: [.closedConversations, .closedByAgent, .closedByConsumer, .autoClosed, .csat, .avgWaitTimeFirstResponse])
        let all = try #require(result.all)
        let agent = all[.closedByAgent]?.doubleValue ?? 0
        let consumer = all[.closedByConsumer]?.doubleValue ?? 0
        let system = all[.autoClosed]?.doubleValue ?? 0
        #expect(agent > 500 && consumer > 500 && system > 200, "agent \(agent) consumer \(consumer) system \(system)")
        #expect(all[.closedConversations]?.doubleValue == agent + consumer + system)
        let csat = try #require(all[.csat]?.doubleValue)
        #expect(csat > 0.5 && csat < 0.95)
        #expect(all[.avgWaitTimeFirstResponse] != nil)
        // Transfers of both kinds and bots happen.
        let events = Self.day.events
        #expect(events.contains { if case .conversationTransferred(_, _?, nil) = $0.kind { true } else { false } })
        #expect(events.contains { if case .conversationTransferred(_, nil, _?) = $0.kind { true } else { false } })
        #expect(events.contains { if case .agentAssigned(_, _, 0.5) = $0.kind { true } else { false } })
        let states = Set(events.compactMap { if case .agentState(_, let state) = $0.kind { state } else { nil } })
        #expect(states == Set(AgentState.allCases))
    }

    /// The hour after a surge starts shows a clearly longer wait on its skill than that skill's day.
    @Test func surgeRaisesWaitOnItsSkill() async throws {
        let day = try await Self.filledDay()
        let surges = day.simulator.surges.filter { $0.start >= Self.start && $0.start + Self.hour <= Self.end }
        #expect(surges.count >= 2)
        var ratios: [Double] = []
        for surge in surges {
            let id = day.simulator.model.skills[Int(surge.skill)].id
            let during = try Self.evaluate(from: surge.start, to: surge.start + Self.hour, byTime: [.avgWaitTime], skills: [id])
            let whole = try Self.evaluate(from: Self.start, to: Self.end, byTime: [.avgWaitTime], skills: [id])
            guard let hot = during.all?[.avgWaitTime]?.doubleValue, let base = whole.all?[.avgWaitTime]?.doubleValue else {
                continue
            }
            ratios.append(hot / base)
        }
        print("simulator: surge wait ratios \(ratios)")
        #expect((ratios.max() ?? 0) > 1.5, "ratios \(ratios)")
    }
}
