import Dispatch
import Foundation
import KeyMetrics
import MetricsEngine
import Testing

/// The engine's lock: queries read at the same time; ingest waits for them and they for it.
@Suite struct SharedEngineTests {
    /// A reader inside the lock waits for a second reader to get in too. Under an exclusive lock the
    /// second could never enter, and the first would give up after 10 s.
    @Test func readersDoNotWaitForReaders() async throws {
        let shared = SharedEngine(accountId: "1", clock: { NOW })
        let secondIsIn = DispatchSemaphore(value: 0)
        let firstIsIn = DispatchSemaphore(value: 0)
        let sawSecond = try await offPool {
            let second = Thread {
                firstIsIn.wait()
                _ = shared.read { _ in secondIsIn.signal() }
            }
            second.start()
            return shared.read { _ in
                firstIsIn.signal()
                return secondIsIn.wait(timeout: .now() + 10) == .success
            }
        }
        #expect(sawSecond)
    }

    /// Ingest is exclusive: a query started during it sees all of the batch or none of it.
    @Test func aQuerySeesAWholeBatchOrNone() async throws {
        let shared = SharedEngine(accountId: "1", clock: { NOW })
        shared.add([.skill(Skill(id: "S1", name: "S1"))])
        let batch = (0..<2_000).flatMap { n -> [Event] in
            let t = NOW - HOUR + Int64(n)
            return [
                Event(time: t, .conversationOpened(conversationId: "c\(n)", skillId: "S1")),
                Event(time: t, .conversationClosed(conversationId: "c\(n)", closedBy: .system)),
            ]
        }
        let query = MetricsQuery(time: RequestedTime(from: NOW - 2 * HOUR, to: NOW), byTime: [.closedConversations], sections: [.all])
        // Both sides block on the lock: on threads of their own, not the cooperative pool.
        async let wrote: Void = offPool { _ = shared.ingest(batch) }
        var seen = try await offPool {
            var seen: Set<MetricValue?> = []
            for _ in 0..<200 { seen.insert(try shared.evaluate(query).all?[.closedConversations]) }
            return seen
        }
        try await wrote
        seen.insert(try shared.evaluate(query).all?[.closedConversations])
        #expect(seen.isSubset(of: [.long(0), .long(2_000)]), "\(seen)")
        #expect(seen.contains(.long(2_000)))
    }
}
