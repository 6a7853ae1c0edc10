import KeyMetrics

/// One consistent read of the historical route: the by-time metrics of every group (all pages) and of
/// the account, one value per interval of the window, oldest first. Never half-filled: a failed page
/// fails the whole read, and pages that disagree on the points are refused.
public struct SeriesSnapshot: Sendable, Equatable {
    /// One interval of the window: `[from, to)` in epoch ms (the last one also holds the window's end).
    public struct Span: Sendable, Hashable {
        public var from: Int64
        public var to: Int64

        public init(from: Int64, to: Int64) {
            self.from = from
            self.to = to
        }
    }

    /// The query as sent for the first page.
    public var query: MetricsQuery
    /// The end of the window asked for (the board sets it), epoch ms.
    public var fetchedAt: Int64
    /// Minutes per point, as the server says it cut the window.
    public var intervalMinutes: Int
    public var spans: [Span]
    /// The account's values, one per span.
    public var all: [MetricValues]
    /// Each group's values, one per span.
    public var groups: [String: [MetricValues]]
    public var requestCount: Int
    /// How old the oldest answer already was when it came (its `Age`: a relay's copy), 0 for none.
    public var ageMillis: Int64 = 0

    public init(
        query: MetricsQuery, fetchedAt: Int64, intervalMinutes: Int, spans: [Span], all: [MetricValues],
        groups: [String: [MetricValues]], requestCount: Int
    ) {
        self.query = query
        self.fetchedAt = fetchedAt
        self.intervalMinutes = intervalMinutes
        self.spans = spans
        self.all = all
        self.groups = groups
        self.requestCount = requestCount
    }

    /// One metric of one row (`nil`: ALL) over the whole intervals, oldest first, "no data" as `nil`.
    /// A span shorter than the interval (the window's end is rarely on a minute, so its last point
    /// covers a minute or two) is left out: a bar among "per 4m" ones must cover four minutes.
    public func values(key: String?, metric: Metric) -> [Double?] {
        let rows = key.map { groups[$0] ?? [] } ?? all
        let whole = Int64(intervalMinutes) * 60_000
        return zip(spans, rows).compactMap { span, values in span.to - span.from >= whole ? .some(values[metric]?.doubleValue) : nil }
    }
}
