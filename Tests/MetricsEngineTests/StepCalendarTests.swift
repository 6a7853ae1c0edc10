@testable import MetricsEngine
import Testing

/// The calendar pops in (time, sequence) order whatever the interleaving, with steps within the
/// second, within the ring's hour and far past it, and stops at the limit it is given: checked against
/// a sorted list through random runs.
@Suite struct StepCalendarTests {
    @Test(arguments: [1, 2, 3, 4])
    func popsInTimeThenSequenceOrderUpToTheLimit(seed: UInt64) {
        var random = TestRandom(seed: seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        let start: Int64 = 1_764_000_000_123
        var calendar = StepCalendar(start: start)
        var reference: [ScheduledStep] = []
        var sequence: UInt64 = 0
        var clock = start
        for _ in 0..<4_000 {
            if next(3) > 0 || reference.isEmpty {
                sequence += 1
                let ahead: Int64
                switch next(10) {
                case 0..<5: ahead = Int64(next(3_000))  // this second or the next few
                case 5..<8: ahead = Int64(next(2 * 3_600_000))  // within the ring, or just past it
                case 8: ahead = 0  // a tie with the clock
                default: ahead = Int64(next(3 * 86_400_000))  // far past the ring
                }
                let step = ScheduledStep(time: clock + ahead, sequence: sequence, step: .planDay(day: Int32(sequence % 1000)))
                calendar.insert(step)
                // Kept sorted, latest first, by insertion: cheap enough for a synchronous test.
                let at = reference.firstIndex { $0 < step } ?? reference.endIndex
                reference.insert(step, at: at)
            } else {
                // A limit before the next step pops nothing; at its time, that step.
                let expected = reference.removeLast()
                if expected.time > clock { #expect(calendar.popMin(notAfter: expected.time - 1) == nil) }
                let popped = calendar.popMin(notAfter: expected.time + Int64(next(2)))
                #expect(popped?.time == expected.time && popped?.sequence == expected.sequence)
                clock = expected.time
            }
            #expect(calendar.count == reference.count)
        }
        for expected in reference.reversed() { #expect(calendar.popMin(notAfter: .max)?.sequence == expected.sequence) }
        #expect(calendar.popMin(notAfter: .max) == nil)
    }
}
