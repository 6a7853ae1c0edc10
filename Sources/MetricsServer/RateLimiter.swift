import Hummingbird
import Synchronization

/// Per-credential request budget: at most `maxConcurrent` requests in flight and `requestsPerMinute`
/// started in any sliding 60-second window. A plain value that takes "now" as an argument, so its
/// tests are exact; ``SharedRateLimiter`` puts it behind a lock with a clock.
///
/// Refused requests don't count against the window (a client that backs off as told recovers on time).
public struct RateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Too many requests in flight; retry after this many seconds (always 1: a slot frees as soon
        /// as any request finishes).
        case tooManyConcurrent(retryAfter: Int)
        /// The window is full; retry once its oldest request leaves it, this many whole seconds from now.
        case tooManyPerMinute(retryAfter: Int)
    }

    public static let windowMillis: Int64 = 60_000

    public let maxConcurrent: Int
    public let requestsPerMinute: Int
    private var states: [String: State] = [:]

    /// One credential's requests. The window holds one run per millisecond that started requests (the
    /// clock's own resolution, so the window's edge is exactly where it was with one entry per request),
    /// oldest first from `head`: memory and work per request stay bounded at any rate, where a list of
    /// every start grew with the limit (10 MB and a copy per request at 20,000 requests/s under a
    /// limit of a billion a minute).
    private struct State {
        var inFlight = 0
        var runs: [(start: Int64, count: Int)] = []
        var head = 0
        /// Requests in `runs[head...]`.
        var inWindow = 0

        var isEmpty: Bool { inFlight == 0 && inWindow == 0 }

        mutating func expire(before cutoff: Int64) {
            while head < runs.count, runs[head].start <= cutoff {
                inWindow -= runs[head].count
                head += 1
            }
            if head == runs.count {
                runs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 && head * 2 > runs.count {
                runs.removeFirst(head)
                head = 0
            }
        }

        mutating func record(_ now: Int64) {
            if head < runs.count, runs[runs.count - 1].start == now {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((now, 1))
            }
            inWindow += 1
        }
    }

    public init(maxConcurrent: Int, requestsPerMinute: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.requestsPerMinute = max(1, requestsPerMinute)
    }

    /// Admits a request for `key` at `now` (ms, any monotonic origin), or says how long to wait.
    public mutating func acquire(_ key: String, now: Int64) -> Decision {
        // In place: a copy out of the dictionary would make every append copy the whole window.
        let decision = Self.admit(&states[key, default: State()], now: now, maxConcurrent: maxConcurrent, requestsPerMinute: requestsPerMinute)
        if states[key]?.isEmpty == true { states[key] = nil }
        return decision
    }

    private static func admit(_ state: inout State, now: Int64, maxConcurrent: Int, requestsPerMinute: Int) -> Decision {
        state.expire(before: now - windowMillis)
        if state.inFlight >= maxConcurrent {
            return .tooManyConcurrent(retryAfter: 1)
        }
        if state.inWindow >= requestsPerMinute, state.head < state.runs.count {
            let wait = state.runs[state.head].start + windowMillis - now
            return .tooManyPerMinute(retryAfter: max(1, Int((wait + 999) / 1000)))
        }
        state.record(now)
        state.inFlight += 1
        return .allowed
    }

    /// Ends a request admitted by ``acquire(_:now:)``.
    public mutating func release(_ key: String) {
        guard var state = states.removeValue(forKey: key) else { return }
        state.inFlight = max(0, state.inFlight - 1)
        if !state.isEmpty { states[key] = state }
    }

    /// Requests of `key` in flight now (for tests and diagnostics).
    public func inFlight(_ key: String) -> Int { states[key]?.inFlight ?? 0 }
}

/// A ``RateLimiter`` shared by all requests, with the clock it reads.
public final class SharedRateLimiter: Sendable {
    /// Monotonic milliseconds; injected so tests control time.
    public typealias Clock = @Sendable () -> Int64

    private let limiter: Mutex<RateLimiter>
    private let clock: Clock

    public init(maxConcurrent: Int, requestsPerMinute: Int, clock: Clock? = nil) {
        self.limiter = Mutex(RateLimiter(maxConcurrent: maxConcurrent, requestsPerMinute: requestsPerMinute))
        self.clock = clock ?? SharedRateLimiter.monotonicClock()
    }

    /// Milliseconds since the clock was made, from a clock that never jumps with the wall time.
    public static func monotonicClock() -> Clock {
        let origin = ContinuousClock.now
        return {
            let elapsed = ContinuousClock.now - origin
            return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        }
    }

    public func acquire(_ key: String) -> RateLimiter.Decision {
        let now = clock()
        return limiter.withLock { $0.acquire(key, now: now) }
    }

    public func release(_ key: String) {
        limiter.withLock { $0.release(key) }
    }
}
