import Dispatch
import Foundation
import KeyMetrics
import MetricsEngine
import Synchronization
import Testing
@testable import MetricsClient
@testable import MetricsServer

/// The client against the real reference server, in-process, over real HTTP on a loopback port: a
/// simulated account with 2,000 skills (40 pages when grouped by skill), bearer auth, the domain look-up.
@Suite(.serialized) struct ReferenceServerTests {
    static let account = "90412345"
    static let token = "client-test-token-7f3a9c"
    /// A fixed "now" (the wall clock when the suite loads, to the millisecond) so the engine's own answer
    /// and the server's answers are for the same instant.
    static let now = SharedEngine.systemClock()

    /// 2,000 skills, 24 simulated hours, evaluated at ``now``. Built once, on a Dispatch thread (see
    /// ``prepare()``), so the seconds of simulation never block the two-thread cooperative pool that the
    /// timing-sensitive fault tests share.
    static func prepare() async -> SharedEngine {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: engine) }
        }
    }

    static let engine: SharedEngine = {
        let engine = SharedEngine(accountId: account, clock: { now })
        var simulator = Simulator(config: SimulatorConfig(seed: 7, skills: 2000, groups: 10, agents: 400), start: now - 86_400_000)
        engine.add(simulator.world)
        engine.ingest(simulator.advance(to: now))
        return engine
    }()

    /// The engine's answer as it travels: JSON objects have no key order, so a decoded answer lists its
    /// metrics in catalog order. Values are compared exactly (doubles round-trip through JSON).
    static func wire(_ result: QueryResult) throws -> (all: MetricValues?, groups: [MetricsResponse.Group]) {
        let all = try result.all.map { try JSONDecoder().decode(MetricValues.self, from: JSONEncoder().encode($0)) }
        let groups = try JSONDecoder().decode([MetricsResponse.Group].self, from: JSONEncoder().encode(result.groups ?? []))
        return (all, groups)
    }

    /// Where two lists of groups first differ (a short description), or `nil` when equal.
    static func firstDifference(_ a: [MetricsResponse.Group], _ b: [MetricsResponse.Group]) -> String? {
        if let index = Array(zip(a, b)).firstIndex(where: { $0.0 != $0.1 }) { return "at \(index): \(a[index]) vs \(b[index])" }
        return a.count == b.count ? nil : "counts \(a.count) vs \(b.count)"
    }

    func settings(requestsPerMinute: Int = 60) -> ServerSettings {
        ServerSettings(host: "127.0.0.1", port: 0, auth: .bearer(tokens: [Self.token]), maxConcurrent: 8, requestsPerMinute: requestsPerMinute)
    }

    func configuration(port: Int, maxConcurrent: Int = 4) -> ClientConfiguration {
        ClientConfiguration(
            account: Self.account, csdsBaseURL: URL(string: "http://127.0.0.1:\(port)")!, credentials: .bearer(token: Secret(Self.token)),
            maxConcurrent: maxConcurrent, requestsPerMinute: 60, connectTimeoutSeconds: 2, requestTimeoutSeconds: 20)
    }

    @Test func fortyPagesEqualTheEnginesOwnAnswer() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let clientLogs = LogCapture()
        var query = lastHourQuery(now: Self.now, groupBy: .skillId)
        query.sort = SortOrder(field: .metric(.closedConversations), direction: .desc)
        query.sortGiven = true
        let expected = try engine.evaluate(query)
        #expect(expected.groups?.count == 2000)
        let asked = query

        let snapshot = try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port), logger: clientLogs.logger) { client in
                let start = ContinuousClock.now
                let snapshot = try await client.snapshot(asked)
                report("40-page snapshot (2,000 skills, maxConcurrent 4, debug build): \(String(format: "%.3f", seconds(since: start))) s")
                #expect(client.budgetUsage() == BudgetUsage(inFlight: 0, maxConcurrent: 4, usedLastMinute: 40, requestsPerMinute: 60))
                return snapshot
            }
        }
        #expect(snapshot.groups.count == 2000)
        #expect(snapshot.totalCount == 2000)
        let wire = try Self.wire(expected)
        #expect(Self.firstDifference(snapshot.groups, wire.groups) == nil)
        #expect(snapshot.all == wire.all)
        #expect(snapshot.all != nil)
        #expect(snapshot.requestCount == 40)  // 40 pages, no retries
        #expect(snapshot.query.offset == 0 && snapshot.query.limit == 50 && snapshot.query.sort == query.sort)
        // Sorted as asked: closed conversations never increase down the list.
        let closed = snapshot.groups.map { group -> Int64 in
            if case .long(let n) = group.metrics[.closedConversations] { return n }
            return 0
        }
        #expect(closed == closed.sorted(by: >))
        // The server saw 40 metrics requests, no 429, one domain look-up; nothing logged a secret.
        #expect(logs.count("POST /manager_workspace/api/account/\(Self.account)/metrics 200") == 40)
        #expect(logs.count(" 429 ") == 0)
        #expect(logs.count("baseURI.json") == 1)
        for line in logs.all + clientLogs.all { #expect(!line.contains(Self.token)) }
    }

    @Test func aSeriesOverPagesAddsUpToTheMetricsRouteAndTheAgentViewIsTheEngines() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let all = try engine.evaluate(lastHourQuery(now: Self.now, groupBy: .skillId))
        // 60 skills: two pages of series.
        let chosen = Set((all.groups ?? []).prefix(60).map(\.key))
        var series = lastHourQuery(now: Self.now, groupBy: .skillId)
        series.skillIds = chosen
        series.currentValue = []
        series.endpoint = .historical(interval: 4)
        var metrics = series
        metrics.endpoint = .metrics
        let skill = try #require(chosen.sorted().first)
        var agents = lastHourQuery(now: Self.now, groupBy: nil)
        agents.skillIds = [skill]
        agents.endpoint = .agentView
        let (asked, askedMetrics, askedAgents) = (series, metrics, agents)
        let expectedAgents = try Self.wire(try engine.evaluate(agents))

        let (read, totals, agentList) = try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port, maxConcurrent: 2)) { client in
                (try await client.series(asked), try await client.snapshot(askedMetrics), try await client.snapshot(askedAgents))
            }
        }
        // An hour at 4 minutes: 15 points, 16 when the hour does not start on a minute (its first minute is
        // then partial); each group on both pages with one value per point.
        let points = read.spans.count
        #expect(read.intervalMinutes == 4 && (15...16).contains(points) && read.requestCount == 2, "\(points) points")
        #expect(Set(read.groups.keys) == chosen && read.groups.values.allSatisfy { $0.count == points })
        #expect(zip(read.spans, read.spans.dropFirst()).allSatisfy { $0.to == $1.from })
        // The points' counts add up to the metrics route's over the same window, group by group and in all.
        func sum(_ points: [MetricValues]) -> Double { points.reduce(0) { $0 + ($1[.closedConversations]?.doubleValue ?? 0) } }
        for group in totals.groups {
            #expect(sum(read.groups[group.key] ?? []) == group.metrics[.closedConversations]?.doubleValue, "\(group.key)")
        }
        #expect(sum(read.all) == totals.all?[.closedConversations]?.doubleValue)
        // What a sparkline shows: whole intervals only (a last point of a minute or two is left out).
        let whole = read.spans.filter { $0.to - $0.from >= 240_000 }.count
        #expect(read.values(key: nil, metric: .closedConversations).count == whole && (14...15).contains(whole), "\(read.spans)")
        #expect(logs.count("POST /manager_workspace/api/account/\(Self.account)/historical 200") == 2)
        // The agent view: the skill's agents, as the engine has them, on its own route with its own sort
        // key (the route refuses `key:asc`, so a 200 is `agentId:asc`).
        #expect(!agentList.groups.isEmpty && Self.firstDifference(agentList.groups, expectedAgents.groups) == nil)
        #expect(logs.count("POST /manager_workspace/api/account/\(Self.account)/agent_view 200") == 1)
    }

    @Test func filtersAndSortAreRespected() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        // Pick 120 real skill ids from the engine's own unfiltered answer.
        let all = try engine.evaluate(lastHourQuery(now: Self.now, groupBy: .skillId))
        let chosen = Set((all.groups ?? []).prefix(130).dropFirst(10).map(\.key))
        var query = lastHourQuery(now: Self.now, groupBy: .skillId)
        query.skillIds = chosen
        query.userTypes = [.human]
        query.sort = SortOrder(field: .metric(.avgWaitTime), direction: .asc)
        query.sortGiven = true
        let expected = try engine.evaluate(query)
        let asked = query

        let snapshot = try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port, maxConcurrent: 2)) { client in try await client.snapshot(asked) }
        }
        #expect(snapshot.groups.count == expected.groups?.count)
        let wire = try Self.wire(expected)
        #expect(Self.firstDifference(snapshot.groups, wire.groups) == nil)
        #expect(snapshot.all == wire.all)
        #expect(Set(snapshot.groups.map(\.key)).isSubset(of: chosen))
        #expect(snapshot.requestCount == (chosen.count + 49) / 50)
    }

    @Test func domainLookUpIsCachedAndOnlyAllSectionIsOneRequest() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let query = lastHourQuery(now: Self.now, groupBy: nil, sections: [.all])
        let expected = try engine.evaluate(query)
        try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port)) { client in
                let first = try await client.snapshot(query)
                let second = try await client.snapshot(query)
                #expect(first.groups.isEmpty && first.requestCount == 1)
                let wire = try Self.wire(expected)
            #expect(first.all == wire.all && second.all == wire.all)
                #expect(await client.domainLookups == 1)
                #expect(client.budgetUsage().usedLastMinute == 2)
            }
        }
        #expect(logs.count("GET /api/account/\(Self.account)/service/baseURI.json 200") == 1)
        #expect(logs.count("POST /manager_workspace/api/account/\(Self.account)/metrics 200") == 2)
    }

    @Test func serverErrorsAreTyped() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            // Unknown account: the domain look-up already says so.
            var unknown = configuration(port: port)
            unknown.account = "424242"
            let notFound = try await withClient(unknown) { client in
                await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
            }
            #expect(notFound.error == .notFound(what: "unknown account '424242'"))

            // Unknown account on the metrics route itself (server URL given, no look-up).
            unknown.server = URL(string: "http://127.0.0.1:\(port)")!
            let notFound2 = try await withClient(unknown) { client in
                await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
            }
            #expect(notFound2.error?.category == .server)
            if case .notFound(let what) = notFound2.error { #expect(what.contains("424242")) } else { Issue.record("\(String(describing: notFound2.error))") }

            // Wrong token → 401 naming the credential kind; never the token.
            var wrong = configuration(port: port)
            wrong.credentials = .bearer(token: Secret("not-the-right-token"))
            let unauthorized = try await withClient(wrong) { client in
                await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
            }
            #expect(unauthorized.error == .unauthorized(kind: .bearer, status: 401, message: "invalid bearer token"))
            #expect(!"\(unauthorized.error!)".contains("not-the-right-token"))

            // A 25-hour window → 400 with the server's field and message.
            var tooLong = lastHourQuery(now: Self.now)
            tooLong.time = RequestedTime(from: Self.now - 25 * 3_600_000, to: Self.now)
            let invalid = try await withClient(configuration(port: port)) { client in
                await failure { () async throws(ClientError) in try await client.snapshot(tooLong) }
            }
            #expect(invalid.error == .invalidRequest(field: "filters.time", message: "the time window spans 25 hours; at most 24 hours are allowed"))
            #expect(invalid.error?.category == .usage)
        }
    }

    @Test func budgetMatchingTheServersLimitMeansNo429() async throws {
        let engine = await ReferenceServerTests.prepare()
        // The server allows 60/min and 8 in flight; the client keeps to 60/min and 6 in flight across
        // two snapshots (80 requests would need more than a minute: only 60 are tried here).
        let logs = LogCapture()
        let query = lastHourQuery(now: Self.now, groupBy: .skillId)
        try await withReferenceServer(engine: engine, settings: settings(requestsPerMinute: 60), logs: logs) { port in
            try await withClient(configuration(port: port, maxConcurrent: 6)) { client in
                let snapshot = try await client.snapshot(query)
                var small = query
                small.skillIds = Set(snapshot.groups.prefix(1000).map(\.key))  // 20 more pages: 60 in all
                #expect(try await client.snapshot(small).groups.count == 1000)
                #expect(client.budgetUsage().usedLastMinute == 60)
            }
        }
        #expect(logs.count(" 429 ") == 0)
        #expect(logs.count("metrics 200") == 60)
    }
}
