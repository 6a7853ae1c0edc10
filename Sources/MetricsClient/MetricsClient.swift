import Foundation
import KeyMetrics
import Logging
import OAuth1

/// Talks to any server that speaks the Key Messaging Metrics API (LivePerson's, or `kmmtop serve`):
/// finds it, proves who we are, fetches every page of a query as one consistent ``Snapshot``, and stays
/// inside a request budget. Safe to share; call ``shutdown()`` once done.
public final class MetricsClient: Sendable {
    let configuration: ClientConfiguration
    private let logger: Logger
    private let transport: Transport
    private let budget: RequestBudget
    private let resolver: DomainResolver
    private let tokenSource: OAuth2TokenSource?
    let call: MetricsCall
    private let mapping: ErrorMapping

    /// Validates the configuration (e.g. plain http to a non-loopback host without allowInsecureHTTP →
    /// `.configuration`), then sets up the HTTP clients.
    public convenience init(configuration: ClientConfiguration, logger: Logger = Logger(label: "kmmtop.client")) throws(ClientError) {
        try self.init(configuration: configuration, logger: logger, proxies: ProxySettings())
    }

    /// With the proxy settings given rather than read from the environment (tests).
    init(configuration: ClientConfiguration, logger: Logger, proxies: ProxySettings) throws(ClientError) {
        try ConfigurationCheck.validate(configuration)
        self.configuration = configuration
        self.logger = logger
        let monotonic = RequestBudget.monotonicClock()
        let excerpt = Excerpt(secrets: configuration.credentials.secrets)
        let mapping = ErrorMapping(excerpt: excerpt, account: configuration.account)
        self.mapping = mapping
        let transport = Transport(
            connectTimeout: configuration.connectTimeoutSeconds, requestTimeout: configuration.requestTimeoutSeconds,
            proxies: proxies, excerpt: excerpt, logger: logger)
        self.transport = transport
        budget = RequestBudget(
            maxConcurrent: configuration.maxConcurrent, requestsPerMinute: configuration.requestsPerMinute, clock: monotonic)
        let resolver = DomainResolver(
            csdsBaseURL: configuration.csdsBaseURL, account: configuration.account,
            cacheSeconds: configuration.domainCacheSeconds, transport: transport, mapping: mapping, clock: monotonic)
        self.resolver = resolver

        let method: Authorizer.Method
        switch configuration.credentials {
        case .none:
            method = .none
            tokenSource = nil
        case .bearer(let token):
            method = .bearer(token)
            tokenSource = nil
        case .oauth1(let consumerKey, let consumerSecret, let token, let tokenSecret):
            method = .oauth1(OAuth1Signer(
                consumerKey: consumerKey.reveal(), consumerSecret: consumerSecret.reveal(), token: token.reveal(),
                tokenSecret: tokenSecret.reveal()))
            tokenSource = nil
        case .oauth2(let clientId, let clientSecret):
            let server = configuration.server
            let source = OAuth2TokenSource(
                clientId: clientId, clientSecret: clientSecret, account: configuration.account, transport: transport,
                mapping: mapping, clock: monotonic,
                baseURL: { () async throws(ClientError) -> URL in
                    if let server { return server }
                    return try await resolver.baseURL(of: DomainResolver.tokenService)
                })
            method = .oauth2(source)
            tokenSource = source
        }
        call = MetricsCall(
            transport: transport, budget: budget,
            authorizer: Authorizer(method: method, kind: configuration.credentials.kind),
            mapping: mapping, retry: RetryPolicy(), logger: logger)
        if let server = configuration.server, HostRules.isInsecure(server) {
            logger.warning("plain http to \(server.host ?? "?"), not a loopback address: requests and credentials travel unencrypted")
        }
    }

    /// One consistent snapshot: the `all` section (if `query.sections` has `.all`) plus every page of the
    /// groupBy section (if asked), all with the query's one time window.
    ///
    /// The first page's failure is thrown as is; a later page's as `.page(offset:underlying:)`. On the
    /// agent view (`query.endpoint`) the groups are agents, and no more than the route's reach (1000) are
    /// fetched: `totalCount` then says how many there were.
    public func snapshot(_ query: MetricsQuery) async throws(ClientError) -> Snapshot {
        let sections: Set<ResponseSection> = query.sections.isEmpty ? [.all, .groupBy] : query.sections
        let wantsGroups = sections.contains(.groupBy)
        let wantsAll = sections.contains(.all)
        let agents = query.endpoint == .agentView
        if wantsGroups, query.groupBy == nil, !agents {
            throw .configuration("a snapshot with the groupBy section needs a groupBy field (skillId or agentGroupId)")
        }
        let base = try await apiBaseURL()
        var first = query
        first.sections = sections
        first.offset = 0
        first.limit = Paging.pageSize
        first.sortGiven = true
        let counter = RequestCounter()
        let fetchedAt = EpochClock.now()

        let firstSections = ResponseSection.allCases.filter { sections.contains($0) }
        let page1 = try await fetch(first, base: base, offset: 0, sections: firstSections, counter: counter)
        if wantsAll, page1.all == nil {
            throw .badResponse(reason: "the first page has no 'all' section though it was asked for", excerpt: "")
        }
        guard wantsGroups else {
            var snapshot = Snapshot(
                query: first, fetchedAt: fetchedAt - counter.ageMillis, all: page1.all?.metrics, groups: [], totalCount: page1.metadata.count,
                requestCount: counter.count)
            snapshot.ageMillis = counter.ageMillis
            return snapshot
        }
        guard let section = page1.groupBy else {
            throw .badResponse(reason: "the first page has no 'groupBy' section though it was asked for", excerpt: "")
        }
        let count = page1.metadata.count
        guard count >= 0, count <= Paging.maxGroups else {
            throw .badResponse(reason: "metadata.count is \(count); at most \(Paging.maxGroups) groups are fetched", excerpt: "")
        }
        let offsets = Paging.remainingOffsets(count: count, reach: agents ? Endpoint.agentViewReach : .max)
        var pages = try await fetchRemaining(first, base: base, offsets: offsets, counter: counter)
        pages[0] = section.groups
        var snapshot = Snapshot(
            query: first, fetchedAt: fetchedAt - counter.ageMillis, all: page1.all?.metrics, groups: Paging.merge(pages), totalCount: count,
            requestCount: counter.count)
        snapshot.ageMillis = counter.ageMillis
        return snapshot
    }

