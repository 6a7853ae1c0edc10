@testable import MetricsEngine
import Testing

/// The simulator's step queue pops in (time, sequence) order whatever the interleaving of inserts and
/// removals: checked against a sorted list through random runs with many equal times.
@Suite struct StepQueueTests {
    @Test(arguments: [1, 2, 3, 4])
    func popsInTimeThenSequenceOrder(seed: UInt64) {
        var random = TestRandom(seed: seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        var queue = StepQueue()
        var reference: [ScheduledStep] = []
        var sequence: UInt64 = 0
        var clock: Int64 = 0
        // Small enough to cost the suite nothing: synchronous tests share the cooperative pool with the
        // network tests' timers.
        for _ in 0..<3_000 {
            if next(3) > 0 || reference.isEmpty {
                sequence += 1
                let step = ScheduledStep(time: clock + Int64(next(50)), sequence: sequence, step: .planDay(day: Int32(sequence % 1000)))
                queue.insert(step)
                reference.append(step)
            } else {
                let at = reference.indices.min { reference[$0] < reference[$1] } ?? 0
                reference.swapAt(at, reference.count - 1)
                let expected = reference.removeLast()
                #expect(queue.min?.sequence == expected.sequence)
                let popped = queue.removeMin()
                #expect(popped.time == expected.time && popped.sequence == expected.sequence)
                clock = popped.time
            }
            #expect(queue.count == reference.count)
        }
        reference.sort()
        for expected in reference { #expect(queue.removeMin().sequence == expected.sequence) }
        #expect(queue.min == nil)
    }
}
