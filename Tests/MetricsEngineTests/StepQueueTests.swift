@testable import MetricsEngine
import Testing

/// The simulator's step queue pops in (time, sequence) order whatever the interleaving of inserts and
/// removals: checked against a sorted list through random runs with many equal times.
@Suite struct StepQueueTests {
    @Test(arguments: [1, 2, 3, 4])
    func popsInTimeThenSequenceOrder(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        var queue = StepQueue()
        var reference: [ScheduledStep] = []
        var sequence: UInt64 = 0
        var clock: Int64 = 0
        for _ in 0..<20_000 {
            if next(3) > 0 || reference.isEmpty {
                sequence += 1
                let step = ScheduledStep(time: clock + Int64(next(50)), sequence: sequence, step: .planDay(day: Int32(sequence % 1000)))
                queue.insert(step)
                reference.append(step)
            } else {
                reference.sort()
                let expected = reference.removeFirst()
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
