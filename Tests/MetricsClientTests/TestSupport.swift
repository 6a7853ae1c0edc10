import Foundation
import KeyMetrics
import Logging
import MetricsEngine
import Synchronization
@_exported import TestSupport
@testable import MetricsClient
@testable import MetricsServer

/// Runs the reference server (`kmmtop serve`'s application) in-process on an ephemeral loopback port
/// for the duration of `body`.
func withReferenceServer<T: Sendable>(
    engine: SharedEngine, settings: ServerSettings, logs: LogCapture,
    _ body: @Sendable (_ port: Int) async throws -> T
) async throws -> T {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = makeMetricsApplication(
        engine: engine, settings: settings, logger: logs.logger,
        onRunning: { port in
            continuation.yield(port)
            continuation.finish()
        }, eventLoopGroup: serverEventLoops)
    let server = RunningServer(app, logger: logs.logger)
    Task {
        _ = try? await server.ended()
        continuation.finish()
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else {
        try await server.ended()
        throw TestFailure("the reference server did not start")
    }
    do {
        let result = try await body(port)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Runs `body` and returns its typed error and how long it took to come (or `nil` if it succeeded).
func failure<T>(_ body: () async throws(ClientError) -> T) async -> (error: ClientError?, seconds: Double) {
    let start = ContinuousClock.now
    do {
        _ = try await body()
        return (nil, seconds(since: start))
    } catch {
        return (error, seconds(since: start))
    }
}

/// A simple query over the last hour.
func lastHourQuery(now: Int64, groupBy: GroupBy? = .skillId, sections: Set<ResponseSection> = [.all, .groupBy]) -> MetricsQuery {
    MetricsQuery(
        time: RequestedTime(from: now - 3_600_000, to: now),
        byTime: [.closedConversations, .avgWaitTime], currentValue: [.onlineAgents, .assignedConversations],
        sections: sections, groupBy: groupBy)
}

/// Timing figures printed by the tests, for the report.
func report(_ line: String) {
    print("[figure] \(line)")
}

/// A client for the duration of `body`, always shut down (AsyncHTTPClient traps on a client that is not).
func withClient<T>(
    _ configuration: ClientConfiguration, logger: Logger = Logger(label: "test"), _ body: (MetricsClient) async throws -> T
) async throws -> T {
    let client = try MetricsClient(configuration: configuration, logger: logger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
