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

    private struct State {
        var inFlight = 0
        /// Start times (ms) of the requests still in the window, oldest first.
        var starts: [Int64] = []
    }

    public init(maxConcurrent: Int, requestsPerMinute: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.requestsPerMinute = max(1, requestsPerMinute)
    }

    /// Admits a request for `key` at `now` (ms, any monotonic origin), or says how long to wait.
    public mutating func acquire(_ key: String, now: Int64) -> Decision {
        var state = states[key] ?? State()
        defer { states[key] = state }
        let cutoff = now - Self.windowMillis
        if let keep = state.starts.firstIndex(where: { $0 > cutoff }) {
            state.starts.removeFirst(keep)
        } else {
            state.starts.removeAll()
        }
        if state.inFlight >= maxConcurrent {
            return .tooManyConcurrent(retryAfter: 1)
        }
        if state.starts.count >= requestsPerMinute, let oldest = state.starts.first {
            let wait = oldest + Self.windowMillis - now
            return .tooManyPerMinute(retryAfter: max(1, Int((wait + 999) / 1000)))
        }
        state.starts.append(now)
        state.inFlight += 1
        return .allowed
    }

    /// Ends a request admitted by ``acquire(_:now:)``.
    public mutating func release(_ key: String) {
        guard var state = states[key] else { return }
        state.inFlight = max(0, state.inFlight - 1)
        states[key] = state.inFlight == 0 && state.starts.isEmpty ? nil : state
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

/// Applies the ``SharedRateLimiter`` to the credential ``AuthMiddleware`` found; 429 with
/// `Retry-After` beyond either limit.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let limiter: SharedRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = (context.credential ?? .anonymous).name
        switch limiter.acquire(key) {
        case .allowed:
            break
        case .tooManyConcurrent(let seconds):
            throw APIError.rateLimited("too many concurrent requests for this credential; retry after \(seconds) s", retryAfterSeconds: seconds)
        case .tooManyPerMinute(let seconds):
            throw APIError.rateLimited("too many requests per minute for this credential; retry after \(seconds) s", retryAfterSeconds: seconds)
        }
        defer { limiter.release(key) }
        return try await next(request, context)
    }
}
