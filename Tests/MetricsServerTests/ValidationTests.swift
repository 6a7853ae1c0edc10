import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer

/// Every way a request can be refused as invalid, over HTTP: status 400, the error code and the field.
@Suite struct ValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var query: String = ""
        var body: String
        var code: String = "invalid_request"
        var field: String?
        var testDescription: String { name }
    }

    static let hour: Int64 = 3_600_000
    static let now = Fixture.now

    static func body(_ request: MetricsRequest) -> String {
        String(decoding: try! JSONEncoder().encode(request), as: UTF8.self)
    }

    static let good = body(Fixture.request())

    static let cases: [Case] = [
        Case(name: "unknown metric", body: body(Fixture.request(byTime: ["closed_conversations", "nope"])), field: "metricsToRetrieveByTime[1]"),
        Case(name: "current metric among by-time ones", body: body(Fixture.request(byTime: ["online_agents"])), field: "metricsToRetrieveByTime[0]"),
        Case(name: "limit 51", query: "?limit=51", body: good, field: "limit"),
        Case(name: "limit 0", query: "?limit=0", body: good, field: "limit"),
        Case(name: "limit not a number", query: "?limit=ten", body: good, field: "limit"),
        Case(name: "offset -1", query: "?offset=-1", body: good, field: "offset"),
        Case(name: "unknown sort key", query: "?sort=csat:desc", body: good, field: "sort"),
        Case(name: "unknown sort order", query: "?sort=closedConversations:down", body: good, field: "sort"),
        Case(name: "25-hour window", body: body(Fixture.request(from: now - 25 * hour, to: now)), field: "filters.time"),
        Case(name: "from older than 24 h", body: body(Fixture.request(from: now - 24 * hour - 5 * 60_000, to: now - 23 * hour)), field: "filters.time.from"),
        Case(name: "from = Int64.min (overflow)", body: body(Fixture.request(from: .min, to: now)), field: "filters.time"),
        Case(name: "from after to", body: body(Fixture.request(from: now - hour, to: now - 2 * hour)), field: "filters.time.from"),
        Case(name: "missing filters", body: #"{"groupBy":"skillId"}"#, field: "filters"),
        Case(name: "missing filters.time", body: #"{"filters":{"skillIds":["s1"]},"groupBy":"skillId"}"#, field: "filters.time"),
        Case(name: "missing filters.time.to", body: #"{"filters":{"time":{"from":1763996400000}},"groupBy":"skillId"}"#, field: "filters.time.to"),
        Case(name: "malformed JSON", body: #"{"filters": {"time": "#, code: "malformed_json"),
        Case(name: "empty body", body: "", code: "malformed_json"),
        Case(name: "not an object", body: "[1,2,3]"),
        Case(name: "wrong type in skillIds", body: #"{"filters":{"time":{"from":1763996400000,"to":1764000000000},"skillIds":[1]},"groupBy":"skillId"}"#, field: "filters.skillIds[0]"),
        Case(name: "time as a string", body: #"{"filters":{"time":{"from":"yesterday","to":1764000000000}},"groupBy":"skillId"}"#, field: "filters.time.from"),
        Case(name: "fractional time", body: #"{"filters":{"time":{"from":1.5,"to":1764000000000}},"groupBy":"skillId"}"#, field: "filters.time.from"),
        Case(name: "time beyond a double", body: #"{"filters":{"time":{"from":1e400,"to":1764000000000}},"groupBy":"skillId"}"#, field: "filters.time.from"),
        Case(name: "to beyond a double", body: #"{"filters":{"time":{"from":1763996400000,"to":-1e400}},"groupBy":"skillId"}"#, field: "filters.time.to"),
        Case(name: "1e400 elsewhere is still malformed", body: #"{"filters":{"time":{"from":1e400,"to":1764000000000}},"groupBy":"skillId""#, code: "malformed_json"),
        Case(name: "time beyond Int64", body: #"{"filters":{"time":{"from":1763996400000,"to":99999999999999999999}},"groupBy":"skillId"}"#, field: "filters.time.to"),
        Case(name: "includeSubGroups not a bool", body: #"{"filters":{"time":{"from":1763996400000,"to":1764000000000},"includeSubGroups":"yes"},"groupBy":"skillId"}"#, field: "filters.includeSubGroups"),
        Case(name: "unknown groupBy", body: body(Fixture.request(groupBy: "agentId")), field: "groupBy"),
        Case(name: "groupBy missing with groupBy section", body: body(Fixture.request(groupBy: nil, sections: ["groupBy"])), field: "groupBy"),
        Case(name: "groupBy missing with default sections", body: body(Fixture.request(groupBy: nil)), field: "groupBy"),
        Case(name: "unknown section", body: body(Fixture.request(sections: ["all", "everything"])), field: "responseSections[1]"),
        Case(name: "unknown user type", body: #"{"filters":{"time":{"from":1763996400000,"to":1764000000000},"userTypes":["ROBOT"]},"groupBy":"skillId"}"#, field: "filters.userTypes[0]"),
    ]

    @Test(arguments: cases)
    func refused(_ test: Case) async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await client.execute(
                uri: Fixture.metricsPath + test.query, method: .post, body: ByteBuffer(string: test.body))
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.headers[.contentType] == "application/json")
            let error = try #require(response.errorBody, "not an ErrorBody: \(response.text)")
            #expect(error.error == test.code)
            #expect(error.field == test.field, "\(error.message)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func messagesNameTheValidValues() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await client.execute(
                uri: Fixture.metricsPath, method: .post, body: ByteBuffer(string: Self.body(Fixture.request(groupBy: "agentId"))))
            #expect(response.errorBody?.message.contains("skillId, agentGroupId") == true)
            let typed = try await client.execute(
                uri: Fixture.metricsPath, method: .post,
                body: ByteBuffer(string: #"{"filters":{"time":{"from":1,"to":2},"skillIds":[1]}}"#))
            #expect(typed.errorBody?.message == "field 'filters.skillIds[0]' must be a string")
        }
    }
}
