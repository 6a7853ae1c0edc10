/// The historical route's body (this project's reading of the service, documented in the OpenAPI
/// document): paging metadata as for metrics plus the interval used, and one point per interval, each
/// with the sections the request asked for. Every point carries the same groups, in the page's order.
public struct HistoricalResponse: Codable, Sendable, Equatable {
    public var metadata: Metadata
    public var series: [Point]

    public init(metadata: Metadata, series: [Point]) {
        self.metadata = metadata
        self.series = series
    }

    public struct Metadata: Codable, Sendable, Equatable {
        /// The total number of groups across all pages, as for metrics.
        public var count: Int
        /// Minutes per point (the last point may be shorter).
        public var interval: Int
        public var first: MetricsResponse.Link?
        public var prev: MetricsResponse.Link?
        public var selfLink: MetricsResponse.Link?
        public var next: MetricsResponse.Link?
        public var last: MetricsResponse.Link?

        private enum CodingKeys: String, CodingKey {
            case count, interval, first, prev, next, last
            case selfLink = "self"
        }

        public init(count: Int, interval: Int, links: PageLinks = PageLinks()) {
            self.count = count
            self.interval = interval
            first = links.first
            prev = links.prev
            selfLink = links.selfLink
            next = links.next
            last = links.last
        }
    }

    /// One interval: `[from, to)` in epoch milliseconds; the last point's `to` is included (the window's
    /// end instant), as the window's is.
    public struct Point: Codable, Sendable, Equatable {
        public var from: Int64
        public var to: Int64
        public var groupBy: MetricsResponse.GroupBySection?
        public var all: MetricsResponse.AllSection?

        public init(from: Int64, to: Int64, groupBy: MetricsResponse.GroupBySection? = nil, all: MetricsResponse.AllSection? = nil) {
            self.from = from
            self.to = to
            self.groupBy = groupBy
            self.all = all
        }
    }
}
