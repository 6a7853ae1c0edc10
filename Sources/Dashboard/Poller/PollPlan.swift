import DequeModule

/// When each view is polled, inside the request budget: the whole schedule, in the model (pure, so
/// every timing rule is tested without waiting). The shell only runs the fetches it hands out.
///
/// - A view is fetched at most once at a time; the next fetch is due one interval after the last one
///   started (so the data's age runs 0 → interval), or at once after Ctrl-R or when a view is new.
/// - The interval is stretched evenly when the budget cannot carry it: a poll of the views shown costs
///   as many requests as their last fetches took, and `cost × 60 s / requests per minute` is the
///   shortest interval the budget sustains. Never a burst that spends the minute and then a freeze.
/// - A request is never started that would take the last minute's requests over the budget; the
///   plan waits for old ones to leave the minute instead.
/// - After a failure it retries sooner than the interval at first (1 s, 2 s, 4 s…) but never later
///   than one interval, and never sooner than a server's `Retry-After`.
public struct PollPlan: Sendable, Equatable {
    /// One view's polling state.
    public struct ViewState: Sendable, Equatable {
        public var inFlight: FetchRequest?
        /// The earliest moment the next fetch may start.
        public var nextDue: Int64
        public var failures = 0
        public var lastFailure: FetchFailure?
        /// Requests its last fetch took: the cost of the next one.
        public var cost = 1
        /// Ctrl-R arrived while a fetch was in flight: the next one starts as soon as it ends.
        var again = false
    }

    struct Sent: Sendable, Equatable {
        var id: Int
        var at: Int64
        var count: Int
    }

    /// The interval asked for (configuration or `--interval`).
    public let intervalMillis: Int64
    public let requestsPerMinute: Int
    public private(set) var views: [ViewKey: ViewState] = [:]
    private var sent = Deque<Sent>()
    private var nextID = 1

    public init(intervalMillis: Int64, requestsPerMinute: Int = 60) {
        self.intervalMillis = max(1_000, intervalMillis)
        self.requestsPerMinute = max(1, requestsPerMinute)
    }

    public func state(of key: ViewKey) -> ViewState? { views[key] }

    /// Requests one poll of `keys` takes.
    public func cost(_ keys: [ViewKey]) -> Int { keys.reduce(0) { $0 + (views[$1]?.cost ?? 1) } }

    /// The interval the budget sustains for `keys`: the asked one, or longer, in whole tenths of a second.
    public func effectiveInterval(_ keys: [ViewKey]) -> Int64 {
        // A series is fetched once per point and a tree probe once a run, not every poll: neither
        // stretches the interval (the budget check still holds each of their requests).
        let needed = Int64(cost(keys.filter { !$0.isSeries && $0.probeOf == nil })) * 60_000 / Int64(requestsPerMinute)
        let rounded = (needed + 99) / 100 * 100
        return max(intervalMillis, rounded)
    }

    /// The fetches to start at `now` for the views `keys` (the one shown first); each is marked in flight.
    public mutating func due(_ keys: [ViewKey], now: Int64) -> [FetchRequest] {
        prune(now: now)
        var requests: [FetchRequest] = []
        for key in keys {
            var state = views[key] ?? ViewState(nextDue: now)
            defer { views[key] = state }
            guard state.inFlight == nil, now >= state.nextDue, budgetClears(state.cost, now: now) <= now else { continue }
            let request = FetchRequest(id: nextID, key: key, windowEnd: now)
            nextID += 1
            state.inFlight = request
            sent.append(Sent(id: request.id, at: now, count: state.cost))
            requests.append(request)
        }
        return requests
    }

    /// Records a finished fetch; `polled` are the views polled together now (their cost sets the interval).
    public mutating func finished(_ result: FetchResult, polled: [ViewKey]) {
        guard var state = views[result.key], state.inFlight?.id == result.request.id else { return }
        let started = result.request.windowEnd
        state.inFlight = nil
        if let index = sent.firstIndex(where: { $0.id == result.request.id }) { sent[index].count = max(1, result.requestCount) }
        if result.isSuccess { state.cost = max(1, result.requestCount) }
        views[result.key] = state
        let interval = effectiveInterval(polled)
        switch result.outcome {
        case .success, .series:
            state.failures = 0
            state.lastFailure = nil
            state.nextDue = started + max(interval, result.key.refreshMillis)
        case .failure(let message, let retryAfter):
            state.failures += 1
            state.lastFailure = FetchFailure(message: message, at: result.finishedAt)
            // A series (or a key fetched less often than the polls) backs off to its own period, not
            // the poll interval: a route that refuses it is not asked every ten seconds all day.
            let backoff = min(max(interval, result.key.refreshMillis), Int64(1_000) << Int64(min(state.failures - 1, 20)))
            state.nextDue = result.finishedAt + max(backoff, retryAfter ?? 0)
        }
        if state.again {
            state.again = false
            state.nextDue = result.finishedAt
        }
        views[result.key] = state
    }

    /// Ctrl-R: fetch `key` now, or as soon as its fetch in flight ends.
    public mutating func refresh(_ key: ViewKey, now: Int64) {
        var state = views[key] ?? ViewState(nextDue: now)
        if state.inFlight != nil { state.again = true } else { state.nextDue = now }
        views[key] = state
    }

    /// When the next fetch of `key` can start: its due time, or later if the budget is spent until
    /// then. `nil` while one is in flight.
    public func nextStart(of key: ViewKey, now: Int64) -> Int64? {
        guard let state = views[key] else { return now }
        guard state.inFlight == nil else { return nil }
        return max(state.nextDue, budgetClears(state.cost, now: now))
    }

    /// The earliest moment a ``due(_:now:)`` call for `keys` could start something.
    public func nextWake(_ keys: [ViewKey], now: Int64) -> Int64? {
        keys.compactMap { nextStart(of: $0, now: now) }.min()
    }

    /// Drops the state of views no longer kept.
    public mutating func retain(_ keys: Set<ViewKey>) {
        views = views.filter { keys.contains($0.key) || $0.value.inFlight != nil }
    }

    /// Moves every time the plan holds by `delta` (the wall clock was stepped).
    mutating func shift(by delta: Int64) {
        for key in Array(views.keys) {
            guard var state = views[key] else { continue }
            state.nextDue += delta
            state.inFlight?.windowEnd += delta
            views[key] = state
        }
        for index in sent.indices { sent[index].at += delta }
    }

    /// Requests the budget still allows in the minute before `now`.
    func budgetFree(at now: Int64) -> Int {
        requestsPerMinute - sent.reduce(0) { $0 + ($1.at > now - 60_000 ? $1.count : 0) }
    }

    /// When `count` more requests fit in the budget: now, or when enough of the last minute's leave it.
    func budgetClears(_ count: Int, now: Int64) -> Int64 {
        // A fetch dearer than the whole budget waits for an empty minute (the client paces its pages).
        let needed = min(count, requestsPerMinute)
        var free = budgetFree(at: now)
        if free >= needed { return now }
        for entry in sent where entry.at > now - 60_000 {
            free += entry.count
            if free >= needed { return entry.at + 60_000 }
        }
        return now + 60_000
    }

    /// Forgets requests that left the minute.
    mutating func prune(now: Int64) {
        while let first = sent.first, first.at <= now - 60_000 { sent.removeFirst() }
    }
}
