import Foundation
import KeyMetrics
import Logging
import Synchronization
import Testing
@testable import MetricsClient

/// The client against ``FaultyServer``: every failure comes out as the right typed error, within its
/// timeout, and the server's own counters show the client never went over its budget.
@Suite struct FaultTests {
    static let token = "fault-test-token-51c2e8"
    static let now = Int64(Date().timeIntervalSince1970 * 1000)
    static let connectTimeout = 1.0
    static let requestTimeout = 1.5
    static let maxConcurrent = 2
    static let perMinute = 30
    /// Upper bounds allow this much for a busy machine: the suites run in parallel on a two-thread
    /// cooperative pool and two cores, next to CPU-heavy ones (a 2,000-skill simulation, 50 MB bodies,
    /// dashboards in tmux), and a timer can resume seconds late. The bounds are there to prove nothing
    /// hangs (a stall would take a minute); the error types and lower bounds are exact. Alone, every
    /// failure comes within its timeout: see the printed figures.
    static let contention = 8.0
    static let slack = requestTimeout + contention
    /// Reading 8 MiB before the size cap trips can outlast a 1.5 s timeout on a loaded debug build; the
    /// large-body cases test the cap, so they get time enough to reach it.
    static let bulkTimeout = 20.0
    /// Where these tests' tasks resume: the bounds above time the client, not the queue of the shared pool.
    static let executor = DedicatedExecutor(name: "fault-tests")

    /// The suite's ``MetricsClientTests/withClient(_:logger:_:)``, run on ``executor``.
    func withClient<T>(
        _ configuration: ClientConfiguration, logger: Logger = Logger(label: "test"), _ body: (MetricsClient) async throws -> T
    ) async throws -> T {
        try await Self.executor.run { try await MetricsClientTests.withClient(configuration, logger: logger, body) }
    }

    func configuration(port: Int, requestTimeout: Double = FaultTests.requestTimeout) -> ClientConfiguration {
        ClientConfiguration(
            account: "90412345", server: URL(string: "http://127.0.0.1:\(port)")!, credentials: .bearer(token: Secret(Self.token)),
            maxConcurrent: Self.maxConcurrent, requestsPerMinute: Self.perMinute,
            connectTimeoutSeconds: Self.connectTimeout, requestTimeoutSeconds: requestTimeout)
    }

