import Foundation
import KeyMetrics

/// The arithmetic of a paged snapshot: which pages to ask for, what each request body says, and how the
/// pages go back together. Pure, so it is tested without a server.
///
/// Page 1 (offset 0) carries `metadata.count` and the `all` section; the other pages ask only for
/// `groupBy`. Every page is built from the same query value, so the time window is identical on all.
enum Paging {
    /// The API's largest `limit`.
    static let pageSize = MetricsQuery.maxLimit
    /// A bound on what one snapshot fetches (400 pages), so a wrong `metadata.count` cannot start an
    /// endless fetch.
    static let maxGroups = 20_000

    /// The wire body for `query`, with `sections` as `responseSections`; metric names in snake_case,
    /// id lists sorted so the same query always gives the same bytes.
    static func body(for query: MetricsQuery, sections: [ResponseSection]) -> MetricsRequest {
        func list(_ ids: Set<String>?) -> [String]? { ids.flatMap { $0.isEmpty ? nil : $0.sorted() } }
        return MetricsRequest(
            filters: .init(
                time: .init(from: query.time.from, to: query.time.to),
                agentIds: list(query.agentIds), agentGroupIds: list(query.agentGroupIds), skillIds: list(query.skillIds),
                userTypes: query.userTypes.flatMap { $0.isEmpty ? nil : $0.map(\.rawValue).sorted() },
                includeSubGroups: query.includeSubGroups ? true : nil),
            metricsToRetrieveByTime: query.byTime.isEmpty ? nil : query.byTime.map(\.wireName),
            metricsToRetrieveCurrentValue: query.currentValue.isEmpty ? nil : query.currentValue.map(\.wireName),
            responseSections: sections.map(\.rawValue),
            groupBy: query.groupBy?.rawValue)
    }

    /// `{base}/manager_workspace/api/account/{account}/metrics?offset=…&limit=…&sort=…` (or `agent_view`,
    /// whose key sort is spelled `agentId`).
    static func url(base: URL, account: String, endpoint: Endpoint = .metrics, offset: Int, limit: Int, sort: KeyMetrics.SortOrder) -> URL? {
        let keyName = endpoint == .agentView ? "agentId" : "key"
        var interval = ""
        if case .historical(let minutes) = endpoint { interval = "interval=\(minutes)&" }
        return URL(string: "\(base.absoluteString.trimmingSuffix("/"))/manager_workspace/api/account/\(account)/\(endpoint.pathName)?\(interval)offset=\(offset)&limit=\(limit)&sort=\(sort.description(keyName: keyName))")
    }

    /// Offsets of the pages after the first, for `count` groups in all; below `reach` (the agent view
    /// serves no page past its 1000th agent).
    static func remainingOffsets(count: Int, pageSize: Int = Paging.pageSize, reach: Int = .max) -> [Int] {
        let end = min(count, reach)
        guard end > pageSize else { return [] }
        return Array(stride(from: pageSize, to: end, by: pageSize))
    }

    /// The pages' groups in offset order. A group that moved between pages while they were fetched (a live
    /// sort value changed) is kept once, where it was first seen.
    static func merge(_ pages: [Int: [MetricsResponse.Group]]) -> [MetricsResponse.Group] {
        var seen = Set<String>()
        var groups: [MetricsResponse.Group] = []
        for offset in pages.keys.sorted() {
            for group in pages[offset] ?? [] where seen.insert(group.key).inserted {
                groups.append(group)
            }
        }
        return groups
    }
}
