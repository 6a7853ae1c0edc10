/// The relay's copies of upstream answers and the calls under way, by request key: what to do with a
/// request, decided in one place and free of I/O (``RelaySource`` runs it under a lock).
///
/// A copy younger than `maxAge` answers at once. Otherwise the first request for a key starts the one
/// upstream call and every later one joins it (single flight). A call that fails, a spent budget
/// above all, leaves the last copy to answer while it is younger than `maxStale`.
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
        /// No call is under way: the caller makes one (and reports with ``finish(_:now:)``).
        case fetch
    }

    let maxAge: Double
    let maxStale: Double
    /// Copies kept at most; the oldest go first past it.
    let capacity: Int
    private(set) var copies: [String: Copy] = [:]
    private var flights: [String: [Waiter]] = [:]

    init(maxAge: Double, maxStale: Double, capacity: Int = 10_000) {
        self.maxAge = maxAge
        self.maxStale = max(maxStale, maxAge)
        self.capacity = max(1, capacity)
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

    /// The call for `key` ended: the new body to keep (already `age` seconds old: an upstream relay's
    /// copy), or `nil` when it failed. Returns the waiters and the copy to answer them with (on a
    /// failure, the last one while it is younger than `maxStale`).
    mutating func finish(_ key: String, body: [UInt8]?, age: Double = 0, now: Double) -> (waiters: [Waiter], copy: Copy?) {
        let waiters = flights.removeValue(forKey: key) ?? []
        if let body {
            let copy = Copy(body: body, storedAt: now - max(0, age))
            copies[key] = copy
            if copies.count > capacity { evict(now: now) }
            return (waiters, copy)
        }
        guard let last = copies[key], now - last.storedAt <= maxStale else {
            copies[key] = nil
            return (waiters, nil)
        }
        return (waiters, last)
    }

    /// Calls under way.
    var inFlight: Int { flights.count }

    /// Drops what is past `maxStale`, then, if still over capacity, the oldest copies.
    private mutating func evict(now: Double) {
        copies = copies.filter { now - $0.value.storedAt <= maxStale }
        guard copies.count > capacity else { return }
        let keep = copies.sorted { $0.value.storedAt > $1.value.storedAt }.prefix(capacity)
        copies = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}
