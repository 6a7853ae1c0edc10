import Synchronization

/// The client's own rate limit, so it stays inside what the API allows instead of learning it from 429s.
/// A ``BudgetLedger`` behind a mutex (``usage()`` must be readable synchronously by the dashboard), with
/// an injectable clock and sleep. Waiting is async: for a slot, a parked continuation resumed by
/// ``release()``; for the window, one sleep until the oldest start leaves it. Never a polling loop.
///
/// A caller parked for a slot notices cancellation when it is woken, which is at the latest when a request
/// in flight ends (each is bounded by the request timeout).
final class RequestBudget: Sendable {
    /// Monotonic seconds.
    typealias Clock = @Sendable () -> Double
    /// Sleeps this many seconds; throws when cancelled.
    typealias Sleep = @Sendable (Double) async throws -> Void

    private struct State {
        var ledger: BudgetLedger
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    private let clock: Clock
    private let sleep: Sleep

    init(maxConcurrent: Int, requestsPerMinute: Int, clock: Clock? = nil, sleep: Sleep? = nil) {
        state = Mutex(State(ledger: BudgetLedger(maxConcurrent: maxConcurrent, requestsPerMinute: requestsPerMinute)))
        self.clock = clock ?? Self.monotonicClock()
        self.sleep = sleep ?? { seconds in try await Task.sleep(for: .seconds(seconds)) }
    }

    /// Seconds since the clock was made, from a clock that never jumps with the wall time.
    static func monotonicClock() -> Clock {
        let origin = ContinuousClock.now
        return {
            let elapsed = ContinuousClock.now - origin
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
    }

    /// Waits until a request may start, and counts it. Every successful call needs one ``release()``.
    /// Unless `waitForWindow`, a full minute is not waited out: it throws `.budgetSpent` with the
    /// seconds until a place frees (a relay answers from its cache instead of making its clients wait).
    func acquire(waitForWindow: Bool = true) async throws(ClientError) {
        while true {
            if Task.isCancelled { throw .cancelled }
            let now = clock()
            let admission = state.withLock { $0.ledger.admit(now: now) }
            switch admission {
            case .granted:
                return
            case .waitForSlot:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let free = state.withLock { state in
                        if !state.ledger.waitsForRelease(now: clock()) { return true }
                        state.waiters.append(continuation)
                        return false
                    }
                    if free { continuation.resume() }
                }
            case .waitUntil(let instant):
                guard waitForWindow else { throw .budgetSpent(retryAfterSeconds: max(0, instant - now)) }
                do {
                    try await sleep(max(0, instant - clock()))
                } catch {
                    throw .cancelled
                }
            }
        }
    }

    /// Ends a request; wakes one caller waiting for a slot.
    func release() {
        let now = clock()
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.ledger.release(now: now)
            return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        waiter?.resume()
    }

    func usage() -> BudgetUsage {
        let now = clock()
        return state.withLock { $0.ledger.usage(now: now) }
    }

    /// Callers parked for a slot (tests wait for this to reach a count).
    var waitingForSlot: Int { state.withLock { $0.waiters.count } }
}
