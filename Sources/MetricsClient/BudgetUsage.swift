/// How much of the request budget is in use right now, for the dashboard header ("18/60 req/min").
public struct BudgetUsage: Sendable, Equatable {
    public var inFlight: Int
    public var maxConcurrent: Int
    /// Requests started in the last 60 seconds (retries included).
    public var usedLastMinute: Int
    public var requestsPerMinute: Int

    public init(inFlight: Int, maxConcurrent: Int, usedLastMinute: Int, requestsPerMinute: Int) {
        self.inFlight = inFlight
        self.maxConcurrent = maxConcurrent
        self.usedLastMinute = usedLastMinute
        self.requestsPerMinute = requestsPerMinute
    }
}
