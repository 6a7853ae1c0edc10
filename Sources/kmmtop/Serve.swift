import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MetricsEngine
import MetricsServer
import NIOCore
import KeyMetrics

/// `kmmtop serve`: the Key Messaging Metrics API over a simulated contact center (or imported
/// events), for the dashboard's demo and tests and for anyone writing a client.
///
/// The one line on stdout, `listening on http://HOST:PORT`, is written once the server accepts
/// connections, so a script can wait for it; logs go to stderr or `--log-file`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the Key Messaging Metrics API from a simulated or imported contact center.",
        discussion: """
            Without --world/--events, a deterministic simulator fills the last 24 hours and keeps \
            producing events as (simulated) time passes. Requests need 'Authorization: Bearer <token>' \
            with a token from --tokens-file or $\(TokenSource.environmentVariable) (comma-separated) or from the \
            sentinel token route (--oauth2-clients-file), or an OAuth 1.0a signature (--oauth1-keys-file), \
            unless --no-auth is given or no credential is configured and the host is a loopback address. Prints exactly one line to stdout: 'listening on http://HOST:PORT'.
            """
    )

    static let defaultAccount = "90412345"

    // MARK: Network

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (see the 'listening on' line).")
    var port = 8080

    @Option(name: .customLong("public-url"), help: ArgumentHelp(
        "Base URL clients reach the server at, for paging links and the domain look-up (default: http://HOST:PORT).",
        valueName: "url"))
    var publicURL: String?

    @Option(help: "The account id the server answers for (other ids get 404).")
    var account = Serve.defaultAccount

    // MARK: Simulation

    @Option(help: "Simulator seed: the same seed gives the same world and events.")
    var seed: UInt64 = 1

    @Option(help: "Simulated time runs this many times faster than the wall clock.")
    var speed: Double = 1

    @Option(help: "Simulated skills.")
    var skills = SimulatorConfig().skills

    @Option(help: "Simulated agent groups (a 3-level tree).")
    var groups = SimulatorConfig().groups

    @Option(help: "Simulated agents.")
    var agents = SimulatorConfig().agents

    // MARK: Import

    @Option(help: ArgumentHelp("Import skills, groups and agents from this JSON Lines file instead of simulating.", valueName: "file"), completion: .file(extensions: ["jsonl", "json"]))
    var world: String?

    @Option(help: ArgumentHelp("Import events from this JSON Lines file instead of simulating.", valueName: "file"), completion: .file(extensions: ["jsonl", "json"]))
    var events: String?

    @Flag(name: .customLong("rebase-time"), help: "Shift imported events so that the latest one happens now.")
    var rebaseTime = false

    // MARK: Access

    @OptionGroup(title: "Access")
    var access: ServeAccessOptions

    @Option(name: .customLong("max-concurrent"), help: "Requests one credential may have in flight.")
    var maxConcurrent = ServerSettings.defaultMaxConcurrent

    @Option(name: .customLong("requests-per-minute"), help: "Requests one credential may make per sliding minute.")
    var requestsPerMinute = ServerSettings.defaultRequestsPerMinute

    @Option(help: ArgumentHelp(
        "Answer every metrics request this much later, to try a client against a slow server (e.g. 3s).", valueName: "duration"))
    var latency = "0s"

    @Option(name: .customLong("header-timeout"), help: ArgumentHelp(
        "Close a connection whose first request head has not fully arrived this long after it opened.", valueName: "duration"))
    var headerTimeout = "10s"

    @Option(name: .customLong("body-timeout"), help: ArgumentHelp(
        "Answer 408 and close when a request body has not fully arrived this long after its head.", valueName: "duration"))
    var bodyTimeout = "10s"

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp(
        "Close a kept-alive connection with nothing happening on it for this long.", valueName: "duration"))
    var idleTimeout = "60s"

    @Option(name: .customLong("max-connections"), help: "Open connections at once; more wait in the listen backlog.")
    var maxConnections = ConnectionLimits.standard.maxConnections

    // MARK: Engine and logs

    @Option(name: .customLong("idle-after"), help: ArgumentHelp(
        "An assigned conversation with no message for this long is idle, not active (e.g. 10m, 90s).", valueName: "duration"))
    var idleAfter = "10m"

    @Option(name: .customLong("overdue-after"), help: ArgumentHelp(
        "A consumer waiting longer than this makes the conversation overdue (e.g. 5m).", valueName: "duration"))
    var overdueAfter = "5m"

    @Option(name: .customLong("log-file"), help: ArgumentHelp("Append logs to this file instead of stderr.", valueName: "path"), completion: .file())
    var logFile: String?

    // MARK: -

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard speed.isFinite, speed > 0 else { throw ValidationError("--speed must be a number above 0") }
        guard skills >= 1, groups >= 1, agents >= 1 else {
            throw ValidationError("--skills, --groups and --agents must be at least 1")
        }
        guard maxConcurrent >= 1 else { throw ValidationError("--max-concurrent must be at least 1") }
        guard requestsPerMinute >= 1 else { throw ValidationError("--requests-per-minute must be at least 1") }
        guard !account.isEmpty, account.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ValidationError("--account must be letters, digits, '-' or '_'")
        }
        if let millis = try? DurationText.milliseconds(latency), millis > 600_000 {
            throw ValidationError("--latency must be at most 10m")
        }
        if rebaseTime && events == nil { throw ValidationError("--rebase-time needs --events") }
        if let publicURL { _ = try Self.checkPublicURL(publicURL) }
        for (flag, text) in [
            ("--idle-after", idleAfter), ("--overdue-after", overdueAfter), ("--latency", latency),
            ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
        ] {
            do throws(DurationText.ParseError) { _ = try DurationText.milliseconds(text) } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
        for (flag, text) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)] {
            if let millis = try? DurationText.milliseconds(text), !(100...86_400_000).contains(millis) {
                throw ValidationError("\(flag) must be from 100ms to 24h")
            }
        }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 1000000") }
    }

    func run() async throws {
        let logger = try LogSetup.command(logFile: logFile)
        let settings = ServerSettings(
            host: host, port: port, publicBaseURL: publicURL, auth: try resolveAuth(),
            maxConcurrent: maxConcurrent, requestsPerMinute: requestsPerMinute, latencyMillis: try DurationText.milliseconds(latency),
            limits: ConnectionLimits(
                headerTimeout: .milliseconds(try DurationText.milliseconds(headerTimeout)),
                bodyTimeout: .milliseconds(try DurationText.milliseconds(bodyTimeout)),
                idleTimeout: .milliseconds(try DurationText.milliseconds(idleTimeout)),
                maxConnections: maxConnections))

        let startWall = SharedEngine.systemClock()
        let clock = SimulatedClock(startWall: startWall, speed: speed)
        let engineSettings = EngineSettings(
            idleAfterMillis: try DurationText.milliseconds(idleAfter), overdueAfterMillis: try DurationText.milliseconds(overdueAfter))
        let engine = SharedEngine(accountId: account, engine: Engine(settings: engineSettings), clock: clock.clock())

        var feed: LiveFeed<Simulator>?
        if world != nil || events != nil {
            try importFiles(into: engine, now: startWall)
        } else {
            feed = simulate(into: engine, startWall: startWall, logger: logger)
        }

        let host = self.host
        let app = makeMetricsApplication(engine: engine, settings: settings, logger: logger, onRunning: { port in
            StandardStreams.writeLine("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
        })
        logger.info("serving account \(account), auth \(settings.auth), \(maxConcurrent) concurrent / \(requestsPerMinute) per minute per credential")
        let feeding = feed.map { feed in
            Task {
                var feed = feed
                await feed.run(every: .milliseconds(250), logger: logger)
            }
        }
        defer { feeding?.cancel() }
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE || error.errnoCode == EACCES {
            let why = error.errnoCode == EADDRINUSE ? "the address is already in use" : "permission denied"
            throw CommandError("cannot listen on \(host):\(port): \(why); choose another --port (0 picks a free one)", status: .network)
        }
        logger.info("stopped")
    }

    // MARK: - Steps

    /// The credentials to accept (see ``ServeAccessOptions/resolveAuth(host:)``).
    private func resolveAuth() throws -> ServerSettings.Auth {
        try access.resolveAuth(host: host)
    }

    /// Fills the last 24 hours from the simulator, then hands it over to keep the engine current (the
    /// same simulation as the built-in demo account's, ``DemoServer``).
    private func simulate(into engine: SharedEngine, startWall: Int64, logger: Logger) -> LiveFeed<Simulator> {
        let config = SimulatorConfig(seed: seed, skills: skills, groups: groups, agents: agents)
        return DemoServer.simulate(into: engine, config: config, startWall: startWall, logger: logger)
    }

    /// Loads `--world` and `--events`, reporting each bad line on stderr as `FILE:LINE: reason`.
    private func importFiles(into engine: SharedEngine, now: Int64) throws {
        func read(_ path: String?) throws -> EventImport.Source? {
            guard let path else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read \(path)") }
            return EventImport.Source(name: path, bytes: Array(data))
        }
        let report = EventImport.load(
            world: try read(world), events: try read(events), into: engine, rebaseTo: rebaseTime ? now : nil)
        for problem in report.problems { StandardStreams.errorLine(problem) }
        StandardStreams.errorLine(report.summary(files: [world, events].compactMap { $0 }))
    }

    /// A public URL must be absolute http(s) with a host; links and the domain look-up are built from it.
    static func checkPublicURL(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw ValidationError("--public-url must be an absolute http:// or https:// URL with a host, like https://metrics.example.com")
        }
        return url
    }
}
