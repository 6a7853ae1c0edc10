import Dashboard
import KeyMetrics
import MetricsClient

/// Test helpers that drive a board the way the shell does: time arrives in ticks, fetches the reducer
/// hands out are answered (or failed) by the test, one action each.
extension DashboardState {
    /// `reduce` on a copy: for expressions.
    func after(_ actions: Action...) -> (DashboardState, [Effect]) {
        var state = self
        var effects: [Effect] = []
        for action in actions { effects += reduce(&state, action) }
        return (state, effects)
    }

    func pressing(_ keys: Key...) -> (DashboardState, [Effect]) { pressing(keys) }

    func pressing(_ keys: [Key]) -> (DashboardState, [Effect]) {
        var state = self
        var effects: [Effect] = []
        for key in keys { effects += reduce(&state, .key(key)) }
        return (state, effects)
    }

    /// The fetches in flight, shown view first.
    var inFlight: [FetchRequest] {
        plan.views.values.compactMap(\.inFlight).sorted { $0.id < $1.id }
    }

    /// Answers every fetch in flight with `snapshot(key)`, finishing at `at` (default: when it started);
    /// a series (``ViewKey/isSeries``) with `series(key)`, by default one with no groups.
    @discardableResult
    mutating func answer(
        at: Int64? = nil, requests: Int = 1, budget: BudgetUsage? = nil, series: (ViewKey, Int64) -> SeriesSnapshot = Self.emptySeries,
        _ snapshot: (ViewKey, Int64) -> Snapshot
    ) -> [Effect] {
        var effects: [Effect] = []
        for request in inFlight {
            let outcome: FetchResult.Outcome = request.key.isSeries
                ? .series(series(request.key, request.windowEnd)) : .success(snapshot(request.key, request.windowEnd))
            let result = FetchResult(request: request, outcome: outcome, finishedAt: at ?? request.windowEnd, requestCount: requests, budget: budget)
            effects += reduce(&self, .fetched(result))
        }
        return effects
    }

    /// A series of `key`'s window with no groups and no values: what a fetch of it returns when a test
    /// does not look at it.
    static func emptySeries(_ key: ViewKey, at: Int64) -> SeriesSnapshot {
        SeriesSnapshot(
            query: PollFetcher.query(key, windowEnd: at), fetchedAt: at, intervalMinutes: key.seriesIntervalMinutes, spans: [], all: [],
            groups: [:], requestCount: 1)
    }

    /// Fails every fetch in flight.
    @discardableResult
    mutating func fail(at: Int64, message: String = "cannot connect to 127.0.0.1:9", retryAfterMillis: Int64? = nil) -> [Effect] {
        var effects: [Effect] = []
        for request in inFlight {
            effects += reduce(&self, .fetched(FetchResult(
                request: request, outcome: .failure(message: message, retryAfterMillis: retryAfterMillis), finishedAt: at)))
        }
        return effects
    }

    /// Ticks to `at`, then answers whatever is in flight.
    @discardableResult
    mutating func poll(at: Int64, _ snapshot: (ViewKey, Int64) -> Snapshot) -> [Effect] {
        var effects = reduce(&self, .tick(now: at))
        effects += answer(snapshot)
        return effects
    }
}

extension Array where Element == Effect {
    var fetches: [FetchRequest] {
        compactMap { if case .fetch(let request) = $0 { request } else { nil } }
    }
}