    /// One snapshot against a server following `script`: the error (if any), the time it took, the
    /// server's counters. Checks the budget and that no secret leaked into the error or the logs.
    func run(
        _ name: String, query: MetricsQuery = lastHourQuery(now: FaultTests.now), requestTimeout: Double = FaultTests.requestTimeout,
        _ script: @escaping FaultyServer.Script
    ) async throws -> (error: ClientError?, seconds: Double, stats: FaultyServer.Stats, snapshot: Snapshot?) {
        let server = try await FaultyServer.start(script)
        let logs = LogCapture()
        let outcome = try await withClient(configuration(port: server.port, requestTimeout: requestTimeout), logger: logs.logger) { client in
            let start = ContinuousClock.now
            do {
                let snapshot = try await client.snapshot(query)
                return (nil as ClientError?, seconds(since: start), snapshot as Snapshot?)
            } catch {
                return (error as? ClientError, seconds(since: start), nil)
            }
        }
        await server.stop()
        let stats = server.snapshot
        report("\(name): \(outcome.0.map { "\($0)" } ?? "ok") after \(String(format: "%.3f", outcome.1)) s, \(stats.requests) request(s), max \(stats.maxInFlight) in flight")
        #expect(stats.maxInFlight <= Self.maxConcurrent)
        #expect(stats.maxPerMinute <= Self.perMinute)
        if let error = outcome.0 { #expect(!"\(error)".contains(Self.token)) }
        for line in logs.all { #expect(!line.contains(Self.token)) }
        return (outcome.0, outcome.1, stats, outcome.2)
    }

    static func json(_ value: some Encodable) -> [UInt8] { Array(try! JSONEncoder().encode(value)) }

    static func page(count: Int, offset: Int, all: Bool) -> [UInt8] {
        let groups = (offset..<min(count, offset + 50)).map {
            MetricsResponse.Group(key: String(format: "%05d", $0), keyDescription: "skill \($0)", metrics: MetricValues([(.closedConversations, .long(Int64($0)))]))
        }
        return json(MetricsResponse(
            metadata: .init(count: count), groupBy: .init(groupByField: "skillId", groups: groups),
            all: all ? .init(metrics: MetricValues([(.closedConversations, .long(7))])) : nil))
    }

    @Test func serverError500() async throws {
        let result = try await run("500") { _, _ in
            .respond(status: 500, body: FaultTests.json(ErrorBody(error: "internal", message: "database on fire")))
        }
        #expect(result.error == .server(status: 500, message: "database on fire"))
        #expect(result.error?.category == .server)
        #expect(result.stats.requests == 1)
    }

    @Test func htmlErrorPageBecomesAShortExcerpt() async throws {
        let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\u{1b}[31m" + String(repeating: "padding ", count: 100) + "</body></html>"
        let result = try await run("502 html") { _, _ in .respond(status: 502, headers: [("Content-Type", "text/html")], body: Array(html.utf8)) }
        guard case .server(502, let message?) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(message.count <= 80)
        #expect(message.hasPrefix("<html> <head><title>502 Bad Gateway</title></head> <body>\u{FFFD}[31m"))
    }

    /// Every request names the build that sent it, so an account's logs can tell which kmmtop polled.
    @Test func requestsCarryTheVersionInTheirUserAgent() async throws {
        let agents = Mutex<[String]>([])
        let result = try await run("User-Agent") { _, request in
            agents.withLock { $0.append(request.header("User-Agent") ?? "<none>") }
            return .respond(status: 200, body: FaultTests.page(count: 3, offset: request.offset, all: true))
        }
        #expect(result.error == nil)
        let seen = agents.withLock { $0 }
        #expect(!seen.isEmpty && seen.allSatisfy { $0 == "kmmtop/\(ProductVersion.current)" }, "\(seen)")
    }

    @Test func rateLimitedWithRetryAfterThenSucceeds() async throws {
        let result = try await run("429 Retry-After: 1, then 200") { index, request in
            index == 0 ? .respond(status: 429, headers: [("Retry-After", "1")]) : .respond(status: 200, body: FaultTests.page(count: 3, offset: request.offset, all: true))
        }
        #expect(result.error == nil)
        #expect(result.snapshot?.groups.count == 3)
        #expect(result.snapshot?.requestCount == 2)
        #expect(result.stats.requests == 2)
        #expect(result.seconds >= 1.0)
        #expect(result.seconds < 1.2 + Self.contention)
    }

    @Test func rateLimitedWithoutRetryAfterBacksOffAtLeastOneSecond() async throws {
        let result = try await run("429 without Retry-After, then 200") { index, request in
            index == 0 ? .respond(status: 429) : .respond(status: 200, body: FaultTests.page(count: 3, offset: request.offset, all: true))
        }
        #expect(result.error == nil)
        #expect(result.stats.requests == 2)
        #expect(result.seconds >= 1.0)
        #expect(result.seconds < 1.2 + Self.contention)
    }

    @Test func alwaysRateLimitedGivesUpAfterThreeRetries() async throws {
        let result = try await run("always 429 (Retry-After: 1)") { _, _ in .respond(status: 429, headers: [("Retry-After", "1")]) }
        #expect(result.error == .rateLimited(retryAfterSeconds: 1))
        #expect(result.stats.requests == 4)  // the first try and three retries
        #expect(result.seconds >= 3)
        #expect(result.seconds < 3.5 + Self.contention)
    }

    @Test func unauthorized401() async throws {
        let result = try await run("401") { _, _ in
            .respond(status: 401, headers: [("WWW-Authenticate", "Bearer")], body: FaultTests.json(ErrorBody(error: "unauthorized", message: "invalid bearer token \(FaultTests.token)")))
        }
        #expect(result.error == .unauthorized(kind: .bearer, status: 401, message: "invalid bearer token ‹secret›"))
        #expect(result.error?.category == .auth)
        #expect(result.stats.requests == 1)  // a bearer token is what it is: no retry
    }

    @Test func forbidden403() async throws {
        let result = try await run("403") { _, _ in .respond(status: 403) }
        #expect(result.error == .unauthorized(kind: .bearer, status: 403, message: nil))
    }

    @Test func malformedJSON() async throws {
        let result = try await run("malformed JSON") { _, _ in .respond(status: 200, body: Array("{\"metadata\": {\"count\": 3,, oops\n\u{7}".utf8)) }
        guard case .badResponse(let reason, let excerpt) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(reason.contains("not JSON"))
        #expect(excerpt == "{\"metadata\": {\"count\": 3,, oops \u{FFFD}")
    }

    @Test func unknownMetricsAndFieldsAreIgnored() async throws {
        let body = #"{"metadata":{"count":1,"self":{"rel":"self","href":"x"},"extra":true},"future":{"a":1},"#
            + #""all":{"metrics":{"closedConversations":4,"queueWaitTime99thPercentile":12.5}},"#
            + #""groupBy":{"groupByField":"skillId","groups":[{"key":"s1","keyDescription":"NA","metrics":{"avgWaitTime":null,"brandNewMetric":"x"}}]}}"#
        let result = try await run("unknown keys") { _, _ in .respond(status: 200, body: Array(body.utf8)) }
        #expect(result.error == nil)
        #expect(result.snapshot?.all?[.closedConversations] == .long(4))
        #expect(result.snapshot?.groups.first?.metrics.contains(.avgWaitTime) == true)  // present, no data
        #expect(result.snapshot?.groups.first?.metrics.count == 1)
    }

    @Test func jsonOfAnotherShape() async throws {
        let result = try await run("JSON of another shape") { _, _ in .respond(status: 200, body: Array("{\"hello\": \"world\"}".utf8)) }
        guard case .badResponse(let reason, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(reason.contains("missing metadata"))
    }

    @Test func truncatedBody() async throws {
        let result = try await run("truncated body") { _, _ in .truncated }
        guard case .badResponse(let reason, let excerpt) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(reason.contains("cut off"))
        #expect(excerpt == "{\"metadata\":{\"count\":")
        #expect(result.seconds < Self.slack)
    }

    @Test func stalledResponseTimesOut() async throws {
        let result = try await run("stall") { _, _ in .stall }
        #expect(result.error == .timeout(host: "127.0.0.1", phase: "response", seconds: Self.requestTimeout))
        #expect(result.seconds >= Self.requestTimeout - 0.05)
        #expect(result.seconds < Self.slack)
    }

    @Test func cancellingASnapshotEndsItPromptly() async throws {
        let server = try await FaultyServer.start { _, _ in .stall }
        // What is measured is cancel → end; the request timeout only has to be out of the way, also when a
        // loaded machine is slow to run this task after the request arrives.
        let outcome = try await withClient(configuration(port: server.port, requestTimeout: 60)) { client -> (ClientError?, Double) in
            let task = Task(executorPreference: Self.executor) { () async -> ClientError? in
                do throws(ClientError) {
                    _ = try await client.snapshot(lastHourQuery(now: Self.now))
                    return nil
                } catch {
                    return error
                }
            }
            var arrivals = server.arrivals.makeAsyncIterator()
            _ = await arrivals.next()  // the request is on the server: now cancel
            let start = ContinuousClock.now
            task.cancel()
            let error = await task.value
            return (error, seconds(since: start))
        }
        await server.stop()
        report("cancelled while the server stalls: \(outcome.0.map { "\($0)" } ?? "ok") \(String(format: "%.3f", outcome.1)) s after cancel")
        #expect(outcome.0 == .cancelled)
        #expect(outcome.1 < 0.1 + Self.contention)
        #expect(server.snapshot.requests == 1)
    }

    @Test func connectionReset() async throws {
        let result = try await run("connection reset") { _, _ in .reset }
        guard case .cannotConnect(let host, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(host == "127.0.0.1")
        #expect(result.seconds < Self.slack)
    }

    @Test func fiftyMegabytesDeclared() async throws {
        let result = try await run("50 MB body with Content-Length", requestTimeout: Self.bulkTimeout) { _, _ in .huge(bytes: 50_000_000, declareLength: true) }
        guard case .badResponse(let reason, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(reason.contains("8 MiB"))
        #expect(result.seconds < Self.bulkTimeout)
    }

    @Test func fiftyMegabytesChunked() async throws {
        let result = try await run("50 MB body, chunked", requestTimeout: Self.bulkTimeout) { _, _ in .huge(bytes: 50_000_000, declareLength: false) }
        guard case .badResponse(let reason, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(reason.contains("8 MiB"))
        #expect(result.seconds < Self.bulkTimeout)
    }

    @Test func connectionRefused() async throws {
        // A port bound and never listening: refused, and no other test's server can take it meanwhile.
        let closed = try #require(ClosedPort())
        let result = try await withClient(configuration(port: closed.port)) { client in
            await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
        }
        report("connection refused: \(result.error.map { "\($0)" } ?? "ok") after \(String(format: "%.3f", result.seconds)) s")
        guard case .cannotConnect(let host, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(host == "127.0.0.1")
        #expect(result.error?.category == .network)
        #expect(result.seconds < Self.connectTimeout + Self.contention)
        withExtendedLifetime(closed) {}
    }

    @Test func connectTimeout() async throws {
        let listener = try #require(FullBacklogListener())
        let result = try await withClient(configuration(port: listener.port)) { client in
            await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
        }
        report("connect timeout (full accept queue): \(result.error.map { "\($0)" } ?? "ok") after \(String(format: "%.3f", result.seconds)) s")
        #expect(result.error == .timeout(host: "127.0.0.1", phase: "connect", seconds: Self.connectTimeout))
        #expect(result.seconds >= Self.connectTimeout - 0.05)
        #expect(result.seconds < Self.connectTimeout + Self.contention)
        withExtendedLifetime(listener) {}
    }

    @Test func tlsToAServerThatDoesNotSpeakIt() async throws {
        let server = try await FaultyServer.start { _, _ in .respond(status: 200) }
        var configuration = configuration(port: server.port)
        configuration.server = URL(string: "https://127.0.0.1:\(server.port)")!
        let result = try await withClient(configuration) { client in
            await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
        }
        await server.stop()
        report("https to a plain-http server: \(result.error.map { "\($0)" } ?? "ok") after \(String(format: "%.3f", result.seconds)) s")
        guard case .tls(let host, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(host == "127.0.0.1")
        #expect(server.snapshot.requests == 0)  // the request (and its token) never went out in clear
    }

    /// `.invalid` never resolves (RFC 6761), but asking still sends a DNS query to the configured
    /// nameservers: run only when they are all on loopback, so no traffic leaves the machine.
    @Test(.enabled(if: FaultTests.resolverIsLocal, "the nameserver is not on loopback: resolving would leave the machine"))
    func unknownHost() async throws {
        var configuration = configuration(port: 1)
        configuration.server = URL(string: "https://nonexistent.invalid")!
        let result = try await withClient(configuration) { client in
            await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
        }
        #expect(result.error == .cannotResolve(host: "nonexistent.invalid"))
    }

    static var resolverIsLocal: Bool {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return false }
        let servers = text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(whereSeparator: \.isWhitespace)
            return parts.count >= 2 && parts[0] == "nameserver" ? String(parts[1]) : nil
        }
        return !servers.isEmpty && servers.allSatisfy(HostRules.isLoopback)
    }

    @Test func pagesRunConcurrentlyWithinTheBudgetAndMergeInOrder() async throws {
        let result = try await run("10 pages, 150 ms each") { _, request in
            .respond(status: 200, body: FaultTests.page(count: 480, offset: request.offset, all: request.offset == 0), delayMillis: 150)
        }
        #expect(result.error == nil)
        #expect(result.snapshot?.groups.map(\.key) == (0..<480).map { String(format: "%05d", $0) })
        #expect(result.snapshot?.all?[.closedConversations] == .long(7))
        #expect(result.stats.requests == 10)
        #expect(result.stats.maxInFlight == Self.maxConcurrent)  // concurrent, and no more than allowed
        // Page 1 asks for both sections, the others for groupBy only; every page has the same window.
        let bodies = result.stats.received.map { try? JSONDecoder().decode(MetricsRequest.self, from: Data($0.body)) }
        #expect(bodies[0]?.responseSections == ["all", "groupBy"])
        #expect(bodies.dropFirst().allSatisfy { $0?.responseSections == ["groupBy"] })
        #expect(bodies.allSatisfy { $0?.filters?.time != nil && $0?.filters?.time == bodies[0]?.filters?.time })
        #expect(result.stats.received.allSatisfy { $0.header("Authorization") == "Bearer \(Self.token)" })
        #expect(result.stats.received.map(\.offset).sorted() == Array(stride(from: 0, to: 480, by: 50)))
    }

    @Test func aFailedPageFailsTheSnapshot() async throws {
        let result = try await run("page at offset 250 answers 503") { _, request in
            request.offset == 250
                ? .respond(status: 503, body: Array("upstream down".utf8))
                : .respond(status: 200, body: FaultTests.page(count: 480, offset: request.offset, all: request.offset == 0))
        }
        #expect(result.error == .page(offset: 250, underlying: .server(status: 503, message: "upstream down")))
        #expect(result.snapshot == nil)
    }
}
