import Synchronization

/// What the relay has done since it started, for its log and `/metrics`.
public final class RelayStatistics: Sendable {
    /// Requests answered from a fresh copy.
    public let hits = Atomic(0)
    /// Requests that joined an upstream call another request had started.
    public let joined = Atomic(0)
    /// Upstream calls made (each one request against the budget).
    public let upstreamRequests = Atomic(0)
    /// Upstream calls not made because the minute's budget was spent.
    public let budgetSpent = Atomic(0)
    /// Upstream answers that were 429 all the same (another client of the same credential).
    public let upstreamRateLimited = Atomic(0)
    /// Upstream calls that failed otherwise.
    public let upstreamFailures = Atomic(0)
    /// Requests answered from a copy past its freshness because the upstream could not answer.
    public let stale = Atomic(0)
    /// Requests answered 429 (no upstream answer and no copy to give).
    public let refused = Atomic(0)

    public init() {}

    static func bump(_ counter: borrowing Atomic<Int>) {
        counter.add(1, ordering: .relaxed)
    }
}
