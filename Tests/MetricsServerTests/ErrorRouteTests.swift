import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
import Yams
@testable import MetricsServer

/// Unknown accounts and paths, wrong methods, oversized bodies, and the two side routes.
@Suite struct ErrorRouteTests {
    @Test func unknownAccountIs404() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await client.execute(
                uri: "/manager_workspace/api/account/x/metrics", method: .post, body: Fixture.json(Fixture.request()))
            #expect(response.status == .notFound)
            #expect(response.errorBody == ErrorBody(error: "not_found", message: "unknown account 'x'"))

            let domain = try await client.execute(uri: "/api/account/x/service/baseURI.json?version=1.0", method: .get)
            #expect(domain.status == .notFound)
            #expect(domain.errorBody?.error == "not_found")
        }
    }

    @Test func unknownPathIs404AndWrongMethodIs405() async throws {
        try await Fixture.app().test(.live) { client in
            let missing = try await client.execute(uri: "/nope/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/json")
            #expect(missing.errorBody?.error == "not_found")

            let wrong = try await client.execute(uri: Fixture.metricsPath, method: .get)
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "POST")
            #expect(wrong.errorBody?.error == "method_not_allowed")

            let wrongDomain = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json", method: .delete)
            #expect(wrongDomain.status == .methodNotAllowed)
            #expect(wrongDomain.headers[.allow] == "GET, HEAD")

            // Methods no router lists are wrong methods too, on every route.
            for path in [Fixture.metricsPath, "/manager_workspace/api/account/\(Fixture.account)/historical", "/openapi.yaml"] {
                let query = try await client.execute(uri: path, method: HTTPRequest.Method("QUERY")!)
                #expect(query.status == .methodNotAllowed, "QUERY \(path)")
            }
            // A path that only looks like ours is still not found.
            let deeper = try await client.execute(uri: "\(Fixture.metricsPath)/extra", method: .post)
            #expect(deeper.status == .notFound)
        }
    }

    /// HEAD on a GET route answers as GET without the body; TRACE is a method like any other wrong one.
    @Test func headAndTraceOnTheSideRoutes() async throws {
        try await Fixture.app().test(.live) { client in
            let domainPath = "/api/account/\(Fixture.account)/service/baseURI.json?version=1.0"
            let head = try await client.execute(uri: domainPath, method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == "application/json")
            let openAPI = try await client.execute(uri: "/openapi.yaml", method: .head)
            #expect(openAPI.status == .ok && openAPI.body.readableBytes == 0)
            for path in [domainPath, "/openapi.yaml", Fixture.metricsPath] {
                let trace = try await client.execute(uri: path, method: .trace)
                #expect(trace.status == .methodNotAllowed, "TRACE \(path)")
            }
            let headOnPost = try await client.execute(uri: Fixture.metricsPath, method: .head)
            #expect(headOnPost.status == .methodNotAllowed && headOnPost.headers[.allow] == "POST")
        }
    }

    /// The version parameters say 1.0 when given, as the OpenAPI document's `const` does.
    @Test func aVersionOtherThan1_0Is400NamingIt() async throws {
        try await Fixture.app().test(.live) { client in
            let wrong = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json?version=AAA", method: .get)
            #expect(wrong.status == .badRequest)
            #expect(wrong.errorBody?.field == "version" && wrong.errorBody?.message == "version must be 1.0, got 'AAA'")
            let absent = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json", method: .get)
            #expect(absent.status == .ok)
        }
    }

    @Test func bodyOver64KiBIs413() async throws {
        try await Fixture.app().test(.live) { client in
            // A valid request padded with 65 KiB of whitespace.
            var text = String(decoding: try JSONEncoder().encode(Fixture.request()), as: UTF8.self)
            text += String(repeating: " ", count: 65 * 1024)
            let response = try await client.execute(uri: Fixture.metricsPath, method: .post, body: ByteBuffer(string: text))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorBody?.error == "payload_too_large")
        }
    }

    @Test func exactly64KiBIsAccepted() async throws {
        try await Fixture.app().test(.live) { client in
            var text = String(decoding: try JSONEncoder().encode(Fixture.request()), as: UTF8.self)
            text += String(repeating: " ", count: 64 * 1024 - text.utf8.count)
            let response = try await client.execute(uri: Fixture.metricsPath, method: .post, body: ByteBuffer(string: text))
            #expect(response.status == .ok)
        }
    }

    @Test func domainLookUpAnswersThePublicHostAndPort() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json?version=1.0", method: .get)
            #expect(response.status == .ok)
            struct Answer: Decodable, Equatable {
                struct Entry: Decodable, Equatable { var service: String; var account: String; var baseURI: String }
                var baseURIs: [Entry]
            }
            #expect(try response.decode(Answer.self) == Answer(baseURIs: [
                .init(service: "agentManagerWorkspace", account: Fixture.account, baseURI: "kmm.example.test:8443"),
                .init(service: "sentinel", account: Fixture.account, baseURI: "kmm.example.test:8443"),
            ]))
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await Fixture.app().test(.live) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(response.text.hasPrefix("openapi: 3.1.0"))
            #expect(response.text.contains("/manager_workspace/api/account/{accountId}/metrics"))
            // Every metric of the catalog is described, in both spellings.
            for metric in Metric.allCases {
                #expect(response.text.contains("\(metric.responseKey):"), "\(metric)")
                #expect(response.text.contains("- \(metric.wireName)"), "\(metric)")
            }
        }
    }

    /// The document's own example body, sent as it says (its window made the last hour), is answered 200.
    @Test func theOpenAPIExampleBodyIsAccepted() async throws {
        try await Fixture.app().test(.live) { client in
            let document = try #require(try Yams.load(yaml: OpenAPIRoute.document) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            let post = try #require((paths["/manager_workspace/api/account/{accountId}/metrics"] as? [String: Any])?["post"] as? [String: Any])
            let content = try #require(((post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])
            var body = try #require(content["x-kmmtop-example"] as? [String: Any])
            #expect(content["example"] == nil, "a fixed example window goes stale")
            var filters = try #require(body["filters"] as? [String: Any])
            filters["time"] = ["from": Fixture.now - 3_600_000, "to": Fixture.now]
            body["filters"] = filters
            let data = try JSONSerialization.data(withJSONObject: body)
            let response = try await client.execute(uri: Fixture.metricsPath, method: .post, body: ByteBuffer(bytes: data))
            #expect(response.status == .ok, "\(response.text)")
        }
    }

    /// The document and the router agree: every documented operation is routed (no 404 for a path the
    /// document promises), and the document names every POST route the router has.
    @Test func everyDocumentedOperationIsRouted() async throws {
        try await Fixture.app().test(.live) { client in
            let document = try #require(try Yams.load(yaml: OpenAPIRoute.document) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(Set(paths.keys).isSuperset(of: [
                "/manager_workspace/api/account/{accountId}/metrics", "/manager_workspace/api/account/{accountId}/agent_view",
                "/manager_workspace/api/account/{accountId}/historical",
            ]))
            for (path, operations) in paths {
                for method in operations.keys {
                    let uri = path.replacingOccurrences(of: "{accountId}", with: Fixture.account)
                    let response = try await client.execute(
                        uri: uri, method: HTTPRequest.Method(method.uppercased())!, body: ByteBuffer(string: "{}"))
                    #expect(response.status != .notFound && response.status != .methodNotAllowed, "\(method) \(path)")
                }
            }
        }
    }

    @Test func requestsAreLoggedWithoutQueryOrBody() async throws {
        let logs = LogCapture()
        try await Fixture.app(logs: logs).test(.live) { client in
            _ = try await client.execute(
                uri: "\(Fixture.metricsPath)?limit=1&sort=closedConversations:desc", method: .post, body: Fixture.json(Fixture.request()))
        }
        let line = try #require(logs.all.first { $0.contains("POST ") })
        #expect(line.contains("POST \(Fixture.metricsPath) 200 "))
        #expect(line.contains(" ms"))
        #expect(!logs.all.contains { $0.contains("sort=") || $0.contains("closed_conversations") })
    }
}

/// A bug inside a handler answers a bare JSON 500 that reveals nothing, and the server keeps going.
@Suite struct InternalErrorTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "database password is hunter2 at /srv/secret" }
    }

    @Test func unexpectedErrorsBecomeOpaque500s() async throws {
        let logs = LogCapture()
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logs.logger))
        router.add(middleware: JSONErrorMiddleware())
        router.get("/boom") { _, _ -> String in throw Boom() }
        router.get("/fine") { _, _ in "fine" }
        let app = Application(router: router, logger: logs.logger)
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/boom", method: .get)
            #expect(response.status == .internalServerError)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.errorBody == ErrorBody(error: "internal_error", message: "internal server error"))
            #expect(!response.text.contains("hunter2"))
            #expect(try await client.execute(uri: "/fine", method: .get).status == .ok)
        }
        #expect(logs.all.contains { $0.contains("GET /boom 500") })
        #expect(!logs.all.contains { $0.contains("hunter2") })
    }
}
