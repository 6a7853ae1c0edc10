import Foundation
import KeyMetrics
import Testing

/// The seed's JSON examples decode into our types and encode back to equivalent JSON.
@Suite struct SeedRoundTripTests {
    /// Parses JSON into Foundation objects so key order and whitespace don't matter in comparisons.
    private func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func requestExampleDecodesAndValidates() throws {
        let request = try JSONDecoder().decode(MetricsRequest.self, from: Data(SeedExamples.request.utf8))
        let query = try MetricsQuery(request: request, offset: "0", limit: "50", sort: "closedConversations:desc")
        #expect(query.time == RequestedTime(from: 1_591_951_787_590, to: 1_591_955_386_814))
        #expect(query.userTypes == [.human])
        #expect(query.groupBy == .agentGroupId)
        #expect(query.sections == [.groupBy])
        #expect(query.currentValue == [.assignedConversations, .humanAgentLoad])
        #expect(query.byTime == [
            .avgWaitTime, .avgTimeToResponse, .avgWaitTimeFirstResponse, .avgTimeToFirstResponseFirstAssignment,
            .closedConversations,
        ])
        #expect(query.sort == SortOrder(field: .metric(.closedConversations), direction: .desc))
        #expect(query.offset == 0 && query.limit == 50 && query.includeSubGroups == false)
    }

    @Test func requestExampleEncodesBackToEquivalentJSON() throws {
        let original = Data(SeedExamples.request.utf8)
        let request = try JSONDecoder().decode(MetricsRequest.self, from: original)
        let encoded = try JSONEncoder().encode(request)
        #expect(try object(encoded) == object(original))
    }

    @Test func responseExampleDecodes() throws {
        let response = try JSONDecoder().decode(MetricsResponse.self, from: Data(SeedExamples.response.utf8))
        #expect(response.metadata.count == 3)
        #expect(response.metadata.first?.href.hasSuffix("offset=0&limit=1&sort=closedConversations:desc") == true)
        #expect(response.metadata.selfLink?.rel == "self")
        #expect(response.metadata.last?.href.contains("offset=2") == true)
        let group = try #require(response.groupBy?.groups.first)
        #expect(response.groupBy?.groupByField == "agentGroupId")
        #expect(group.key == "1641709730" && group.keyDescription == "customerAssistanceSkill")
        #expect(group.metrics[.assignedConversations] == .long(6))
        #expect(group.metrics[.humanAgentLoad] == .double(1.18))
        #expect(group.metrics[.avgWaitTime] == .double(228_876.654))
        #expect(group.metrics[.closedConversations] == .long(1))
        #expect(group.metrics.count == 7)
        #expect(response.all == nil)
    }

    @Test func responseExampleEncodesBackToEquivalentJSON() throws {
        let original = Data(SeedExamples.response.utf8)
        let response = try JSONDecoder().decode(MetricsResponse.self, from: original)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let encoded = try encoder.encode(response)
        #expect(try object(encoded) == object(original))
        // Whole numbers stay whole on the wire.
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains("\"assignedConversations\":6,") || text.contains("\"assignedConversations\":6}"))
    }

    @Test func seedLinksAreWhatPageLinksComputes() throws {
        let response = try JSONDecoder().decode(MetricsResponse.self, from: Data(SeedExamples.response.utf8))
        let base = "https://localhost:8082/manager_workspace/api/account/le79144597/metrics"
        let links = PageLinks(offset: 1, limit: 1, count: 3) { "\(base)?offset=\($0)&limit=1&sort=closedConversations:desc" }
        #expect(links == response.metadata.links)
    }
}
