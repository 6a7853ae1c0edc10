/// The request budget's arithmetic: at most `maxConcurrent` in flight and `requestsPerMinute` started in
/// any sliding 60 s. A plain value that takes "now" (monotonic seconds) as an argument, so it is tested
/// exactly; ``RequestBudget`` adds the lock, the clock and the waiting.
struct BudgetLedger: Sendable, Equatable {
    static let windowSeconds = 60.0

    enum Admission: Sendable, Equatable {
        case granted
        /// Every slot is taken: wait until a request finishes.
        case waitForSlot
        /// The minute is full: wait until this instant, when its oldest start leaves the window.
        case waitUntil(Double)
    }

    let maxConcurrent: Int
    let requestsPerMinute: Int
    private(set) var inFlight = 0
    /// Start times still inside the window, oldest first.
    private var starts: [Double] = []

    init(maxConcurrent: Int, requestsPerMinute: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.requestsPerMinute = max(1, requestsPerMinute)
    }

    /// Takes a slot and a place in the window at `now`, or says what to wait for.
    mutating func admit(now: Double) -> Admission {
        prune(now: now)
        if inFlight >= maxConcurrent { return .waitForSlot }
        if starts.count >= requestsPerMinute, let oldest = starts.first {
            return .waitUntil(oldest + Self.windowSeconds)
        }
        starts.append(now)
        inFlight += 1
        return .granted
    }

    /// Ends a request admitted by ``admit(now:)``; its start stays in the window.
    mutating func release() {
        inFlight = max(0, inFlight - 1)
    }

    func usage(now: Double) -> BudgetUsage {
        BudgetUsage(
            inFlight: inFlight, maxConcurrent: maxConcurrent,
            usedLastMinute: starts.count { $0 > now - Self.windowSeconds }, requestsPerMinute: requestsPerMinute)
    }

    private mutating func prune(now: Double) {
        let cutoff = now - Self.windowSeconds
        if let keep = starts.firstIndex(where: { $0 > cutoff }) {
            starts.removeFirst(keep)
        } else {
            starts.removeAll()
        }
    }
}
