import Foundation
import KeyMetrics
import MetricsEngine
import Testing
@testable import MetricsServer

/// The streamed, two-thread fill of the simulated day answers exactly as the whole day ingested at once,
/// and hands back the simulator where it stopped.
@Suite struct HistoryFillTests {
    static let now: Int64 = 1_764_000_000_000

    static func engine() -> SharedEngine {
        SharedEngine(accountId: "1", clock: { now })
    }

    @Test func aStreamedFillAnswersAsTheWholeDayAtOnce() async throws {
        let config = SimulatorConfig(seed: 3, skills: 8, groups: 5, agents: 60)
        let start = Self.now - 86_400_000

        let streamed = Self.engine()
        let simulator = Simulator(config: config, start: start)
        streamed.add(simulator.world)
        // The fill waits on a condition variable: off the cooperative pool, where it would hold a thread
        // every other suite needs.
        let fill = try await offPool { HistoryFill.run(simulator, from: start, to: Self.now, into: streamed) }

        let whole = Self.engine()
        var reference = Simulator(config: config, start: start)
        whole.add(reference.world)
        let day = reference.advance(to: Self.now)
        let refused = whole.ingest(day)

        #expect(fill.events == day.count && fill.events > 10_000)
        #expect(fill.refused == 0 && refused.isEmpty)
        for groupBy in GroupBy.allCases {
            let query = MetricsQuery(
                time: RequestedTime(from: start + 60_000, to: Self.now), byTime: Metric.all(.byTime),
                currentValue: Metric.all(.currentValue), groupBy: groupBy)
            #expect(try streamed.evaluate(query) == whole.evaluate(query), "\(groupBy)")
        }
        // The simulator carries on from where the fill stopped, as the one that ran the whole day does.
        var carried = fill.simulator
        #expect(carried.advance(to: Self.now + 600_000) == reference.advance(to: Self.now + 600_000))
    }
}
