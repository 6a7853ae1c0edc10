import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer
import TestSupport

/// Paging, sorting and links over real HTTP, against the fixture's three groups.
@Suite struct PagingTests {
    let base = "\(Fixture.publicURL)\(Fixture.metricsPath)"

    @Test func middlePageHasAllFiveLinks() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await client.execute(
                uri: "\(Fixture.metricsPath)?offset=1&limit=1&sort=closedConversations:desc", method: .post,
                body: Fixture.json(Fixture.request()))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let page = try response.decode(MetricsResponse.self)
            #expect(page.metadata.count == 3)
            let sort = "&sort=closedConversations:desc"
            #expect(page.metadata.first == .init(rel: "first", href: "\(base)?offset=0&limit=1\(sort)"))
            #expect(page.metadata.prev == .init(rel: "prev", href: "\(base)?offset=0&limit=1\(sort)"))
            #expect(page.metadata.selfLink == .init(rel: "self", href: "\(base)?offset=1&limit=1\(sort)"))
            #expect(page.metadata.next == .init(rel: "next", href: "\(base)?offset=2&limit=1\(sort)"))
            #expect(page.metadata.last == .init(rel: "last", href: "\(base)?offset=2&limit=1\(sort)"))
            // g2 closed 3, g1 2, g3 1: the middle page is g1.
            let groups = try #require(page.groupBy?.groups)
            #expect(page.groupBy?.groupByField == "agentGroupId")
            #expect(groups.map(\.key) == ["g1"])
            #expect(groups.first?.keyDescription == "Root")
            #expect(groups.first?.metrics[.closedConversations] == .long(2))
            #expect(page.all?.metrics[.closedConversations] == .long(6))
            #expect(page.all?.metrics[.avgWaitTime] == .double(120_000))
            #expect(page.all?.metrics[.onlineAgents] == .long(3))
            // Slashes are not escaped on the wire.
            #expect(response.text.contains("https://kmm.example.test:8443/manager_workspace/"))
        }
    }

    @Test func firstAndLastPagesOmitTheirLinks() async throws {
        try await Fixture.app().test(.live) { client in
            let first = try await client.execute(
                uri: "\(Fixture.metricsPath)?limit=1&sort=closedConversations:desc", method: .post,
                body: Fixture.json(Fixture.request())
            ).decode(MetricsResponse.self)
            #expect(first.metadata.first == nil && first.metadata.prev == nil)
            #expect(first.metadata.next?.href == "\(base)?offset=1&limit=1&sort=closedConversations:desc")
            #expect(first.groupBy?.groups.map(\.key) == ["g2"])

            let last = try await client.execute(
                uri: "\(Fixture.metricsPath)?offset=2&limit=1&sort=closedConversations:desc", method: .post,
                body: Fixture.json(Fixture.request())
            ).decode(MetricsResponse.self)
            #expect(last.metadata.next == nil)
            #expect(last.metadata.prev?.href == "\(base)?offset=1&limit=1&sort=closedConversations:desc")
            #expect(last.groupBy?.groups.map(\.key) == ["g3"])
        }
    }

    @Test func defaultsRepeatLimitButNotSort() async throws {
        try await Fixture.app().test(.live) { client in
            let page = try await client.execute(uri: Fixture.metricsPath, method: .post, body: Fixture.json(Fixture.request()))
                .decode(MetricsResponse.self)
            #expect(page.metadata.count == 3)
            #expect(page.groupBy?.groups.map(\.key) == ["g1", "g2", "g3"])  // key:asc
            #expect(page.metadata.selfLink?.href == "\(base)?offset=0&limit=50")
            #expect(page.metadata.next == nil)
        }
    }

    @Test func allSectionOnlyHasCountZero() async throws {
        try await Fixture.app().test(.live) { client in
            let page = try await client.execute(
                uri: Fixture.metricsPath, method: .post,
                body: Fixture.json(Fixture.request(groupBy: nil, sections: ["all"]))
            ).decode(MetricsResponse.self)
            #expect(page.metadata.count == 0)
            #expect(page.groupBy == nil)
            #expect(page.all?.metrics[.closedConversations] == .long(6))
        }
    }

    @Test func linksUseTheBoundPortWithoutAPublicURL() async throws {
        var settings = Fixture.settings()
        settings.publicBaseURL = nil
        let app = makeMetricsApplication(engine: Fixture.engine(), settings: settings, logger: LogCapture().logger, eventLoopGroup: serverEventLoops)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // The live test framework binds "localhost"; links name the configured host and the bound port.
            let page = try await client.execute(uri: Fixture.metricsPath, method: .post, body: Fixture.json(Fixture.request()))
                .decode(MetricsResponse.self)
            #expect(page.metadata.selfLink?.href.hasSuffix(":\(port)\(Fixture.metricsPath)?offset=0&limit=50") == true)

            let domain = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json?version=1.0", method: .get)
            #expect(domain.text.contains("\"baseURI\":\"127.0.0.1:\(port)\""))
        }
    }
}
