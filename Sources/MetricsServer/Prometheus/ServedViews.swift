import Foundation
import KeyMetrics
import Synchronization

/// The latest answer of each view the server has served on the metrics and agent-view routes, for
/// `GET /metrics`: what the walls are looking at, kept for Prometheus to scrape.
///
/// A view is a query without its moving window: the route, grouping, filters, metrics, page and sort,
/// and the window's length. Recording is a dictionary write on every answer (the hot path); reading the
/// answers back into samples happens only at a scrape.
final class ServedViews: Sendable {
    /// Views kept at most; past it the longest unseen goes.
    static let capacity = 1_000

    private struct Key: Hashable {
        var endpoint: Endpoint
        var groupBy: GroupBy?
        var agentIds: Set<String>?
        var agentGroupIds: Set<String>?
        var skillIds: Set<String>?
        var userTypes: Set<UserType>?
        var includeSubGroups: Bool
        var metrics: [Metric]
        var sections: Set<ResponseSection>
        var offset: Int
        var limit: Int
        var sort: KeyMetrics.SortOrder
        var windowMinutes: Int64

        /// Hashes the cheap fields only: the metrics (an enum with `String` raw values, hashed as
        /// strings) and the id sets made hashing the key most of the cost of noting an answer, on every
        /// request. Views that differ only there share a bucket, which `==` still tells apart.
        func hash(into hasher: inout Hasher) {
            hasher.combine(endpoint)
            hasher.combine(groupBy)
            hasher.combine(includeSubGroups)
            hasher.combine(offset)
            hasher.combine(limit)
            hasher.combine(windowMinutes)
            hasher.combine(metrics.count)
            hasher.combine(sections.count)
            hasher.combine(agentIds?.count ?? -1)
            hasher.combine(agentGroupIds?.count ?? -1)
            hasher.combine(skillIds?.count ?? -1)
            hasher.combine(userTypes?.count ?? -1)
        }
    }

    struct Answer: Sendable {
        var query: MetricsQuery
        var body: [UInt8]
        /// Epoch milliseconds.
        var at: Int64
    }

    private let latest = Mutex<[Key: Answer]>([:])

    func record(_ query: MetricsQuery, body: [UInt8]) {
        guard query.endpoint == .metrics || query.endpoint == .agentView else { return }
        let key = Key(
            endpoint: query.endpoint, groupBy: query.groupBy, agentIds: query.agentIds, agentGroupIds: query.agentGroupIds,
            skillIds: query.skillIds, userTypes: query.userTypes, includeSubGroups: query.includeSubGroups, metrics: query.metrics,
            sections: query.sections, offset: query.offset, limit: query.limit, sort: query.sort,
            // In whole minutes: a view with a fixed start and a moving end is one view a minute, not a
            // new one at every poll.
            windowMinutes: (query.time.to &- query.time.from) / 60_000)
        let answer = Answer(query: query, body: body, at: EpochClock.now())
        latest.withLock { latest in
            latest[key] = answer
            if latest.count > Self.capacity, let oldest = latest.min(by: { $0.value.at < $1.value.at }) {
                latest[oldest.key] = nil
            }
        }
    }

    /// Every view's latest answer, oldest first (so that where two views hold the same sample, the
    /// newer one's value is the one kept).
    var answers: [Answer] {
        latest.withLock { Array($0.values) }.sorted { $0.at < $1.at }
    }
}
