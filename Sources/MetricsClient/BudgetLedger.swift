/// The request budget's arithmetic: at most `maxConcurrent` in flight and `requestsPerMinute` in any
/// sliding 60 s. A plain value that takes "now" (monotonic seconds) as an argument, so it is tested
/// exactly; ``RequestBudget`` adds the lock, the clock and the waiting.
///
/// A request counts from its start until 60 s after it *ended*: the server counts it when it arrives,
/// somewhere between the two, and a ledger that let it go 60 s after its start sent the next minute's
/// first request while the server still counted the last one (two 429s a minute for a board at its
/// budget with 2,000 skills). Which request a release ends does not matter: only how many leave when.
struct BudgetLedger: Sendable, Equatable {
    static let windowSeconds = 60.0

    enum Admission: Sendable, Equatable {
        case granted
        /// Every slot is taken, or every request of the minute is still in flight: wait until one ends.
        case waitForSlot
        /// The minute is full: wait until this instant, when its oldest finished request leaves it.
        case waitUntil(Double)
    }

    let maxConcurrent: Int
    let requestsPerMinute: Int
    private(set) var inFlight = 0
    /// When each finished request leaves the window (60 s after it ended), soonest first.
    private var leaving: [Double] = []

    init(maxConcurrent: Int, requestsPerMinute: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.requestsPerMinute = max(1, requestsPerMinute)
    }

    /// Takes a slot and a place in the window at `now`, or says what to wait for.
    mutating func admit(now: Double) -> Admission {
        prune(now: now)
        if inFlight >= maxConcurrent { return .waitForSlot }
        if inFlight + leaving.count >= requestsPerMinute {
            guard let soonest = leaving.first else { return .waitForSlot }
            return .waitUntil(soonest)
        }
        inFlight += 1
        return .granted
    }

    /// Whether a caller must wait for a request to end (rather than for the clock) before it can start.
    func waitsForRelease(now: Double) -> Bool {
        inFlight >= maxConcurrent || (inFlight >= requestsPerMinute && !leaving.contains { $0 > now })
    }

    /// Ends a request admitted by ``admit(now:)`` at `now`; it stays in the window for 60 s more.
    mutating func release(now: Double) {
        guard inFlight > 0 else { return }
        inFlight -= 1
        // Releases come in time order, so `leaving` stays sorted.
        leaving.append(now + Self.windowSeconds)
    }

    func usage(now: Double) -> BudgetUsage {
        BudgetUsage(
            inFlight: inFlight, maxConcurrent: maxConcurrent,
            usedLastMinute: inFlight + leaving.count { $0 > now }, requestsPerMinute: requestsPerMinute)
    }

    private mutating func prune(now: Double) {
        if let keep = leaving.firstIndex(where: { $0 > now }) {
            leaving.removeFirst(keep)
        } else {
            leaving.removeAll()
        }
    }
}
