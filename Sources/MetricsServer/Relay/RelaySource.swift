import Foundation
import HTTPTypes
import Hummingbird
import KeyMetrics
import Logging
import MetricsClient
import NIOCore
import Synchronization

/// `kmmtop relay`'s source: an upstream account through one client (one credential, one budget),
/// with a copy of each answer shared by every caller while it is fresh (``RelayCache``).
///
/// Requests are keyed by what the upstream would be sent: the window rounded to whole minutes as the
/// API reads it, so boards polling a second apart share one call. Every answer says how old it is
/// (`Age`) and where it came from (`Cache-Status`, RFC 9211).
public final class RelaySource: MetricsSource {
    public let accountId: String
    public let statistics = RelayStatistics()
    private let client: MetricsClient
    private let cache: Mutex<RelayCache<EventLoopPromise<SourceReply>>>
    /// Monotonic seconds, for ages.
    private let clock: @Sendable () -> Double
    /// Seconds (at most a day: the command checks it), for the `ttl` an answer from a copy states.
    private let maxAge: Double
    private let logger: Logger

    /// - Parameters:
    ///   - maxAge: seconds a copy answers without asking the upstream again.
    ///   - maxStale: seconds a copy may still answer when the upstream cannot (the budget is spent).
    public init(client: MetricsClient, maxAge: Double, maxStale: Double, logger: Logger) {
        accountId = client.account
        self.client = client
        cache = Mutex(RelayCache(maxAge: maxAge, maxStale: maxStale))
        self.maxAge = maxAge
        let origin = ContinuousClock.now
        clock = {
            let elapsed = ContinuousClock.now - origin
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        self.logger = logger
    }

    public func answer(_ query: MetricsQuery, links: @escaping @Sendable (Int) -> String, routeBase: String, on eventLoop: any EventLoop) -> SourceAnswer {
        // Checked here as the API would (a bad window costs no upstream call), and keyed rounded as the
        // API reads it; the upstream is sent the client's own window, which it rounds the same way.
        let rounded: MetricsQuery
        do throws(MetricsRequestError) {
            rounded = try query.roundedWindow(now: EpochClock.now())
        } catch {
            return .ready(.failure(APIError.invalid(error)))
        }
        let key = rounded.requestKey
        let view = rounded.viewKey
        let now = clock()
        var promise: EventLoopPromise<SourceReply>?
        let decision = cache.withLock { cache in
            cache.request(key, now: now) {
                let made = eventLoop.makePromise(of: SourceReply.self)
                promise = made
                return made
            }
        }
        switch decision {
        case .fresh(let copy):
            RelayStatistics.bump(statistics.hits)
            let age = max(0, now - copy.storedAt)
            return .ready(.success(Self.reply(copy.body, age: age, status: "hit; ttl=\(Int(max(0, maxAge - age)))")))
        case .joined:
            RelayStatistics.bump(statistics.joined)
        case .fetch:
            Task { await self.fetch(query, key: key, view: view, routeBase: routeBase) }
        }
        // Made by `request` whenever the decision is not `.fresh`.
        guard let promise else { return .ready(.failure(.internalError)) }
        return .pending(promise.futureResult)
    }

    public func prometheusSamples(into text: inout PrometheusText) {
        let account = [("account", accountId)]
        let counters: [(String, String, Int)] = [
            ("kmmtop_relay_upstream_requests_total", "Upstream calls the relay made.", statistics.upstreamRequests.load(ordering: .relaxed)),
            ("kmmtop_relay_cache_hits_total", "Requests answered from a fresh copy.", statistics.hits.load(ordering: .relaxed)),
            ("kmmtop_relay_collapsed_total", "Requests that joined an upstream call another request had started.", statistics.joined.load(ordering: .relaxed)),
            ("kmmtop_relay_stale_answers_total", "Requests answered from a copy past its max age because the upstream could not answer.", statistics.stale.load(ordering: .relaxed)),
            ("kmmtop_relay_refused_total", "Requests answered 429: the budget was spent and no copy was young enough.", statistics.refused.load(ordering: .relaxed)),
            ("kmmtop_relay_budget_spent_total", "Upstream calls not made because the minute's budget was spent.", statistics.budgetSpent.load(ordering: .relaxed)),
            ("kmmtop_relay_upstream_rate_limited_total", "Upstream answers that were 429 all the same.", statistics.upstreamRateLimited.load(ordering: .relaxed)),
            ("kmmtop_relay_upstream_failures_total", "Upstream calls that failed otherwise.", statistics.upstreamFailures.load(ordering: .relaxed)),
        ]
        for (name, help, value) in counters { text.set(name, help: help, kind: .counter, labels: account, Double(value)) }
        let usage = client.budgetUsage()
        text.set("kmmtop_relay_budget_used", help: "Upstream requests started in the last minute.", labels: account, Double(usage.usedLastMinute))
        text.set("kmmtop_relay_budget_requests_per_minute", help: "Upstream requests the budget allows per minute.", labels: account, Double(usage.requestsPerMinute))
        text.set("kmmtop_relay_upstream_in_flight", help: "Upstream requests under way.", labels: account, Double(usage.inFlight))
        text.set("kmmtop_relay_copies", help: "Answers the relay holds.", labels: account, Double(cache.withLock { $0.copies.count }))
    }

    /// The one upstream call for `key`; its outcome goes to every request that waits for it.
    private func fetch(_ query: MetricsQuery, key: String, view: String, routeBase: String) async {
        var body: [UInt8]?
        var upstreamAge = 0.0
        var failure: APIError?
        var why = ""
        var staleAllowed = true
        var hadCopy = false
        do throws(ClientError) {
            let page = try await client.relayPage(query)
            RelayStatistics.bump(statistics.upstreamRequests)
            body = Self.relink(page.body, from: page.routeBase, to: routeBase)
            upstreamAge = page.ageSeconds
        } catch {
            if case .budgetSpent = error {} else { RelayStatistics.bump(statistics.upstreamRequests) }
            (failure, why, staleAllowed) = classify(error)
        }
        let now = clock()
        // An answer an upstream relay already held for a while is that much older here too, so relays in
        // a chain never serve a copy older than the freshness bound in all.
        let (waiters, copy) = cache.withLock { cache in
            hadCopy = cache.copies[key] != nil
            return cache.finish(key, view: view, body: body, age: upstreamAge, staleAllowed: staleAllowed, now: now)
        }
        if body != nil, let copy {
            // The first waiter's request started the call (for a copy past its age: RFC 9211's
            // `fwd=stale`); the others joined it.
            let fetched = hadCopy ? "fwd=stale; stored" : "fwd=uri-miss; stored"
            for (index, waiter) in waiters.enumerated() {
                waiter.succeed(Self.reply(copy.body, age: max(0, now - copy.storedAt), status: index == 0 ? fetched : "fwd=uri-miss; collapsed"))
            }
            return
        }
        if let copy {
            statistics.stale.add(waiters.count, ordering: .relaxed)
            let reply = Self.reply(copy.body, age: max(0, now - copy.storedAt), status: "hit; fwd=stale; detail=\"\(why)\"")
            for waiter in waiters { waiter.succeed(reply) }
            return
        }
        let error = failure ?? .internalError
        if error.status == .tooManyRequests { statistics.refused.add(waiters.count, ordering: .relaxed) }
        for waiter in waiters { waiter.fail(error) }
    }

    /// The error the relay's callers get for an upstream failure, the few words a stale answer's
    /// `Cache-Status` gives as why it is stale, and whether a stale copy may answer at all: for a spent
    /// budget, a 429 or a failing upstream yes; not when the upstream refused the request itself.
    private func classify(_ error: ClientError) -> (APIError, String, Bool) {
        switch error {
        case .budgetSpent(let after):
            RelayStatistics.bump(statistics.budgetSpent)
            let seconds = max(1, Int(min(after, 86_400).rounded(.up)))
            return (.rateLimited("the relay's upstream request budget is spent and it holds no copy of this answer; retry after \(seconds) s", retryAfterSeconds: seconds), "upstream budget spent", true)
        case .rateLimited(let after):
            RelayStatistics.bump(statistics.upstreamRateLimited)
            let seconds = max(1, Int(min(after ?? 1, 86_400).rounded(.up)))
            return (.rateLimited("the upstream answered 429 and the relay holds no copy of this answer; retry after \(seconds) s", retryAfterSeconds: seconds), "upstream rate limited", true)
        case .invalidRequest(let field, let message):
            return (APIError(.badRequest, "invalid_request", "the upstream refused the request: \(message)", field: field), "", false)
        case .notFound(let what):
            return (.notFound("the upstream has no \(what)"), "", false)
        default:
            RelayStatistics.bump(statistics.upstreamFailures)
            logger.notice("upstream request failed: \(error)")
            return (APIError(.badGateway, "upstream_failed", "the relay's upstream failed: \(error)"), "upstream failed", true)
        }
    }

    /// RFC 9211's header, which `HTTPField.Name` does not list.
    private static let cacheStatus = HTTPField.Name("Cache-Status")

    private static func reply(_ body: [UInt8], age: Double, status: String) -> SourceReply {
        var headers = HTTPFields()
        headers[.age] = String(Int(age))
        if let name = Self.cacheStatus { headers[name] = "kmmtop-relay; \(status)" }
        return SourceReply(body: body, headers: headers)
    }

    /// The answer with the upstream's paging links pointing at the relay instead (as written, and with
    /// JSON's escaped slashes).
    static func relink(_ body: [UInt8], from upstream: String, to relay: String) -> [UInt8] {
        guard upstream != relay else { return body }
        var text = String(decoding: body, as: UTF8.self)
        text = text.replacingOccurrences(of: upstream, with: relay)
        let escaped = { (url: String) in url.replacingOccurrences(of: "/", with: "\\/") }
        text = text.replacingOccurrences(of: escaped(upstream), with: escaped(relay))
        return Array(text.utf8)
    }
}
