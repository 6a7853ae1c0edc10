import KeyMetrics

/// What the engine answers for a historical query: the plan it cut the window by, the total group
/// count, and one point per interval with the page's groups (the same groups in every point).
public struct SeriesResult: Sendable, Equatable {
    public var plan: SeriesPlan
    /// All groups matching the query, across pages (`metadata.count`); 0 without a grouped section.
    public var groupCount: Int
    public var points: [HistoricalResponse.Point]

    /// The response body; `href` builds the absolute link for an offset.
    public func response(for query: MetricsQuery, href: (Int) -> String) -> HistoricalResponse {
        let links = query.wantsGroups ? PageLinks(offset: query.offset, limit: query.limit, count: groupCount, href: href) : PageLinks()
        return HistoricalResponse(metadata: .init(count: groupCount, interval: plan.interval, links: links), series: points)
    }
}
