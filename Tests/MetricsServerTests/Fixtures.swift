@_exported import TestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Logging
import MetricsEngine
import Synchronization
@testable import MetricsServer

/// A small hand-built account at a fixed "now", so every number over HTTP is exact.
///
/// Groups: `g1` Root ⊃ `g2` Team A, `g3` Team B. One human agent in each (a3 in g1, a1 in g2, a2 in g3).
/// Closed conversations in the last hour: g2 3, g1 2, g3 1; each waited exactly 2 minutes.
enum Fixture {
    static let account = "90412345"
    /// 2025-11-24T16:00:00Z, a whole minute.
    static let now: Int64 = 1_764_000_000_000
    static let minute: Int64 = 60_000
    static let publicURL = "https://kmm.example.test:8443"
    static let token = "s3cr3t-T0KEN-for-tests-6c1f"
    static let otherToken = "second-token-9d2e"

    static let world: [WorldItem] = [
        .skill(Skill(id: "s1", name: "Billing")),
        .skill(Skill(id: "s2", name: "Sales")),
        .agentGroup(AgentGroup(id: "g1", name: "Root")),
        .agentGroup(AgentGroup(id: "g2", name: "Team A", parentId: "g1")),
        .agentGroup(AgentGroup(id: "g3", name: "Team B", parentId: "g1")),
        .agent(Agent(id: "a1", name: "Ann", userType: .human, groupId: "g2", skillIds: ["s1"], maxSlots: 2)),
        .agent(Agent(id: "a2", name: "Bob", userType: .human, groupId: "g3", skillIds: ["s2"], maxSlots: 2)),
        .agent(Agent(id: "a3", name: "Cid", userType: .human, groupId: "g1", skillIds: ["s1", "s2"], maxSlots: 2)),
    ]

    static var events: [Event] {
        var events: [Event] = []
        for agent in ["a1", "a2", "a3"] {
            events.append(Event(time: now - 180 * minute, .agentState(agentId: agent, state: .online)))
        }
        let handled: [(agent: String, skill: String, count: Int)] = [("a1", "s1", 3), ("a3", "s2", 2), ("a2", "s2", 1)]
        var n = 0
        for (agent, skill, count) in handled {
            for _ in 0..<count {
                n += 1
                let id = "c\(n)"
                let t = now - 50 * minute + Int64(n) * minute
                events += [
                    Event(time: t, .conversationOpened(conversationId: id, skillId: skill)),
                    Event(time: t, .consumerMessage(conversationId: id)),
                    Event(time: t + minute, .agentAssigned(conversationId: id, agentId: agent, weight: nil)),
                    Event(time: t + 2 * minute, .agentMessage(conversationId: id, agentId: agent)),
                    Event(time: t + 5 * minute, .conversationClosed(conversationId: id, closedBy: .agent)),
                ]
            }
        }
        return events.sorted { $0.time < $1.time }
    }

    static func engine() -> SharedEngine {
        let engine = SharedEngine(accountId: account, clock: { now })
        let refusedWorld = engine.add(world)
        let refused = engine.ingest(events)
        precondition(refusedWorld.isEmpty && refused.isEmpty, "fixture refused: \(refusedWorld) \(refused)")
        return engine
    }

    static func settings(
        auth: ServerSettings.Auth = .none, maxConcurrent: Int = 8, requestsPerMinute: Int = 100_000
    ) -> ServerSettings {
        // HummingbirdTesting's live client opens its connection when the test starts and never reconnects:
        // on a loaded machine its first request may come late, so the first-head timeout here is long
        // (HardeningTests set short ones on purpose).
        ServerSettings(
            host: "127.0.0.1", port: 0, publicBaseURL: publicURL, auth: auth,
            maxConcurrent: maxConcurrent, requestsPerMinute: requestsPerMinute,
            limits: ConnectionLimits(headerTimeout: .seconds(300), idleTimeout: .seconds(300)))
    }

    static func app(
        _ settings: ServerSettings = Fixture.settings(), logs: LogCapture? = nil, rateLimitClock: SharedRateLimiter.Clock? = nil
    ) -> MetricsApplication {
        let capture = logs ?? LogCapture()
        return makeMetricsApplication(engine: engine(), settings: settings, logger: capture.logger, rateLimitClock: rateLimitClock,
            eventLoopGroup: serverEventLoops)
    }

    static let metricsPath = "/manager_workspace/api/account/\(account)/metrics"

    /// A valid request body: the last hour, grouped by agent group, closed conversations and waits.
    static func request(
        from: Int64 = now - 60 * minute, to: Int64 = now, groupBy: String? = "agentGroupId",
        sections: [String]? = nil,
        byTime: [String] = ["closed_conversations", "avg_wait_time"],
        current: [String] = ["online_agents"]
    ) -> MetricsRequest {
        MetricsRequest(
            filters: .init(time: .init(from: from, to: to)), metricsToRetrieveByTime: byTime,
            metricsToRetrieveCurrentValue: current, responseSections: sections, groupBy: groupBy)
    }

    static func json(_ request: MetricsRequest) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONEncoder().encode(request))
    }

    static func bearer(_ token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        return headers
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var errorBody: ErrorBody? { try? decode(ErrorBody.self) }
}

