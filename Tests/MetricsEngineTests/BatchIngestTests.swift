import KeyMetrics
import Testing
@testable import MetricsEngine

/// `ingest(contentsOf:)` defers the by-time facts of a batch and adds them key by key; it must leave
/// the engine exactly as ingesting the same events one by one does, refusals included.
@Suite struct BatchIngestTests {
    @Test func batchesOfAnySizeEqualOneByOne() async throws {
        let day = try await SimulatorEngineTests.filledDay()
        // Two engines filled from a day's events: seconds of work in a debug build, kept off the pool.
        let (oneByOne, batched, refusedOneByOne, refusedBatched, bad) = try await offPool { try Self.fill(day) }
        #expect(refusedOneByOne.count == bad)
        #expect(refusedBatched == refusedOneByOne)
        #expect(batched.acceptedEvents == oneByOne.acceptedEvents)
        #expect(batched.rejectedEvents == oneByOne.rejectedEvents)
        #expect(batched.facts.keys == oneByOne.facts.keys)
        #expect(batched.facts.entryCount == oneByOne.facts.entryCount)
        var differentSeries = 0
        for index in oneByOne.facts.keys.indices where minutes(batched.facts.series[index]) != minutes(oneByOne.facts.series[index]) {
            differentSeries += 1
        }
        #expect(differentSeries == 0)
        #expect(instants(batched.facts) == instants(oneByOne.facts))
        #expect(batched.agents == oneByOne.agents)
        #expect(Set(batched.conversations.keys) == Set(oneByOne.conversations.keys))
        #expect(oneByOne.conversations.keys.allSatisfy { batched.conversations[$0] == oneByOne.conversations[$0] })
        #expect(oneByOne.conversations.count > 0)
    }

    /// The day's events with bad ones mixed in, into one engine one by one and into another in batches
    /// of uneven sizes: both engines, where each refused, and how many bad events there were.
    static func fill(_ day: SimulatorEngineTests.Day) throws -> (Engine, Engine, [Int], [Int], Int) {
        // Bad events mixed in (a closed conversation's event, an unknown agent), so refusals land
        // inside batches: they must be refused at the same places and change nothing.
        var events: [Event] = []
        var bad: Set<Int> = []
        for (index, event) in day.events.enumerated() {
            events.append(event)
            if index % 997 == 0 {
                bad.insert(events.count)
                events.append(Event(time: event.time, .agentMessage(conversationId: "never-opened-\(index)", agentId: "nobody")))
            }
        }
        var oneByOne = Engine()
        var batched = Engine()
        for item in day.simulator.world {
            try oneByOne.add(item)
            try batched.add(item)
        }
        var refusedOneByOne: [Int] = []
        for (index, event) in events.enumerated() {
            do throws(EventRejection) { try oneByOne.ingest(event) } catch { refusedOneByOne.append(index) }
        }
        var refusedBatched: [Int] = []
        var begin = 0
        let sizes = [1, 7, 500, 10_000, 3, 64_000]
        var turn = 0
        while begin < events.count {
            let end = min(events.count, begin + sizes[turn % sizes.count])
            refusedBatched += batched.ingest(contentsOf: events[begin..<end]).map { begin + $0.index }
            begin = end
            turn += 1
        }

        return (oneByOne, batched, refusedOneByOne, refusedBatched, bad.count)
    }

    func minutes(_ series: CumulativeSeries) -> [Int32: ByTimeTotals] {
        var minutes: [Int32: ByTimeTotals] = [:]
        series.forEachMinute { minutes[$0] = $1 }
        return minutes
    }

    func instants(_ facts: FactStore) -> [String] {
        var lines: [String] = []
        facts.forEachInstant { minute, fact in lines.append("\(minute) \(fact.key) \(fact.totals)") }
        return lines
    }
}
