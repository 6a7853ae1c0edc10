/// The response body: metadata with the total group count and paging links, the grouped section and
/// the account-wide `all` section (each present only when asked for).
public struct MetricsResponse: Codable, Sendable, Equatable {
    public var metadata: Metadata
    public var groupBy: GroupBySection?
    public var all: AllSection?

    public init(metadata: Metadata, groupBy: GroupBySection? = nil, all: AllSection? = nil) {
        self.metadata = metadata
        self.groupBy = groupBy
        self.all = all
    }

    public struct Metadata: Codable, Sendable, Equatable {
        /// The total number of groups across all pages; 0 when the groupBy section was not asked for.
        public var count: Int
        public var first: Link?
        public var prev: Link?
        public var selfLink: Link?
        public var next: Link?
        public var last: Link?

        private enum CodingKeys: String, CodingKey {
            case count, first, prev, next, last
            case selfLink = "self"
        }

        public init(count: Int, links: PageLinks = PageLinks()) {
            self.count = count
            first = links.first
            prev = links.prev
            selfLink = links.selfLink
            next = links.next
            last = links.last
        }

        public var links: PageLinks {
            PageLinks(first: first, prev: prev, selfLink: selfLink, next: next, last: last)
        }
    }

    public struct Link: Codable, Sendable, Equatable {
        public var rel: String
        public var href: String

        public init(rel: String, href: String) {
            self.rel = rel
            self.href = href
        }
    }

    public struct GroupBySection: Codable, Sendable, Equatable {
        public var groupByField: String
        public var groups: [Group]

        public init(groupByField: String, groups: [Group]) {
            self.groupByField = groupByField
            self.groups = groups
        }
    }

    public struct Group: Codable, Sendable, Equatable {
        public var key: String
        /// The skill's or group's name; `"NA"` when the id has no known name.
        public var keyDescription: String
        public var metrics: MetricValues

        public init(key: String, keyDescription: String, metrics: MetricValues) {
            self.key = key
            self.keyDescription = keyDescription
            self.metrics = metrics
        }
    }

    /// The account-wide section: `{"metrics": {…}}`, the same shape as a group's metrics.
    public struct AllSection: Codable, Sendable, Equatable {
        public var metrics: MetricValues

        public init(metrics: MetricValues) {
            self.metrics = metrics
        }
    }
}
