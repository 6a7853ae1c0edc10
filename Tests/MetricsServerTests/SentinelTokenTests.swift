import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import Testing
@testable import MetricsServer

/// The sentinel token route (OAuth 2.0 client credentials) over real HTTP, and the issued tokens on
/// the metrics route until they expire.
@Suite struct SentinelTokenTests {
    static func requestToken(
        _ client: some TestClientProtocol, id: String = OAuthFixture.client1.clientId,
        secret: String = OAuthFixture.client1.clientSecret, path: String = OAuthFixture.tokenPath()
    ) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: .post, headers: OAuthFixture.formHeaders,
            body: OAuthFixture.form([("client_id", id), ("client_secret", secret)]))
    }

    @Test func issuedTokenWorksAsBearerUntilItExpires() async throws {
        let logs = LogCapture()
        let clock = TestWallClock()
        let texts = Collected()
        let settings = Fixture.settings(auth: OAuthFixture.auth(ttl: 600))
        try await OAuthFixture.app(settings, logs: logs, clock: clock).test(.live) { client in
            let response = try await Self.requestToken(client)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.headers[.cacheControl] == "no-store")
            let answer = try response.decode(OAuthFixture.TokenAnswer.self)
            #expect(answer.token_type == "Bearer")
            #expect(answer.expires_in == 600)
            #expect(answer.access_token.count == 43)
            texts.add(response.text)

            let metrics = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(answer.access_token), body: Fixture.json(Fixture.request()))
            #expect(metrics.status == .ok, "\(metrics.text)")
            texts.add(metrics.text)

            // A second token for the same client is different, and both work.
            let second = try await Self.requestToken(client).decode(OAuthFixture.TokenAnswer.self)
            #expect(second.access_token != answer.access_token)

            clock.advance(seconds: 599)
            let stillGood = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(answer.access_token), body: Fixture.json(Fixture.request()))
            #expect(stillGood.status == .ok)

            clock.advance(seconds: 1)
            let expired = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(answer.access_token), body: Fixture.json(Fixture.request()))
            #expect(expired.status == .unauthorized)
            #expect(expired.errorBody == ErrorBody(error: "unauthorized", message: "expired bearer token; request a new one"))
            #expect(expired.headers[.wwwAuthenticate] == "Bearer")
            let again = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(second.access_token), body: Fixture.json(Fixture.request()))
            #expect(again.status == .unauthorized)
            texts.add(expired.text)
            texts.add(again.text)
        }
        #expect(OAuthFixture.leaked(in: texts.all + logs.all).isEmpty)
    }

    @Test func wrongClientIs401InvalidClient() async throws {
        let logs = LogCapture()
        let clock = TestWallClock()
        let texts = Collected()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: logs, clock: clock).test(.live) { client in
            let cases: [(id: String, secret: String)] = [
                (OAuthFixture.client1.clientId, "wrong-secret-1"),
                (OAuthFixture.client1.clientId, OAuthFixture.client2.clientSecret),
                ("no-such-client", OAuthFixture.client1.clientSecret),
                (OAuthFixture.client1.clientId, OAuthFixture.client1.clientSecret + "x"),
            ]
            for (id, secret) in cases {
                let response = try await Self.requestToken(client, id: id, secret: secret)
                #expect(response.status == .unauthorized)
                #expect(response.errorBody == ErrorBody(error: "invalid_client", message: "unknown client or wrong client secret"))
                #expect(response.headers[.wwwAuthenticate] == #"Basic realm="sentinel""#)
                #expect(!response.text.contains("wrong-secret"))
                texts.add(response.text)
            }
            let missing = try await client.execute(
                uri: OAuthFixture.tokenPath(), method: .post, headers: OAuthFixture.formHeaders,
                body: OAuthFixture.form([("client_id", OAuthFixture.client1.clientId)]))
            #expect(missing.status == .unauthorized)
            #expect(missing.errorBody?.error == "invalid_client")
            // A token a wrong client never got can't be used either.
            let bogus = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer("not-an-issued-token"), body: Fixture.json(Fixture.request()))
            #expect(bogus.errorBody?.message == "invalid bearer token")
        }
        #expect(OAuthFixture.leaked(in: texts.all + logs.all).isEmpty)
        #expect(!logs.all.contains { $0.contains("wrong-secret") })
    }

    @Test func grantTypeAndAccountAreChecked() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            let wrongGrant = try await Self.requestToken(client, path: OAuthFixture.tokenPath(query: "v=1.0&grant_type=password"))
            #expect(wrongGrant.status == .badRequest)
            #expect(wrongGrant.errorBody?.error == "unsupported_grant_type")

            let noGrant = try await Self.requestToken(client, path: OAuthFixture.tokenPath(query: "v=1.0"))
            #expect(noGrant.status == .badRequest)
            #expect(noGrant.errorBody?.error == "invalid_request")

            // grant_type in the body, as RFC 6749 has it, works too.
            let inBody = try await client.execute(
                uri: OAuthFixture.tokenPath(query: "v=1.0"), method: .post, headers: OAuthFixture.formHeaders,
                body: OAuthFixture.form([
                    ("grant_type", "client_credentials"), ("client_id", OAuthFixture.client2.clientId),
                    ("client_secret", OAuthFixture.client2.clientSecret),
                ]))
            #expect(inBody.status == .ok)

            let unknownAccount = try await Self.requestToken(client, path: OAuthFixture.tokenPath(account: "1234"))
            #expect(unknownAccount.status == .notFound)
            #expect(unknownAccount.errorBody?.error == "not_found")

            let get = try await client.execute(uri: OAuthFixture.tokenPath(), method: .get)
            #expect(get.status == .methodNotAllowed)
            #expect(get.headers[.allow] == "POST")
        }
    }

    @Test func secretsBelongInTheBodyNotTheURL() async throws {
        let logs = LogCapture()
        let clock = TestWallClock()
        let texts = Collected()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: logs, clock: clock).test(.live) { client in
            let path = OAuthFixture.tokenPath(
                query: "v=1.0&grant_type=client_credentials&client_id=client-one&client_secret=\(OAuthFixture.client1.clientSecret)")
            let response = try await client.execute(uri: path, method: .post)
            #expect(response.status == .badRequest)
            #expect(response.errorBody == ErrorBody(error: "invalid_request", message: "client_secret belongs in the form body, never in the URL"))
            texts.add(response.text)

            // A JSON body is not what the route speaks.
            var json = HTTPFields()
            json[.contentType] = "application/json"
            let jsonBody = try await client.execute(
                uri: OAuthFixture.tokenPath(), method: .post, headers: json,
                body: ByteBuffer(string: #"{"client_id":"client-one","client_secret":"\#(OAuthFixture.client1.clientSecret)"}"#))
            #expect(jsonBody.status == .badRequest)
            texts.add(jsonBody.text)
        }
        #expect(OAuthFixture.leaked(in: texts.all + logs.all).isEmpty)
    }

    @Test func httpBasicClientAuthenticationWorks() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            var headers = HTTPFields()
            let pair = "\(OAuthFixture.client2.clientId):\(OAuthFixture.client2.clientSecret)"
            headers[.authorization] = "Basic \(Data(pair.utf8).base64EncodedString())"
            let response = try await client.execute(uri: OAuthFixture.tokenPath(), method: .post, headers: headers)
            #expect(response.status == .ok, "\(response.text)")
            let token = try response.decode(OAuthFixture.TokenAnswer.self).access_token
            let metrics = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(token), body: Fixture.json(Fixture.request()))
            #expect(metrics.status == .ok)
        }
    }

    /// Tokens of one client share its rate budget, whatever token they use.
    @Test func rateLimitIsPerClient() async throws {
        let clock = TestWallClock()
        let settings = Fixture.settings(auth: OAuthFixture.auth(), requestsPerMinute: 2)
        try await OAuthFixture.app(settings, logs: LogCapture(), clock: clock, rateLimitClock: { 0 }).test(.live) { client in
            let a = try await Self.requestToken(client).decode(OAuthFixture.TokenAnswer.self).access_token
            let b = try await Self.requestToken(client).decode(OAuthFixture.TokenAnswer.self).access_token
            let c = try await Self.requestToken(client, id: OAuthFixture.client2.clientId, secret: OAuthFixture.client2.clientSecret)
                .decode(OAuthFixture.TokenAnswer.self).access_token
            func send(_ token: String) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(token), body: Fixture.json(Fixture.request())
                ).status
            }
            let status1 = try await send(a)
            #expect(status1 == .ok)
            let status2 = try await send(b)
            #expect(status2 == .ok)
            let status3 = try await send(a)
            #expect(status3 == .tooManyRequests)
            let status4 = try await send(c)
            #expect(status4 == .ok)
        }
    }

    @Test func domainLookupAnswersSentinel() async throws {
        try await Fixture.app(Fixture.settings(auth: OAuthFixture.auth())).test(.live) { client in
            let response = try await client.execute(uri: "/api/account/\(Fixture.account)/service/baseURI.json?version=1.0", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains(#"{"account":"90412345","baseURI":"kmm.example.test:8443","service":"sentinel"}"#))
        }
    }

    // MARK: - The token store

    @Test func issuedTokensExpireAndAreBounded() {
        var store = IssuedTokens(capacity: 2)
        store.insert("t1", clientIndex: 0, expiresAt: 1000, now: 0)
        store.insert("t2", clientIndex: 1, expiresAt: 1500, now: 500)
        #expect(store.look(up: "t1", now: 999) == .valid(clientIndex: 0))
        #expect(store.look(up: "t1", now: 1000) == .expired)
        #expect(store.look(up: "t1", now: 1001) == .unknown)  // purged
        #expect(store.count == 1)
        store.insert("t3", clientIndex: 0, expiresAt: 2000, now: 1001)
        store.insert("t4", clientIndex: 0, expiresAt: 2100, now: 1100)  // at capacity: the oldest (t2) goes
        #expect(store.count == 2)
        #expect(store.look(up: "t2", now: 1200) == .unknown)
        #expect(store.look(up: "t3", now: 1200) == .valid(clientIndex: 0))
        for i in 0..<3000 { store.insert("x\(i)", clientIndex: 0, expiresAt: 10_000 + Int64(i), now: 5000) }
        #expect(store.count == 2)
        #expect(store.look(up: "x2999", now: 5000) == .valid(clientIndex: 0))
        store.purge(now: 1_000_000)
        #expect(store.count == 0)
    }
}
