import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer

/// `POST …/agent_view` over real HTTP against the fixture's three agents (a1 Ann in g2 closed 3,
/// a2 Bob in g3 closed 1, a3 Cid in g1 closed 2; each online).
@Suite struct AgentViewTests {
    static let path = "/manager_workspace/api/account/\(Fixture.account)/agent_view"
    let base = "\(Fixture.publicURL)\(AgentViewTests.path)"

    static func post(
        _ client: some TestClientProtocol, query: String = "", _ request: MetricsRequest = Fixture.request(groupBy: nil)
    ) async throws -> TestResponse {
        try await client.execute(uri: "\(path)\(query)", method: .post, body: Fixture.json(request))
    }

    @Test func defaultOrderIsByAgentIdWithNamesAndTheAllLine() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await Self.post(client)
            #expect(response.status == .ok)
            let page = try response.decode(MetricsResponse.self)
            #expect(page.groupBy?.groupByField == "agentId")
            let groups = try #require(page.groupBy?.groups)
            #expect(groups.map(\.key) == ["a1", "a2", "a3"])
            #expect(groups.map(\.keyDescription) == ["Ann", "Bob", "Cid"])
            #expect(groups.map { $0.metrics[.closedConversations] } == [.long(3), .long(1), .long(2)])
            #expect(groups.map { $0.metrics[.onlineAgents] } == [.long(1), .long(1), .long(1)])
            #expect(page.metadata.count == 3)
            #expect(page.all?.metrics[.closedConversations] == .long(6))
            #expect(page.all?.metrics[.onlineAgents] == .long(3))
        }
    }

    @Test func sortsByAMetricOrByAgentIdAndLinksRepeatTheSort() async throws {
        try await Fixture.app().test(.live) { client in
            let byClosed = try await Self.post(client, query: "?limit=2&sort=closedConversations:desc").decode(MetricsResponse.self)
            #expect(byClosed.groupBy?.groups.map(\.key) == ["a1", "a3"])
            #expect(byClosed.metadata.next?.href == "\(base)?offset=2&limit=2&sort=closedConversations:desc")
            let byId = try await Self.post(client, query: "?sort=agentId:desc").decode(MetricsResponse.self)
            #expect(byId.groupBy?.groups.map(\.key) == ["a3", "a2", "a1"])
            #expect(byId.metadata.selfLink?.href == "\(base)?offset=0&limit=50&sort=agentId:desc")
            // The metrics route's `key` is not this route's name for it.
            let key = try await Self.post(client, query: "?sort=key:asc")
            #expect(key.status == .badRequest)
            #expect(key.errorBody?.field == "sort")
            #expect(key.errorBody?.message.contains("valid values: agentId,") == true)
        }
    }

    @Test func filtersApplyAsForMetrics() async throws {
        try await Fixture.app().test(.live) { client in
            func keys(_ filters: MetricsRequest.Filters) async throws -> [String]? {
                var request = Fixture.request(groupBy: nil)
                request.filters = filters
                return try await Self.post(client, request).decode(MetricsResponse.self).groupBy?.groups.map(\.key)
            }
            let time = MetricsRequest.TimeRange(from: Fixture.now - 60 * Fixture.minute, to: Fixture.now)
            let root = try await keys(.init(time: time, agentGroupIds: ["g1"]))
            let tree = try await keys(.init(time: time, agentGroupIds: ["g1"], includeSubGroups: true))
            let listed = try await keys(.init(time: time, agentIds: ["a2", "zz"]))
            let skilled = try await keys(.init(time: time, skillIds: ["s2"]))
            let bots = try await keys(.init(time: time, userTypes: ["BOT"]))
            #expect(root == ["a3"])
            #expect(tree == ["a1", "a2", "a3"])
            #expect(listed == ["a2"])
            #expect(skilled == ["a2", "a3"])
            #expect(bots == [])
        }
    }

    @Test func pagesMayNotReachPastTheThousandthAgent() async throws {
        try await Fixture.app().test(.live) { client in
            let tooLong = try await Self.post(client, query: "?limit=51")
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.errorBody?.field == "limit")
            let tooFar = try await Self.post(client, query: "?offset=990&limit=20")
            #expect(tooFar.status == .badRequest)
            #expect(tooFar.errorBody?.field == "offset")
            #expect(tooFar.errorBody?.message.contains("must not exceed 1000") == true)
            let edge = try await Self.post(client, query: "?offset=950&limit=50")
            #expect(edge.status == .ok)
            let page = try edge.decode(MetricsResponse.self)
            #expect(page.groupBy?.groups.isEmpty == true)
            #expect(page.metadata.count == 3)
        }
    }

    @Test func groupByIsAgentIdOrAbsent() async throws {
        try await Fixture.app().test(.live) { client in
            #expect(try await Self.post(client, Fixture.request(groupBy: "agentId")).status == .ok)
            let skill = try await Self.post(client, Fixture.request(groupBy: "skillId"))
            #expect(skill.status == .badRequest)
            #expect(skill.errorBody?.field == "groupBy")
            let allOnly = try await Self.post(client, Fixture.request(groupBy: nil, sections: ["all"])).decode(MetricsResponse.self)
            #expect(allOnly.groupBy == nil)
            #expect(allOnly.all?.metrics[.closedConversations] == .long(6))
        }
    }

    @Test func theRouteHasTheMetricsRoutesAccessControl() async throws {
        try await Fixture.app(Fixture.settings(auth: .bearer(tokens: [Fixture.token]))).test(.live) { client in
            #expect(try await Self.post(client).status == .unauthorized)
            let get = try await client.execute(uri: Self.path, method: .get)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
        }
    }
}
