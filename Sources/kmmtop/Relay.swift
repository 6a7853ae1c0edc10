import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MetricsClient
import MetricsServer
import NIOCore
import KeyMetrics

/// `kmmtop relay`: the Key Messaging Metrics API of one upstream account, answered for many walls on
/// one credential's budget. Identical requests within `--max-age` share one upstream call; when the
/// budget is spent, the last copy answers (up to `--max-stale` old) and says so, or the answer is 429.
///
/// The same HTTP face as `serve` (``makeMetricsApplication(source:settings:logger:rateLimitClock:authClock:onRunning:eventLoopGroup:)``
/// over a ``RelaySource``), the same access options and the same one line on stdout.
struct Relay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve one account's metrics to many dashboards on one credential's request budget.",
        discussion: """
            The upstream is the configured account (its server or domain, credentials and poll budget), \
            or --server URL with --account ID. Clients reach the relay as they would the API \
            (kmmtop --server http://HOST:PORT --account ID); their access is the relay's own \
            (--tokens-file, --oauth1-keys-file, --oauth2-clients-file, or --no-auth on loopback). \
            Answers carry Age and Cache-Status headers. Prints exactly one line to stdout: 'listening on http://HOST:PORT'.
            """
    )

    @OptionGroup(title: "Upstream")
    var connection: ConnectionOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (see the 'listening on' line).")
    var port = 8090

    @Option(name: .customLong("public-url"), help: ArgumentHelp(
        "Base URL clients reach the relay at, for paging links and the domain look-up (default: http://HOST:PORT).",
        valueName: "url"))
    var publicURL: String?

    @Option(name: .customLong("max-age"), help: ArgumentHelp(
        "How long one upstream answer serves every identical request (default: the configured poll interval, else 10s).",
        valueName: "duration"))
    var maxAge: String?

    @Option(name: .customLong("max-stale"), help: ArgumentHelp(
        "How old an answer may be and still be given when the upstream budget is spent or the upstream fails.",
        valueName: "duration"))
    var maxStale = "5m"

    @OptionGroup(title: "Access")
    var access: ServeAccessOptions

    @Option(name: .customLong("max-concurrent"), help: "Requests one client credential may have in flight at the relay.")
    var maxConcurrent = 64

    @Option(name: .customLong("requests-per-minute"), help: "Requests one client credential may make per sliding minute at the relay.")
    var requestsPerMinute = 6_000

    @Option(name: .customLong("max-connections"), help: "Open client connections at once; more wait in the listen backlog (each board keeps one).")
    var maxConnections = 4_096

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxConcurrent >= 1 else { throw ValidationError("--max-concurrent must be at least 1") }
        guard requestsPerMinute >= 1 else { throw ValidationError("--requests-per-minute must be at least 1") }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 1000000") }
        for (flag, text) in [("--max-age", maxAge), ("--max-stale", maxStale)] {
            guard let text else { continue }
            let millis: Int64
            do throws(DurationText.ParseError) { millis = try DurationText.milliseconds(text) } catch {
                throw ValidationError("\(flag): \(error)")
            }
            guard (0...86_400_000).contains(millis) else { throw ValidationError("\(flag) must be from 0s to 24h") }
        }
        if let publicURL { _ = try Serve.checkPublicURL(publicURL) }
    }

    func run() async throws {
        let logger = try LogSetup.command(logFile: connection.logFile, label: "kmmtop.relay")
        let environment = ProcessInfo.processInfo.environment
        let target: ConnectionTarget
        let interval: Double?
        do throws(ConfigError) {
            let config = try ConfigLoader.load(explicitPath: connection.config, environment: environment)
            interval = config.poll.interval
            target = try ConnectionTarget.resolve(config: config, options: connection, environment: environment)
        } catch {
            throw CommandError(error.description, status: error.isSecretProblem ? .auth : .usage)
        }
        guard case .account(let configuration) = target else {
            throw CommandError("relay needs an upstream: give --server URL and --account ID, or configure an account", status: .usage)
        }
        let client: MetricsClient
        do throws(ClientError) {
            client = try MetricsClient(configuration: configuration, logger: logger)
        } catch {
            throw CommandError(error.description, status: .usage)
        }
        let ageMillis = try maxAge.map { try DurationText.milliseconds($0) } ?? Int64(((interval ?? 10) * 1000).rounded())
        let staleMillis = try DurationText.milliseconds(maxStale)
        let source = RelaySource(client: client, maxAge: Double(ageMillis) / 1000, maxStale: Double(staleMillis) / 1000, logger: logger)
        let settings = ServerSettings(
            host: host, port: port, publicBaseURL: publicURL, auth: try access.resolveAuth(host: host),
            maxConcurrent: maxConcurrent, requestsPerMinute: requestsPerMinute,
            limits: ConnectionLimits(maxConnections: maxConnections))
        let host = self.host
        let app = makeMetricsApplication(source: source, settings: settings, logger: logger, onRunning: { port in
            StandardStreams.writeLine("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        })
        logger.info(
            "relaying account \(configuration.account), max age \(Double(ageMillis) / 1000) s, max stale \(Double(staleMillis) / 1000) s, upstream budget \(configuration.requestsPerMinute)/min, \(configuration.maxConcurrent) at once")
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE || error.errnoCode == EACCES {
            await client.shutdown()
            let why = error.errnoCode == EADDRINUSE ? "the address is already in use" : "permission denied"
            throw CommandError("cannot listen on \(host):\(port): \(why); choose another --port (0 picks a free one)", status: .network)
        }
        await client.shutdown()
        let stats = source.statistics
        logger.info(
            "stopped: \(stats.upstreamRequests.load(ordering: .relaxed)) upstream requests, \(stats.hits.load(ordering: .relaxed)) answered from copies, \(stats.joined.load(ordering: .relaxed)) joined a call, \(stats.stale.load(ordering: .relaxed)) stale, \(stats.refused.load(ordering: .relaxed)) refused")
    }
}
