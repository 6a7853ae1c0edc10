import Foundation
import KeyMetrics
import Logging
import MetricsEngine
import MetricsServer
import Synchronization
import Testing
import TestSupport

/// The bar for `kmmtop snapshot`: for the same query, its JSON equals the engine's own answer,
/// for a simulated account of 2,000 skills (40 pages), fetched without a single 429 under a budget of
/// 60 requests per minute. The built binary runs against the reference server in-process; the engine
/// is frozen at one instant (no live feed), so the two answers are for the same moment.
@Suite(.serialized) struct SnapshotEqualsEngineTests {
    static let account = "90412345"
    static let token = "snapshot-equality-token-51c2"
    static let now = SharedEngine.systemClock()

    /// Every server log line, to count requests and 429s as the server saw them.
    final class Lines: LogHandler, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            lines.withLock { $0.append(event.message.description) }
        }
        func count(_ text: String) -> Int { lines.withLock { $0.filter { $0.contains(text) }.count } }
    }

    @Test func fortyPagesOfJSONEqualTheEnginesAnswerWithNo429() async throws {
        // Seconds of simulation: built on a Dispatch thread, not on the cooperative pool.
        let engine = try await Kmmtop.offPool {
            let engine = SharedEngine(accountId: Self.account, clock: { Self.now })
            var simulator = Simulator(config: SimulatorConfig(seed: 11, skills: 2000, groups: 10, agents: 400), start: Self.now - 86_400_000)
            engine.add(simulator.world)
            engine.ingest(simulator.advance(to: Self.now))
            return engine
        }

        let lines = Lines()
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, auth: .bearer(tokens: [Self.token]), maxConcurrent: 4, requestsPerMinute: 60)
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = makeMetricsApplication(engine: engine, settings: settings, logger: Logger(label: "server") { _ in lines }, onRunning: { port in
            portSink.yield(port)
            portSink.finish()
        }, eventLoopGroup: serverEventLoops)
        let server = RunningServer(app, logger: Logger(label: "server") { _ in lines })
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let config = try Scratch.shared.write("""
            account: "\(Self.account)"
            server: http://127.0.0.1:\(port)
            auth:
              method: bearer
              token_env: KMMTOP_EQUALITY_TOKEN
            poll:
              requests_per_minute: 60
              max_concurrent: 4
            """)
        let metrics = Metric.allCases.filter(\.info.inSeed)
        let outcome = try await Kmmtop.runOffPool(
            ["snapshot", "--config", config, "--format", "json", "--group-by", "skill", "--window", "1h",
             "--metrics", metrics.map(\.wireName).joined(separator: ",")],
            environment: Kmmtop.environment(["KMMTOP_EQUALITY_TOKEN": Self.token]), timeout: 120)
        await server.stop()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let window = try #require(json["window"] as? [String: Any])
        let from = try #require((window["from"] as? NSNumber)?.int64Value)
        let to = try #require((window["to"] as? NSNumber)?.int64Value)
        let groups = try #require(json["groups"] as? [[String: Any]])

        // The engine's own answer to the same query: same window, same metrics, same order (key:asc).
        let query = MetricsQuery(
            time: RequestedTime(from: from, to: to), byTime: metrics.filter { $0.kind == .byTime },
            currentValue: metrics.filter { $0.kind == .currentValue }, groupBy: .skillId)
        let expected = try engine.evaluate(query)
        let expectedGroups = try #require(expected.groups)
        #expect(groups.count == 2000 && expectedGroups.count == 2000)
        #expect(groups.map { $0["key"] as? String } == expectedGroups.map(\.key))
        var differences: [String] = []
        func compare(_ values: [String: Any]?, _ wanted: MetricValues, _ row: String) {
            for metric in metrics {
                let got = values?[metric.responseKey]
                let want = wanted[metric]?.doubleValue
                let same = want == nil ? got is NSNull : (got as? NSNumber)?.doubleValue == want
                if !same { differences.append("\(row) \(metric.responseKey): \(String(describing: got)) vs \(String(describing: want))") }
            }
        }
        for (group, wanted) in zip(groups, expectedGroups) {
            compare(group["metrics"] as? [String: Any], wanted.metrics, wanted.key)
            #expect(group["name"] as? String == wanted.keyDescription)
        }
        compare(json["all"] as? [String: Any], try #require(expected.all), "ALL")
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        // As the server saw it: 40 pages, all 200, not one 429.
        #expect(lines.count("/metrics 200") == 40)
        #expect(lines.count(" 429") == 0)
        #expect(!outcome.stderr.contains(Self.token) && !outcome.stdout.contains(Self.token))
    }
}
