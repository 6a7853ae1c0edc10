import Foundation
import KeyMetrics

/// One page of a query as the upstream answered it, for `kmmtop relay`, which passes it on.
public struct RelayedPage: Sendable {
    /// The answer's JSON, as it came.
    public var body: [UInt8]
    /// The upstream's base for the account's routes (`https://host/manager_workspace/api/account/ID/`),
    /// which the answer's paging links start with: the relay puts its own in their place.
    public var routeBase: String
    /// Seconds old the answer already was when it came (its `Age`, from a relay upstream), else 0.
    public var ageSeconds: Double
}

extension MetricsClient {
    /// One page of `query` (its offset, limit, sort and sections as they are), once: inside the budget
    /// and with the credential like every request, but impatient. A full budget minute or a 429 throws
    /// `.budgetSpent` or `.rateLimited` at once rather than waiting, so that the relay can answer from its
    /// cache.
    public func relayPage(_ query: MetricsQuery) async throws(ClientError) -> RelayedPage {
        let base = try await apiBaseURL()
        let sections = ResponseSection.allCases.filter { query.sections.contains($0) }
        let (url, body) = try pageRequest(query, base: base, offset: query.offset, sections: sections)
        let answer = try await call.post(url: url, body: body, counter: RequestCounter(), patient: false)
        let routeBase = "\(base.absoluteString.trimmingSuffix("/"))/manager_workspace/api/account/\(configuration.account)/"
        return RelayedPage(body: answer.body, routeBase: routeBase, ageSeconds: Double(answer.ageSeconds))
    }

    /// The account the client reads.
    public var account: String { configuration.account }
}

extension MetricsQuery {
    /// The query with its window as the API reads it at `now`: whole minutes, `to` no later than now.
    /// Two requests the API would answer alike have one rounded query: a relay's key. (Not what the
    /// relay sends: rounded out, a 24-hour window would be a minute longer than the API allows.)
    public func roundedWindow(now: Int64) throws(MetricsRequestError) -> MetricsQuery {
        let window = try time.window(now: now)
        var rounded = self
        rounded.time = RequestedTime(from: window.fromMillis, to: window.toMillis)
        return rounded
    }

    /// A text that two queries share exactly when the upstream gets the same request for both: the
    /// route, its parameters and the body as the client would send them.
    public var requestKey: String {
        requestKey(withWindow: true)
    }

    /// ``requestKey`` without the time window: the same view at another minute.
    public var viewKey: String {
        requestKey(withWindow: false)
    }

    private func requestKey(withWindow: Bool) -> String {
        var query = self
        if !withWindow { query.time = RequestedTime(from: 0, to: time.to &- time.from) }
        let keyName = endpoint == .agentView ? "agentId" : "key"
        let sections = ResponseSection.allCases.filter { self.sections.contains($0) }
        let body = (try? JSONEncoder.sortedKeys.encode(Paging.body(for: query, sections: sections))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "\(endpoint.pathName)?\(endpoint.intervalText)&\(offset)&\(limit)&\(sort.description(keyName: keyName)) \(body)"
    }
}

extension JSONEncoder {
    fileprivate static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
