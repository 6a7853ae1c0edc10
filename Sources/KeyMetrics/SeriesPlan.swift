/// How a historical answer cuts its window into points: the interval and the minute boundaries.
///
/// The points partition the closed window `[from, to]` (``TimeWindow``): point `k` covers
/// `[boundaries[k], boundaries[k+1])` in minutes, and the last point also holds the window's end
/// instant, so the points' counts add up exactly to the metrics route's over the same window. The last
/// point is shorter when the interval does not divide the window.
public struct SeriesPlan: Sendable, Equatable {
    /// Minutes per point (the last may be shorter).
    public let interval: Int
    /// Minute boundaries, ascending: `points + 1` of them, from the window's start to its end.
    public let boundaries: [Int64]

    public var points: Int { boundaries.count - 1 }

    /// The plan for `window` at `interval` minutes (0: the server's choice), or the reason there is none.
    public init(window: TimeWindow, interval requested: Int) throws(MetricsRequestError) {
        let span = window.toMinute - window.fromMinute
        let interval = requested > 0 ? requested : Self.automaticInterval(spanMinutes: span)
        let points = max(1, Int((span + Int64(interval) - 1) / Int64(interval)))
        guard points <= Endpoint.maxPoints else {
            let least = (span + Int64(Endpoint.maxPoints) - 1) / Int64(Endpoint.maxPoints)
            throw MetricsRequestError(
                field: "interval",
                message: "interval \(interval) cuts this \(span)-minute window into \(points) points; at most \(Endpoint.maxPoints) are allowed (use an interval of at least \(least))")
        }
        self.interval = interval
        var boundaries = (0..<points).map { window.fromMinute + Int64($0) * Int64(interval) }
        boundaries.append(window.toMinute)
        self.boundaries = boundaries
    }

    /// The server's choice (api-facts.md: "5 min, 60 min, 1 day, or window/12"): about twelve points for
    /// a window up to an hour, 5 minutes up to 8 hours (at most 96 points), 60 minutes beyond. A day
    /// would only apply past 24 hours, which no window may span.
    public static func automaticInterval(spanMinutes span: Int64) -> Int {
        if span <= 60 { return max(1, Int((span + 11) / 12)) }
        if span <= 8 * 60 { return 5 }
        return 60
    }
}
