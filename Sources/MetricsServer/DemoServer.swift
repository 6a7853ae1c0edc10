import Foundation
import Logging
import MetricsEngine

/// The simulator is the live feed's event source in simulated mode.
extension Simulator: EventSource {}

/// The built-in demo account: the deterministic simulator, the engine and the HTTP API, in process on a
/// loopback port, with no authentication. `kmmtop snapshot` (and the dashboard) use it when no account is
/// configured; `kmmtop serve` fills its engine with ``simulate(into:config:startWall:logger:)``.
///
/// ```swift
/// let demo = try await DemoServer.start(logger: logger)
/// // … talk to demo.baseURL, account demo.accountId …
/// await demo.stop()
/// ```
public final class DemoServer: Sendable {
    /// The account the demo serves, the same as `kmmtop serve`'s default.
    public static let defaultAccountId = "90412345"

    /// `http://127.0.0.1:PORT`, the port chosen by the system.
    public let baseURL: URL
    public let accountId: String
    public let engine: SharedEngine
    private let server: RunningServer
    private let feeding: Task<Void, Never>

    private init(baseURL: URL, accountId: String, engine: SharedEngine, server: RunningServer, feeding: Task<Void, Never>) {
        self.baseURL = baseURL
        self.accountId = accountId
        self.engine = engine
        self.server = server
        self.feeding = feeding
    }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Simulates the last 24 hours, then serves them on `host`:0 and keeps the simulation running
    /// (`speed` times faster than the wall clock) until ``stop()``. Returns once the server accepts
    /// connections.
    public static func start(
        config: SimulatorConfig = SimulatorConfig(), speed: Double = 1, accountId: String = DemoServer.defaultAccountId,
        host: String = "127.0.0.1", engineSettings: EngineSettings = EngineSettings(), logger: Logger
    ) async throws -> DemoServer {
        let startWall = SharedEngine.systemClock()
        let clock = SimulatedClock(startWall: startWall, speed: speed)
        let engine = SharedEngine(accountId: accountId, engine: Engine(settings: engineSettings), clock: clock.clock())
        let feed = simulate(into: engine, config: config, startWall: startWall, logger: logger)

        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let settings = ServerSettings(host: host, port: 0, auth: .none)
        let app = makeMetricsApplication(engine: engine, settings: settings, logger: logger, onRunning: { port in
            portSink.yield(port)
            portSink.finish()
        })
        let server = RunningServer(app, logger: logger)
        let feeding = Task {
            var feed = feed
            await feed.run(every: .milliseconds(250), logger: logger)
        }
        Task {
            do {
                try await server.ended()
            } catch {
                logger.error("the demo server stopped: \(error)")
            }
            portSink.finish()
        }
        var port: Int?
        for await bound in ports {
            port = bound
            break
        }
        guard let port, let url = URL(string: "http://\(host.contains(":") ? "[\(host)]" : host):\(port)") else {
            await server.stop()
            feeding.cancel()
            await feeding.value
            throw StartError(description: "the built-in demo server could not start on \(host)")
        }
        return DemoServer(baseURL: url, accountId: accountId, engine: engine, server: server, feeding: feeding)
    }

    /// Stops serving and simulating; returns when the server has closed its port.
    public func stop() async {
        await server.stop()
        feeding.cancel()
        await feeding.value
    }

    /// Fills the last 24 hours from the simulator, then hands it over to keep the engine current.
    public static func simulate(
        into engine: SharedEngine, config: SimulatorConfig, startWall: Int64, logger: Logger
    ) -> LiveFeed<Simulator> {
        let began = ContinuousClock.now
        let start = startWall - 24 * 3_600_000
        let simulator = Simulator(config: config, start: start)
        let refusedWorld = engine.add(simulator.world)
        let fill = HistoryFill.run(simulator, from: start, to: startWall, into: engine)
        if !refusedWorld.isEmpty || fill.refused > 0 {
            logger.warning("the engine refused \(refusedWorld.count) simulated world items and \(fill.refused) simulated events")
        }
        logger.info("simulated the last 24 hours: \(fill.events) events in \(ContinuousClock.now - began)")
        return LiveFeed(source: fill.simulator, engine: engine)
    }
}
