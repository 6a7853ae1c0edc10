import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer

/// `POST …/historical?interval=N` over real HTTP. In the fixture's last hour the closes fall at
/// −44…−42 min (g2, three), −41 and −40 (g1) and −39 (g3); every wait (2 min) ends at −47…−42.
@Suite struct HistoricalTests {
    static let path = "/manager_workspace/api/account/\(Fixture.account)/historical"
    let base = "\(Fixture.publicURL)\(HistoricalTests.path)"

    static func request(sections: [String]? = nil, groupBy: String? = "agentGroupId") -> MetricsRequest {
        Fixture.request(groupBy: groupBy, sections: sections, current: [])
    }

    static func post(
        _ client: some TestClientProtocol, query: String = "", _ request: MetricsRequest = HistoricalTests.request()
    ) async throws -> TestResponse {
        try await client.execute(uri: "\(path)\(query)", method: .post, body: Fixture.json(request))
    }

    static func closed(_ metrics: MetricValues?) -> Int64? {
        if case .long(let n) = metrics?[.closedConversations] { return n }
        return nil
    }

    @Test func tenMinutePointsHoldTheirOwnCounts() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await Self.post(client, query: "?interval=10")
            #expect(response.status == .ok)
            let body = try response.decode(HistoricalResponse.self)
            #expect(body.metadata.interval == 10)
            #expect(body.metadata.count == 3)
            let starts = (0..<6).map { Fixture.now - Int64(60 - 10 * $0) * Fixture.minute }
            #expect(body.series.map(\.from) == starts)
            #expect(body.series.map(\.to) == starts.map { $0 + 10 * Fixture.minute })
            #expect(body.series.map { Self.closed($0.all?.metrics) } == [0, 4, 2, 0, 0, 0])
            #expect(body.series[1].all?.metrics[.avgWaitTime] == .double(120_000))
            #expect(body.series[0].all?.metrics.contains(.avgWaitTime) == true)
            #expect(body.series[0].all?.metrics[.avgWaitTime] == nil)  // no data in that point: null
            // Every point carries the same groups, in key order.
            #expect(body.series.allSatisfy { $0.groupBy?.groups.map(\.key) == ["g1", "g2", "g3"] })
            #expect(body.series.allSatisfy { $0.groupBy?.groupByField == "agentGroupId" })
            let g2 = body.series.map { point in Self.closed(point.groupBy?.groups.first { $0.key == "g2" }?.metrics) }
            #expect(g2 == [0, 3, 0, 0, 0, 0])
        }
    }

    @Test func theSeriesAddsUpToTheMetricsRoutePerGroupAndInAll() async throws {
        try await Fixture.app().test(.live) { client in
            for interval in [0, 1, 7, 60] {
                let series = try await Self.post(client, query: "?interval=\(interval)").decode(HistoricalResponse.self)
                let whole = try await client.execute(
                    uri: Fixture.metricsPath, method: .post, body: Fixture.json(Self.request())
                ).decode(MetricsResponse.self)
                for group in whole.groupBy?.groups ?? [] {
                    let sum = series.series.compactMap { point in Self.closed(point.groupBy?.groups.first { $0.key == group.key }?.metrics) }.reduce(0, +)
                    #expect(sum == Self.closed(group.metrics), "interval \(interval), \(group.key)")
                }
                #expect(series.series.compactMap { Self.closed($0.all?.metrics) }.reduce(0, +) == Self.closed(whole.all?.metrics))
                #expect(Self.closed(whole.all?.metrics) == 6)
            }
        }
    }

    @Test func withoutAnIntervalTheServerChoosesFiveMinutesForAnHour() async throws {
        try await Fixture.app().test(.live) { client in
            for query in ["", "?interval=0"] {
                let body = try await Self.post(client, query: query).decode(HistoricalResponse.self)
                #expect(body.metadata.interval == 5)
                #expect(body.series.count == 12)
            }
        }
    }

    @Test func pagingAndSortChooseTheGroupsOverTheWholeWindow() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await Self.post(client, query: "?interval=30&limit=1&sort=closedConversations:desc")
            let body = try response.decode(HistoricalResponse.self)
            #expect(body.metadata.count == 3)
            #expect(body.series.allSatisfy { $0.groupBy?.groups.map(\.key) == ["g2"] })
            #expect(body.metadata.next?.href == "\(base)?interval=30&offset=1&limit=1&sort=closedConversations:desc")
            #expect(body.metadata.last?.href == "\(base)?interval=30&offset=2&limit=1&sort=closedConversations:desc")
        }
    }

    @Test func onlyTheAskedSectionsAreInEachPoint() async throws {
        try await Fixture.app().test(.live) { client in
            let body = try await Self.post(client, query: "?interval=30", Self.request(sections: ["all"], groupBy: nil))
                .decode(HistoricalResponse.self)
            #expect(body.series.count == 2)
            #expect(body.series.allSatisfy { $0.groupBy == nil && $0.all != nil })
            #expect(body.metadata.count == 0)
        }
    }

    @Test func badIntervalsAndCurrentValuesAre400NamingTheField() async throws {
        try await Fixture.app().test(.live) { client in
            var day = Self.request()
            day.filters?.time = .init(from: Fixture.now - 24 * 60 * Fixture.minute, to: Fixture.now)
            let cases: [(String, MetricsRequest, String)] = [
                ("?interval=1", day, "interval"),
                ("?interval=abc", Self.request(), "interval"),
                ("?interval=-5", Self.request(), "interval"),
                ("?interval=1441", Self.request(), "interval"),
                ("", Fixture.request(), "metricsToRetrieveCurrentValue"),
            ]
            for (query, request, field) in cases {
                let response = try await Self.post(client, query: query, request)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.errorBody?.field == field, "\(query)")
            }
            let points = try await Self.post(client, query: "?interval=1", day)
            #expect(points.errorBody?.message.contains("1440 points") == true)
        }
    }
}
