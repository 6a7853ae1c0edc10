/// The relay's copies of upstream answers and the calls under way, by request key: what to do with a
/// request, decided in one place and free of I/O (``RelaySource`` runs it under a lock).
///
/// A copy younger than `maxAge` answers at once. Otherwise the first request for a key starts the one
/// upstream call and every later one joins it (single flight). A call that fails for want of budget
/// (or of an upstream) leaves a copy younger than `maxStale` to answer: the request's own, else the
/// same view's latest at an earlier minute (a moving window's key changes every minute, and a stale
/// bound shorter than that would be no bound at all). Such an answer says how old it is.
struct RelayCache<Waiter> {
    struct Copy {
        var body: [UInt8]
        /// Monotonic seconds.
        var storedAt: Double
    }

    enum Decision {
        case fresh(Copy)
        /// A call for the key is under way: the waiter will have its outcome.
        case joined
        /// No call is under way: the caller makes one (and reports with ``finish(_:view:body:age:now:)``).
        case fetch
    }

    let maxAge: Double
    let maxStale: Double
    /// Copies kept at most, and their bytes; past either the oldest go first.
    let capacity: Int
    let maxBytes: Int
    private(set) var copies: [String: Copy] = [:]
    /// Each view's latest copy (its request key), for a stale answer at another minute.
    private var latestOfView: [String: String] = [:]
    private(set) var bytes = 0
    private var flights: [String: [Waiter]] = [:]
    private var lastSweep = -Double.infinity

    init(maxAge: Double, maxStale: Double, capacity: Int = 10_000, maxBytes: Int = 256 << 20) {
        self.maxAge = maxAge
        self.maxStale = max(maxStale, maxAge)
        self.capacity = max(1, capacity)
        self.maxBytes = max(1, maxBytes)
    }

    /// What to do with a request for `key` at `now`; `waiter()` is made, and waits, unless the answer
    /// is fresh.
    mutating func request(_ key: String, now: Double, waiter: () -> Waiter) -> Decision {
        if let copy = copies[key], now - copy.storedAt <= maxAge { return .fresh(copy) }
        if flights[key] != nil {
            flights[key, default: []].append(waiter())
            return .joined
        }
        flights[key] = [waiter()]
        return .fetch
    }

    /// The call for `key` (of `view`) ended: the new body to keep (already `age` seconds old: an
    /// upstream relay's copy), or `nil` when it failed. Returns the waiters and the copy to answer them
    /// with; after a failure, a copy only if `staleAllowed` and it is younger than `maxStale`.
    mutating func finish(
        _ key: String, view: String, body: [UInt8]?, age: Double = 0, staleAllowed: Bool = true, now: Double
    ) -> (waiters: [Waiter], copy: Copy?) {
        let waiters = flights.removeValue(forKey: key) ?? []
        if now - lastSweep >= 1 { sweep(now: now) }
        if let body {
            let copy = Copy(body: body, storedAt: now - max(0, age))
            store(copy, key: key, view: view)
            return (waiters, copy)
        }
        guard staleAllowed else { return (waiters, nil) }
        let candidates = [copies[key], latestOfView[view].flatMap { copies[$0] }].compactMap { $0 }
        let freshest = candidates.max { $0.storedAt < $1.storedAt }
        guard let freshest, now - freshest.storedAt <= maxStale else { return (waiters, nil) }
        return (waiters, freshest)
    }

    /// Calls under way.
    var inFlight: Int { flights.count }

    private mutating func store(_ copy: Copy, key: String, view: String) {
        bytes -= copies[key]?.body.count ?? 0
        copies[key] = copy
        bytes += copy.body.count
        // The view's earlier minutes stay (boards a second behind still ask for them) until swept.
        latestOfView[view] = key
        guard copies.count > capacity || bytes > maxBytes else { return }
        // Over a bound: the oldest copies go until both hold (rare: a sweep drops what is past stale).
        for (oldKey, _) in copies.sorted(by: { $0.value.storedAt < $1.value.storedAt }) {
            guard copies.count > capacity || bytes > maxBytes, oldKey != key else { break }
            remove(oldKey)
        }
    }

    /// Drops what is past `maxStale`: no request can be answered from it any more.
    private mutating func sweep(now: Double) {
        lastSweep = now
        for (key, copy) in copies where now - copy.storedAt > maxStale { remove(key) }
        latestOfView = latestOfView.filter { copies[$0.value] != nil }
    }

    private mutating func remove(_ key: String) {
        guard let copy = copies.removeValue(forKey: key) else { return }
        bytes -= copy.body.count
    }
}
