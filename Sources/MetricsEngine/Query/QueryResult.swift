import KeyMetrics

/// What the engine answers for a query, before paging: the `all` section and every group, sorted.
/// The HTTP layer slices a page out of `groups` and adds the links.
public struct QueryResult: Sendable, Equatable {
    /// `nil` when the `all` section was not asked for.
    public var all: MetricValues?
    /// Every matching group in sort order; `nil` when the `groupBy` section was not asked for.
    public var groups: [MetricsResponse.Group]?

    public init(all: MetricValues?, groups: [MetricsResponse.Group]?) {
        self.all = all
        self.groups = groups
    }

    /// The response for one page; `href` builds the absolute link for an offset.
    public func response(for query: MetricsQuery, href: (Int) -> String) -> MetricsResponse {
        guard let groups, let field = query.groupByField else {
            return MetricsResponse(metadata: .init(count: 0), groupBy: nil, all: all.map { .init(metrics: $0) })
        }
        let page = Array(groups.dropFirst(query.offset).prefix(query.limit))
        let links = PageLinks(offset: query.offset, limit: query.limit, count: groups.count, reach: query.reach, href: href)
        return MetricsResponse(
            metadata: .init(count: groups.count, links: links),
            groupBy: .init(groupByField: field, groups: page),
            all: all.map { .init(metrics: $0) })
    }
}

extension MetricsQuery {
    /// How far pages may go: the agent view's 1000, else unbounded.
    var reach: Int? { endpoint == .agentView ? Endpoint.agentViewReach : nil }
}
