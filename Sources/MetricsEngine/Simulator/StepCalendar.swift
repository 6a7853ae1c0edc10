/// The simulator's pending steps in (time, sequence) order, as a calendar: the near future in a ring
/// of one-second buckets, the second being run in a small heap, and whatever lies beyond the ring's
/// hour in a heap of its own.
///
/// Nearly every step is scheduled seconds to minutes ahead (a reply, a close, the next arrival), and a
/// heap of all of them (17,000 to 89,000 at 5,000 agents) paid a walk down eight levels of cold memory
/// on every pop: a third of the simulator's time at `serve`'s start. Here a step is appended to its
/// bucket, and sorted only among the hundred or so of its own second, in cache. The buckets partition
/// time and the current one is a heap on the same total order, so the steps come out exactly as from
/// one heap.
struct StepCalendar: Sendable {
    static let span: Int64 = 1000
    static let bucketCount = 4096

    private var buckets: [[ScheduledStep]]
    /// Steps in `buckets`.
    private var bucketed = 0
    /// The steps of the second being run, `currentStart ..< currentStart + span` (and any scheduled
    /// before it, which cannot happen: the simulator never schedules before its clock).
    private var current = StepQueue()
    private var currentStart: Int64
    /// Steps at or past the ring's end when they were scheduled.
    private var far = StepQueue()

    init(start: Int64) {
        buckets = [[ScheduledStep]](repeating: [], count: Self.bucketCount)
        currentStart = Self.floor(start)
    }

    var count: Int { current.count + bucketed + far.count }

    mutating func insert(_ step: ScheduledStep) {
        if step.time < currentStart + Self.span {
            current.insert(step)
        } else if step.time < currentStart + Self.span * Int64(Self.bucketCount) {
            buckets[Self.bucket(step.time)].append(step)
            bucketed += 1
        } else {
            far.insert(step)
        }
    }

    /// Removes and returns the earliest step if its time is at most `limit`.
    mutating func popMin(notAfter limit: Int64) -> ScheduledStep? {
        while current.count == 0 {
            guard bucketed > 0 || far.count > 0 else { return nil }
            var next = currentStart + Self.span
            // Nothing in the ring: jump straight to the far heap's first second.
            if bucketed == 0, let first = far.min { next = Swift.max(next, Self.floor(first.time)) }
            guard next <= limit else { return nil }
            currentStart = next
            let index = Self.bucket(next)
            for step in buckets[index] { current.insert(step) }
            bucketed -= buckets[index].count
            // Freed, not kept: 4,096 buckets each holding the capacity of its busiest second would be
            // 40 MB at 5,000 agents for steps that are a few MB.
            buckets[index] = []
            while let first = far.min, first.time < currentStart + Self.span { current.insert(far.removeMin()) }
        }
        guard let first = current.min, first.time <= limit else { return nil }
        return current.removeMin()
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
