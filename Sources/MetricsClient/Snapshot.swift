import KeyMetrics

/// One consistent poll: the `all` section and every page of the grouped section, all for the same time
/// window, merged in order. Never half-filled: a failed page fails the whole snapshot.
public struct Snapshot: Sendable, Equatable {
    /// The query as sent for the first page (offset 0).
    public var query: MetricsQuery
    /// When the first request went out, client clock, epoch milliseconds, less ``ageMillis``.
    public var fetchedAt: Int64
    /// How old the oldest answer already was when it came (its `Age`: a relay's copy), 0 for none.
    public var ageMillis: Int64 = 0
    public var all: MetricValues?
    /// Every group of every page, in the server's order; empty when the groupBy section was not asked for.
    public var groups: [MetricsResponse.Group]
    /// `metadata.count` of the first page.
    public var totalCount: Int
    /// Requests it took (pages, plus retries).
    public var requestCount: Int

    public init(query: MetricsQuery, fetchedAt: Int64, all: MetricValues?, groups: [MetricsResponse.Group], totalCount: Int, requestCount: Int) {
        self.query = query
        self.fetchedAt = fetchedAt
        self.all = all
        self.groups = groups
        self.totalCount = totalCount
        self.requestCount = requestCount
    }
}
