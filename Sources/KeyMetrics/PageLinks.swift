/// The `first/prev/self/next/last` links of one page, computed from offset, limit and the total count.
///
/// On the first page `first` and `prev` are absent; on the last page `next` is absent; `last` points at
/// the offset of the final page (the seed's example: count 3, limit 1 → last at offset 2).
public struct PageLinks: Sendable, Equatable {
    public var first: MetricsResponse.Link?
    public var prev: MetricsResponse.Link?
    public var selfLink: MetricsResponse.Link?
    public var next: MetricsResponse.Link?
    public var last: MetricsResponse.Link?

    public init(
        first: MetricsResponse.Link? = nil, prev: MetricsResponse.Link? = nil, selfLink: MetricsResponse.Link? = nil,
        next: MetricsResponse.Link? = nil, last: MetricsResponse.Link? = nil
    ) {
        self.first = first
        self.prev = prev
        self.selfLink = selfLink
        self.next = next
        self.last = last
    }

    /// Links for the page at `offset` of `count` groups, `limit` per page.
    /// - Parameters:
    ///   - reach: when set, no page may end past it (`offset + limit ≤ reach`, the agent view's 1000):
    ///     `next` and `last` never point where the server would refuse to go, and `next` leads to `last`.
    ///   - href: builds the absolute URL for an offset (it repeats limit and sort).
    public init(offset: Int, limit: Int, count: Int, reach: Int? = nil, href: (Int) -> String) {
        func link(_ rel: String, _ at: Int) -> MetricsResponse.Link { .init(rel: rel, href: href(at)) }
        var lastOffset = count > 0 ? ((count - 1) / limit) * limit : 0
        var nextOffset = offset + limit < count ? offset + limit : nil
        if let reach {
            // The last reachable page ends at `reach`; `next` steps there, even when that overlaps the
            // page before, so the agents up to the reach are all on some page.
            let reachable = max(0, reach - limit)
            lastOffset = min(lastOffset, reachable)
            nextOffset = offset + limit < min(count, reach) ? min(offset + limit, reachable) : nil
        }
        self.init()
        if offset > 0 {
            first = link("first", 0)
            prev = link("prev", max(0, min(offset - limit, lastOffset)))
        }
        selfLink = link("self", offset)
        if let nextOffset {
            next = link("next", nextOffset)
        }
        last = link("last", lastOffset)
    }
}
