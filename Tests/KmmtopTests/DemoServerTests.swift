import Foundation
import KeyMetrics
import Logging
import MetricsClient
import MetricsEngine
import MetricsServer
import Testing

/// The built-in demo account, in process: it serves simulated data on a loopback port chosen by the
/// system, answers the client without credentials, and closes the port when stopped.
@Suite struct DemoServerTests {
    @Test func servesTheSimulatedAccountUntilStopped() async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let demo = try await DemoServer.start(config: SimulatorConfig(seed: 3, skills: 4, groups: 3, agents: 40), logger: logger)
        #expect(demo.accountId == "90412345")
        #expect(demo.baseURL.host == "127.0.0.1" && (demo.baseURL.port ?? 0) > 0)

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let query = MetricsQuery(
            time: RequestedTime(from: now - 3_600_000, to: now), byTime: [.closedConversations],
            currentValue: [.onlineAgents], groupBy: .skillId)
        let client = try MetricsClient(configuration: ClientConfiguration(account: demo.accountId, server: demo.baseURL), logger: logger)
        let snapshot = try await client.snapshot(query)
        #expect(snapshot.groups.count == 4)
        #expect((snapshot.all?[.onlineAgents]?.doubleValue ?? 0) > 0)

        await demo.stop()
        let after: Result<Snapshot, ClientError>
        do throws(ClientError) { after = .success(try await client.snapshot(query)) } catch { after = .failure(error) }
        await client.shutdown()
        guard case .failure(let error) = after else {
            Issue.record("the demo server still answers after stop()")
            return
        }
        #expect(error.category == .network)
    }
}
