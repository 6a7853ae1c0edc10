/// The simulator's pending steps in (time, sequence) order, as a calendar: the near future in a ring
/// of one-second buckets, the second being run in a small heap, and whatever lies beyond the ring's
/// hour in a heap of its own.
///
/// Nearly every step is scheduled seconds to minutes ahead (a reply, a close, the next arrival), and a
/// heap of all of them (17,000 to 89,000 at 5,000 agents) paid a walk down eight levels of cold memory
/// on every pop: a third of the simulator's time at `serve`'s start. Here a step is appended to its
/// bucket, and a second's bucket is sorted once, in cache, when the clock reaches it, then read in
/// order; a heap of that second's own steps (a per-second heap was still a sixth of the simulator)
/// holds only those scheduled into it while it runs (a bot's reply within the second, a route at
/// once), and each pop takes the smaller of the two heads. The buckets partition time and both parts
/// of the current second follow the same total order, so the steps come out exactly as from one heap.
struct StepCalendar: Sendable {
    static let span: Int64 = 1000
    static let bucketCount = 4096

    private var buckets: [[ScheduledStep]]
    /// Steps in `buckets`.
    private var bucketed = 0
    /// The second being run, `currentStart ..< currentStart + span`, as it was when the clock reached
    /// it: sorted, read from `next` on.
    private var sorted: [ScheduledStep] = []
    private var next = 0
    /// Steps scheduled into the second being run after it was sorted (never before it: the simulator
    /// never schedules before its clock).
    private var late = StepQueue()
    private var currentStart: Int64
    /// Steps at or past the ring's end when they were scheduled.
    private var far = StepQueue()

    init(start: Int64) {
        buckets = [[ScheduledStep]](repeating: [], count: Self.bucketCount)
        currentStart = Self.floor(start)
    }

    var count: Int { sorted.count - next + late.count + bucketed + far.count }

    mutating func insert(_ step: ScheduledStep) {
        if step.time < currentStart + Self.span {
            late.insert(step)
        } else if step.time < currentStart + Self.span * Int64(Self.bucketCount) {
            buckets[Self.bucket(step.time)].append(step)
            bucketed += 1
        } else {
            far.insert(step)
        }
    }

    /// Removes and returns the earliest step if its time is at most `limit`.
    mutating func popMin(notAfter limit: Int64) -> ScheduledStep? {
        while next == sorted.count && late.count == 0 {
            guard bucketed > 0 || far.count > 0 else { return nil }
            var second = currentStart + Self.span
            // Nothing in the ring: jump straight to the far heap's first second.
            if bucketed == 0, let first = far.min { second = Swift.max(second, Self.floor(first.time)) }
            guard second <= limit else { return nil }
            currentStart = second
            let index = Self.bucket(second)
            sorted.removeAll(keepingCapacity: true)
            sorted.append(contentsOf: buckets[index])
            bucketed -= buckets[index].count
            // Freed, not kept: 4,096 buckets each holding the capacity of its busiest second would be
            // 40 MB at 5,000 agents for steps that are a few MB.
            buckets[index] = []
            while let first = far.min, first.time < currentStart + Self.span { sorted.append(far.removeMin()) }
            sorted.sort()
            next = 0
        }
        if next < sorted.count, late.min.map({ sorted[next] < $0 }) ?? true {
            guard sorted[next].time <= limit else { return nil }
            next += 1
            return sorted[next - 1]
        }
        guard let first = late.min, first.time <= limit else { return nil }
        return late.removeMin()
    }

    private static func floor(_ time: Int64) -> Int64 {
        let (quotient, remainder) = time.quotientAndRemainder(dividingBy: span)
        return (remainder < 0 ? quotient - 1 : quotient) * span
    }

    private static func bucket(_ time: Int64) -> Int {
        let second = floor(time) / span
        let index = second % Int64(bucketCount)
        return Int(index < 0 ? index + Int64(bucketCount) : index)
    }
}
