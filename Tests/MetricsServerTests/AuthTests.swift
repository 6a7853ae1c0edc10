import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer

/// Bearer authentication over HTTP, and that a token never leaks into a response or a log line.
@Suite struct AuthTests {
    static let auth = ServerSettings.Auth.bearer(tokens: [Fixture.token, Fixture.otherToken])

    @Test func missingTokenIs401() async throws {
        try await Fixture.app(Fixture.settings(auth: Self.auth)).test(.live) { client in
            let response = try await client.execute(uri: Fixture.metricsPath, method: .post, body: Fixture.json(Fixture.request()))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(response.errorBody == ErrorBody(error: "unauthorized", message: "missing bearer token"))

            var basic = HTTPFields()
            basic[.authorization] = "Basic dXNlcjpwYXNz"
            let other = try await client.execute(uri: Fixture.metricsPath, method: .post, headers: basic, body: Fixture.json(Fixture.request()))
            #expect(other.errorBody?.message == "missing bearer token")
        }
    }

    @Test func wrongTokenIs401AndIsNotEchoed() async throws {
        let logs = LogCapture()
        let wrong = "wrong-\(Fixture.token)"
        try await Fixture.app(Fixture.settings(auth: Self.auth), logs: logs).test(.live) { client in
            for candidate in [wrong, String(Fixture.token.dropLast()), Fixture.token + "x", Fixture.token.uppercased()] {
                let response = try await client.execute(
                    uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(candidate), body: Fixture.json(Fixture.request()))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.errorBody == ErrorBody(error: "unauthorized", message: "invalid bearer token"))
                #expect(!response.text.contains(candidate))
                #expect(!response.text.contains(Fixture.token))
            }
        }
        #expect(!logs.all.isEmpty)
        #expect(!logs.all.contains { $0.contains(Fixture.token) || $0.contains("wrong-") })
    }

    @Test func eitherTokenIsAccepted() async throws {
        let logs = LogCapture()
        try await Fixture.app(Fixture.settings(auth: Self.auth), logs: logs).test(.live) { client in
            for token in [Fixture.token, Fixture.otherToken] {
                var headers = Fixture.bearer(token)
                headers[.authorization] = "bearer  \(token) "  // scheme is case-insensitive; spaces tolerated
                let response = try await client.execute(
                    uri: Fixture.metricsPath, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
                #expect(response.status == .ok)
                #expect(!response.text.contains(token))
            }
        }
        #expect(!logs.all.contains { $0.contains(Fixture.token) || $0.contains(Fixture.otherToken) })
    }

    @Test func sideRoutesNeedNoToken() async throws {
        try await Fixture.app(Fixture.settings(auth: Self.auth)).test(.live) { client in
            let domain = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json?version=1.0", method: .get)
            let document = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(domain.status == .ok)
            #expect(document.status == .ok)
        }
    }

    @Test func tokenMatchingIsExact() {
        let set = TokenSet(["alpha", "beta-2", "alphabet"])
        #expect(set.match("alpha") == 0)
        #expect(set.match("beta-2") == 1)
        #expect(set.match("alphabet") == 2)
        #expect(set.match("alph") == nil)
        #expect(set.match("") == nil)
        #expect(set.match("ALPHA") == nil)
        #expect(TokenSet([]).match("alpha") == nil)
    }

    @Test func bearerHeaderParsing() {
        #expect(RequestAuthentication.bearerToken("Bearer abc") == "abc")
        #expect(RequestAuthentication.bearerToken("BEARER   abc  ") == "abc")
        #expect(RequestAuthentication.bearerToken("Bearer ") == nil)
        #expect(RequestAuthentication.bearerToken("Basic abc") == nil)
        #expect(RequestAuthentication.bearerToken("Bearerabc") == nil)
        #expect(RequestAuthentication.bearerToken(nil) == nil)
    }
}
