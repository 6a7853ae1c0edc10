/// When the next poll is due: pure, so the poller's timing is tested without waiting.
///
/// - Polls never overlap: a poll is started only when none is in flight.
/// - `Ctrl-R` (or a changed query) polls at once, or right after the poll in flight.
/// - After a failure it retries sooner than the interval at first (1 s, 2 s, 4 s…) but never later
///   than one interval, so the board recovers within one interval of the server coming back; a
///   server's `Retry-After` is honoured when it asks for longer.
public struct PollSchedule: Sendable, Equatable {
    public let intervalMillis: Int64
    public private(set) var nextDue: Int64
    public private(set) var inFlight = false
    public private(set) var failures = 0
    public private(set) var pollAgain = false

    public init(intervalMillis: Int64, startAt now: Int64) {
        self.intervalMillis = max(1_000, intervalMillis)
        nextDue = now
    }

    /// Poll as soon as possible.
    public mutating func requestNow(at now: Int64) {
        if inFlight { pollAgain = true } else { nextDue = now }
    }

    /// Whether to start a poll at `now`; if so it is marked in flight.
    public mutating func shouldStart(at now: Int64) -> Bool {
        guard !inFlight, now >= nextDue else { return false }
        inFlight = true
        pollAgain = false
        return true
    }

    /// Records the outcome of the poll in flight and returns when the next one is due.
    @discardableResult
    public mutating func finished(success: Bool, at now: Int64, retryAfterMillis: Int64? = nil) -> Int64 {
        inFlight = false
        if success {
            failures = 0
            nextDue = now + intervalMillis
        } else {
            failures += 1
            let backoff = min(intervalMillis, 1_000 << min(failures - 1, 20))
            nextDue = now + max(backoff, retryAfterMillis ?? 0)
        }
        if pollAgain {
            pollAgain = false
            nextDue = now
        }
        return nextDue
    }
}
