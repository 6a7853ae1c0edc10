import Foundation
import KeyMetrics
import Testing
@testable import MetricsClient

@Suite struct PagingTests {
    @Test func remainingOffsets() {
        #expect(Paging.remainingOffsets(count: 0) == [])
        #expect(Paging.remainingOffsets(count: 50) == [])
        #expect(Paging.remainingOffsets(count: 51) == [50])
        #expect(Paging.remainingOffsets(count: 2000).count == 39)
        #expect(Paging.remainingOffsets(count: 2000).last == 1950)
    }

    @Test func bodyIsTheWireFormat() throws {
        let query = MetricsQuery(
            time: RequestedTime(from: 1, to: 2), skillIds: ["b", "a"], userTypes: [.human], includeSubGroups: true,
            byTime: [.avgWaitTime], currentValue: [.humanAgentLoad], sections: [.all, .groupBy], groupBy: .agentGroupId)
        let body = Paging.body(for: query, sections: [.groupBy])
        #expect(body.metricsToRetrieveByTime == ["avg_wait_time"])
        #expect(body.metricsToRetrieveCurrentValue == ["human_agent_load"])
        #expect(body.responseSections == ["groupBy"])
        #expect(body.groupBy == "agentGroupId")
        #expect(body.filters?.skillIds == ["a", "b"])
        #expect(body.filters?.agentIds == nil)
        #expect(body.filters?.userTypes == ["HUMAN"])
        #expect(body.filters?.includeSubGroups == true)
        #expect(body.filters?.time == .init(from: 1, to: 2))
        // What the server would validate it back into.
        let back = try MetricsQuery(request: body)
        #expect(back.byTime == query.byTime && back.skillIds == query.skillIds && back.groupBy == query.groupBy)
    }

    @Test func url() {
        let url = Paging.url(
            base: URL(string: "https://va.example.net/")!, account: "123", offset: 50, limit: 50,
            sort: SortOrder(field: .metric(.closedConversations), direction: .desc))
        #expect(url?.absoluteString == "https://va.example.net/manager_workspace/api/account/123/metrics?offset=50&limit=50&sort=closedConversations:desc")
    }

    @Test func mergeKeepsOffsetOrderAndDropsRepeats() {
        func group(_ key: String) -> MetricsResponse.Group { .init(key: key, keyDescription: key, metrics: MetricValues()) }
        let merged = Paging.merge([100: [group("e")], 0: [group("a"), group("b")], 50: [group("c"), group("b"), group("d")]])
        #expect(merged.map(\.key) == ["a", "b", "c", "d", "e"])
    }
}

@Suite struct ExcerptTests {
    @Test func shortAndClean() {
        let excerpt = Excerpt()
        #expect(excerpt.clean("<html>\n  <body>Bad   Gateway</body>\n</html>") == "<html> <body>Bad Gateway</body> </html>")
        let long = excerpt.clean(String(repeating: "x", count: 500))
        #expect(long.count == 80 && long.hasSuffix("…"))
        #expect(excerpt.clean("\u{1b}[2Jred\u{7}\u{202e}") == "\u{FFFD}[2Jred\u{FFFD}\u{FFFD}")
        #expect(excerpt.clean(bytes: [0xff, 0xfe, 0x41]).hasSuffix("A"))
    }

    @Test func secretsAreBlankedOut() {
        let excerpt = Excerpt(secrets: [Secret("tok-123456"), Secret("abc")])
        #expect(excerpt.clean("invalid token tok-123456!") == "invalid token ‹secret›!")
    }
}

@Suite struct ConfigurationTests {
    func problem(_ configuration: ClientConfiguration) async -> String? {
        do {
            let client = try MetricsClient(configuration: configuration)
            await client.shutdown()
            return nil
        } catch {
            guard case .configuration(let message) = error else { return "not a configuration error: \(error)" }
            return message
        }
    }

    @Test func plainHTTPOnlyToLoopbackUnlessAllowed() async throws {
        #expect(await problem(.init(account: "1", server: URL(string: "http://metrics.example.com")!))?.contains("plain http") == true)
        #expect(await problem(.init(account: "1", csdsBaseURL: URL(string: "http://csds.example.com")!))?.contains("plain http") == true)
        let allowed = try MetricsClient(configuration: .init(account: "1", server: URL(string: "http://metrics.example.com")!, allowInsecureHTTP: true))
        await allowed.shutdown()
        for url in ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://metrics.example.com"] {
            let client = try MetricsClient(configuration: .init(account: "1", server: URL(string: url)!))
            await client.shutdown()
        }
    }

    @Test func refusesWhatCannotWork() async {
        #expect(await problem(.init(account: "")) != nil)
        #expect(await problem(.init(account: "../../x")) != nil)
        #expect(await problem(.init(account: "1", server: URL(string: "ftp://x.example.com")!)) != nil)
        #expect(await problem(.init(account: "1", server: URL(string: "https://me:pw@x.example.com")!))?.contains("pw") == false)
        #expect(await problem(.init(account: "1", maxConcurrent: 0)) != nil)
        #expect(await problem(.init(account: "1", requestsPerMinute: 0)) != nil)
        #expect(await problem(.init(account: "1", connectTimeoutSeconds: 0)) != nil)
        #expect(await problem(.init(account: "1", credentials: .bearer(token: Secret("")))) != nil)
    }

    @Test func errorsNeverShowSecrets() {
        let secret = Secret("hunter2-very-secret")
        let credentials = ClientConfiguration.Credentials.oauth2(clientId: secret, clientSecret: secret)
        #expect(!"\(credentials)".contains("hunter2"))
        #expect(!String(reflecting: credentials).contains("hunter2"))
        #expect(!"\(ClientError.unauthorized(kind: .oauth2, status: 401, message: nil))".contains("hunter2"))
    }
}