    /// The historical route's series for `query` (its endpoint must be `.historical`): every page of
    /// groups, with the `all` section, all for one window cut into the same points.
    public func series(_ query: MetricsQuery) async throws(ClientError) -> SeriesSnapshot {
        guard case .historical = query.endpoint else { throw .configuration("a series reads the historical route") }
        guard query.groupBy != nil else { throw .configuration("a series needs a groupBy field (skillId or agentGroupId)") }
        let base = try await apiBaseURL()
        var first = query
        first.sections = [.all, .groupBy]
        first.offset = 0
        first.limit = Paging.pageSize
        first.sortGiven = true
        let counter = RequestCounter()
        let page1 = try await fetchSeries(first, base: base, offset: 0, sections: [.all, .groupBy], counter: counter)
        let spans = page1.series.map { SeriesSnapshot.Span(from: $0.from, to: $0.to) }
        let interval = page1.metadata.interval
        guard case .historical(let asked) = query.endpoint, (1...1440).contains(interval), asked == 0 || interval == asked else {
            throw .badResponse(reason: "metadata.interval is \(interval) minutes; the request asked for \(query.endpoint.intervalText)", excerpt: "")
        }
        guard spans.count <= Endpoint.maxPoints else {
            throw .badResponse(reason: "the series has \(spans.count) points; at most \(Endpoint.maxPoints) are read", excerpt: "")
        }
        guard page1.series.allSatisfy({ $0.all != nil && $0.groupBy != nil }) else {
            throw .badResponse(reason: "a point of the first page lacks the 'all' or 'groupBy' section though both were asked for", excerpt: "")
        }
        let count = page1.metadata.count
        guard count >= 0, count <= Paging.maxGroups else {
            throw .badResponse(reason: "metadata.count is \(count); at most \(Paging.maxGroups) groups are fetched", excerpt: "")
        }
        var pages = [page1]
        for offset in Paging.remainingOffsets(count: count) {
            let page = try await fetchSeries(first, base: base, offset: offset, sections: [.groupBy], counter: counter)
            guard page.series.map({ SeriesSnapshot.Span(from: $0.from, to: $0.to) }) == spans, page.series.allSatisfy({ $0.groupBy != nil }) else {
                throw .page(offset: offset, underlying: .badResponse(reason: "the page's points differ from the first page's, or lack 'groupBy'", excerpt: ""))
            }
            pages.append(page)
        }
        var groups: [String: [MetricValues]] = [:]
        for page in pages {
            for (index, point) in page.series.enumerated() {
                for group in point.groupBy?.groups ?? [] {
                    var values = groups[group.key] ?? Array(repeating: MetricValues([]), count: spans.count)
                    values[index] = group.metrics
                    groups[group.key] = values
                }
            }
        }
        let all = page1.series.map { $0.all?.metrics ?? MetricValues([]) }
        var series = SeriesSnapshot(
            query: first, fetchedAt: EpochClock.now() - counter.ageMillis, intervalMinutes: page1.metadata.interval, spans: spans, all: all,
            groups: groups, requestCount: counter.count)
        series.ageMillis = counter.ageMillis
        return series
    }

    private func fetchSeries(
        _ query: MetricsQuery, base: URL, offset: Int, sections: [ResponseSection], counter: RequestCounter
    ) async throws(ClientError) -> HistoricalResponse {
        do throws(ClientError) {
            return try await fetch(query, base: base, offset: offset, sections: sections, counter: counter, as: HistoricalResponse.self)
        } catch {
            throw offset == 0 ? error : .page(offset: offset, underlying: error)
        }
    }

    /// Current use of the request budget, for the dashboard header ("18/60 req/min").
    public func budgetUsage() -> BudgetUsage {
        budget.usage()
    }

    /// Closes the connections. The client must not be used afterwards.
    public func shutdown() async {
        await transport.shutdown()
    }

    /// Domain look-ups sent so far (the cache's effect, for tests).
    var domainLookups: Int {
        get async { await resolver.lookups }
    }

    /// OAuth 2.0 token requests sent so far.
    var tokenFetches: Int {
        get async { await tokenSource?.fetches ?? 0 }
    }

    func apiBaseURL() async throws(ClientError) -> URL {
        if let server = configuration.server {
            if HostRules.isInsecure(server) {
                logger.warning("sending to \(server.host ?? "?") over plain http (allowInsecureHTTP)")
            }
            return server
        }
        return try await resolver.baseURL(of: DomainResolver.metricsService)
    }
}

extension ClientConfiguration.Credentials {
    /// Every secret value, so text from the other side can be scrubbed of them.
    var secrets: [Secret] {
        switch self {
        case .none: []
        case .bearer(let token): [token]
        case .oauth1(let a, let b, let c, let d): [a, b, c, d]
        case .oauth2(let id, let secret): [id, secret]
        }
    }
}
