import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import OAuth1
import Testing
@testable import MetricsServer

/// OAuth 1.0a signed requests over real HTTP: the signature covers method, public URL and query; the
/// timestamp must be within 5 minutes; a nonce works once; nothing secret leaks.
@Suite struct OAuth1AuthTests {
    static let pathAndQuery = Fixture.metricsPath + "?offset=0&limit=10"

    @Test func correctlySignedRequestIs200() async throws {
        let logs = LogCapture()
        let clock = TestWallClock()
        let texts = Collected()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: logs, clock: clock).test(.live) { client in
            for key in [OAuthFixture.app1, OAuthFixture.app1b, OAuthFixture.app2] {
                let response = try await client.execute(
                    uri: Self.pathAndQuery, method: .post,
                    headers: OAuthFixture.signed(OAuthFixture.signer(key), pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds),
                    body: Fixture.json(Fixture.request()))
                #expect(response.status == .ok, "\(response.text)")
                texts.add(response.text)
            }
            // No query at all, and a query with characters that need encoding.
            for pathAndQuery in [Fixture.metricsPath, Fixture.metricsPath + "?limit=5&sort=closedConversations%3Adesc"] {
                let response = try await client.execute(
                    uri: pathAndQuery, method: .post,
                    headers: OAuthFixture.signed(OAuthFixture.signer(OAuthFixture.app1), pathAndQuery: pathAndQuery, timestamp: clock.seconds),
                    body: Fixture.json(Fixture.request()))
                #expect(response.status == .ok, "\(response.text)")
            }
        }
        #expect(OAuthFixture.leaked(in: texts.all + logs.all).isEmpty)
    }

    /// Without `--public-url` the server's own address is the base: a client signing
    /// `http://127.0.0.1:PORT/…` (what it connects to) verifies.
    @Test func signedAgainstTheBoundAddressWithoutPublicURL() async throws {
        let clock = TestWallClock()
        let settings = ServerSettings(host: "127.0.0.1", port: 0, auth: OAuthFixture.auth(), requestsPerMinute: 100_000)
        try await OAuthFixture.app(settings, logs: LogCapture(), clock: clock).test(.live) { client in
            let port = try #require(client.port)
            let headers = OAuthFixture.signed(
                OAuthFixture.signer(OAuthFixture.app2), base: "http://127.0.0.1:\(port)", pathAndQuery: Self.pathAndQuery,
                timestamp: clock.seconds)
            let response = try await client.execute(
                uri: Self.pathAndQuery, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
            #expect(response.status == .ok, "\(response.text)")
            // The same request signed for another base URL does not.
            let other = OAuthFixture.signed(
                OAuthFixture.signer(OAuthFixture.app2), base: "http://localhost:\(port)", pathAndQuery: Self.pathAndQuery,
                timestamp: clock.seconds)
            let refused = try await client.execute(
                uri: Self.pathAndQuery, method: .post, headers: other, body: Fixture.json(Fixture.request()))
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func wrongSecretsAndUnknownKeysAre401() async throws {
        let logs = LogCapture()
        let clock = TestWallClock()
        let texts = Collected()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: logs, clock: clock).test(.live) { client in
            let key = OAuthFixture.app1
            let signers = [
                OAuthFixture.signer(key, consumerSecret: "wrong-consumer-secret"),
                OAuthFixture.signer(key, tokenSecret: "wrong-token-secret"),
                OAuthFixture.signer(key, tokenSecret: OAuthFixture.app1b.tokenSecret),  // another token's secret
                OAuthFixture.signer(key, consumerSecret: OAuthFixture.app2.consumerSecret, tokenSecret: OAuthFixture.app2.tokenSecret),
                OAuthFixture.signer(OAuth1AppKey(consumerKey: "ck-unknown", consumerSecret: key.consumerSecret, token: key.token, tokenSecret: key.tokenSecret)),
                OAuthFixture.signer(OAuth1AppKey(consumerKey: key.consumerKey, consumerSecret: key.consumerSecret, token: "unknown-token", tokenSecret: key.tokenSecret)),
            ]
            for signer in signers {
                let response = try await client.execute(
                    uri: Self.pathAndQuery, method: .post,
                    headers: OAuthFixture.signed(signer, pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds),
                    body: Fixture.json(Fixture.request()))
                #expect(response.status == .unauthorized)
                #expect(response.errorBody == ErrorBody(error: "unauthorized", message: "invalid OAuth 1.0a signature"))
                #expect(response.headers[.wwwAuthenticate] == #"OAuth realm="kmmtop""#)
                texts.add(response.text)
            }
        }
        #expect(OAuthFixture.leaked(in: texts.all + logs.all).isEmpty)
        #expect(!logs.all.contains { $0.contains("wrong-") })
    }

    @Test func tamperedRequestsAre401() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            let signer = OAuthFixture.signer(OAuthFixture.app1)
            // Signed for limit=10, sent with limit=50 / an extra parameter / another path / another method.
            let cases: [(signedFor: String, method: String, sent: String)] = [
                (Self.pathAndQuery, "POST", Fixture.metricsPath + "?offset=0&limit=50"),
                (Self.pathAndQuery, "POST", Self.pathAndQuery + "&sort=closedConversations:asc"),
                (Self.pathAndQuery, "POST", Fixture.metricsPath + "?offset=0"),
                (Self.pathAndQuery, "GET", Self.pathAndQuery),
                ("/manager_workspace/api/account/other/metrics?offset=0&limit=10", "POST", Self.pathAndQuery),
            ]
            for (signedFor, method, sent) in cases {
                let headers = OAuthFixture.signed(signer, method: method, pathAndQuery: signedFor, timestamp: clock.seconds)
                let response = try await client.execute(uri: sent, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
                #expect(response.status == .unauthorized, "\(signedFor) sent as \(sent)")
                #expect(response.errorBody?.message == "invalid OAuth 1.0a signature")
            }
            // A header whose signature was edited by hand.
            var headers = OAuthFixture.signed(signer, pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds)
            let original = try #require(headers[.authorization])
            let parsed = try #require(OAuth1.parseAuthorizationHeader(original))
            let signature = try #require(parsed["oauth_signature"])
            let flipped = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
            headers[.authorization] = original.replacingOccurrences(
                of: OAuth1.percentEncode(signature), with: OAuth1.percentEncode(String(flipped)))
            let response = try await client.execute(uri: Self.pathAndQuery, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
            #expect(response.status == .unauthorized)
        }
    }

    @Test func staleOrFutureTimestampIs401() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            let signer = OAuthFixture.signer(OAuthFixture.app1)
            for offset in [-301, 301, -3600, 86_400] {
                let response = try await client.execute(
                    uri: Self.pathAndQuery, method: .post,
                    headers: OAuthFixture.signed(signer, pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds + offset),
                    body: Fixture.json(Fixture.request()))
                #expect(response.status == .unauthorized, "offset \(offset)")
                #expect(response.errorBody?.message == "OAuth 1.0a timestamp is more than 5 minutes from the server's clock")
            }
            for offset in [-300, 299] {
                let response = try await client.execute(
                    uri: Self.pathAndQuery, method: .post,
                    headers: OAuthFixture.signed(signer, pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds + offset),
                    body: Fixture.json(Fixture.request()))
                #expect(response.status == .ok, "offset \(offset)")
            }
            // A request signed now, replayed after the clock moved on 6 minutes, is stale.
            let headers = OAuthFixture.signed(signer, pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds)
            clock.advance(seconds: 360)
            let late = try await client.execute(uri: Self.pathAndQuery, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
            #expect(late.status == .unauthorized)
        }
    }

    @Test func replayedNonceIs401() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            let headers = OAuthFixture.signed(
                OAuthFixture.signer(OAuthFixture.app1), pathAndQuery: Self.pathAndQuery, nonce: "once-only", timestamp: clock.seconds)
            let first = try await client.execute(uri: Self.pathAndQuery, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
            #expect(first.status == .ok)
            clock.advance(seconds: 60)
            let replay = try await client.execute(uri: Self.pathAndQuery, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
            #expect(replay.status == .unauthorized)
            #expect(replay.errorBody == ErrorBody(error: "unauthorized", message: "OAuth 1.0a nonce already used"))
            // The same nonce from another app key is that key's own business.
            let other = OAuthFixture.signed(
                OAuthFixture.signer(OAuthFixture.app2), pathAndQuery: Self.pathAndQuery, nonce: "once-only", timestamp: clock.seconds)
            let third = try await client.execute(uri: Self.pathAndQuery, method: .post, headers: other, body: Fixture.json(Fixture.request()))
            #expect(third.status == .ok)
        }
    }

    @Test func malformedOrUnsupportedOAuthHeadersAre401() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            let good = try #require(
                OAuthFixture.signed(OAuthFixture.signer(OAuthFixture.app1), pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds)[.authorization])
            let cases: [(header: String, message: String)] = [
                (good.replacingOccurrences(of: "HMAC-SHA1", with: "PLAINTEXT"), "unsupported OAuth signature method; use HMAC-SHA1"),
                (good.replacingOccurrences(of: #"oauth_version="1.0""#, with: #"oauth_version="2.0""#), "unsupported OAuth version (only 1.0)"),
                (#"OAuth oauth_consumer_key="ck-alpha""#, "missing OAuth 1.0a parameter oauth_token"),
                (good.replacingOccurrences(of: "oauth_nonce=", with: "oauth_nonsense="), "missing OAuth 1.0a parameter oauth_nonce"),
                ("OAuth garbage", "missing credentials: send a bearer token or an OAuth 1.0a signature"),
            ]
            for (header, message) in cases {
                var headers = HTTPFields()
                headers[.authorization] = header
                let response = try await client.execute(uri: Self.pathAndQuery, method: .post, headers: headers, body: Fixture.json(Fixture.request()))
                #expect(response.status == .unauthorized)
                #expect(response.errorBody?.message == message)
            }
            // Nothing at all: both schemes are offered.
            let bare = try await client.execute(uri: Self.pathAndQuery, method: .post, body: Fixture.json(Fixture.request()))
            #expect(bare.status == .unauthorized)
            #expect(bare.headers[values: .wwwAuthenticate] == ["Bearer", #"OAuth realm="kmmtop""#])
        }
    }

    @Test func bearerTokensStillWorkBesideOAuth() async throws {
        let clock = TestWallClock()
        try await OAuthFixture.app(Fixture.settings(auth: OAuthFixture.auth()), logs: LogCapture(), clock: clock).test(.live) { client in
            let ok = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(Fixture.token), body: Fixture.json(Fixture.request()))
            #expect(ok.status == .ok)
            let wrong = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer("nope"), body: Fixture.json(Fixture.request()))
            #expect(wrong.errorBody == ErrorBody(error: "unauthorized", message: "invalid bearer token"))
            #expect(wrong.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    /// OAuth 1.0a only: a bearer token is not a credential there.
    @Test func oauth1OnlyServerRefusesBearer() async throws {
        let clock = TestWallClock()
        let auth = OAuthFixture.auth(bearer: [], oauth2: [])
        try await OAuthFixture.app(Fixture.settings(auth: auth), logs: LogCapture(), clock: clock).test(.live) { client in
            let response = try await client.execute(
                uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(Fixture.token), body: Fixture.json(Fixture.request()))
            #expect(response.status == .unauthorized)
            #expect(response.errorBody?.message == "missing OAuth 1.0a signature")
            #expect(response.headers[.wwwAuthenticate] == #"OAuth realm="kmmtop""#)
        }
    }

    /// The rate limit counts per consumer key: both tokens of `ck-alpha` share one budget, `ck-beta` has its own.
    @Test func rateLimitIsPerConsumerKey() async throws {
        let clock = TestWallClock()
        let settings = Fixture.settings(auth: OAuthFixture.auth(), requestsPerMinute: 2)
        try await OAuthFixture.app(settings, logs: LogCapture(), clock: clock, rateLimitClock: { 0 }).test(.live) { client in
            func send(_ key: OAuth1AppKey) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: Self.pathAndQuery, method: .post,
                    headers: OAuthFixture.signed(OAuthFixture.signer(key), pathAndQuery: Self.pathAndQuery, timestamp: clock.seconds),
                    body: Fixture.json(Fixture.request())
                ).status
            }
            let status1 = try await send(OAuthFixture.app1)
            #expect(status1 == .ok)
            let status2 = try await send(OAuthFixture.app1b)
            #expect(status2 == .ok)
            let status3 = try await send(OAuthFixture.app1)
            #expect(status3 == .tooManyRequests)
            let status4 = try await send(OAuthFixture.app2)
            #expect(status4 == .ok)
        }
    }

    // MARK: - The nonce memory

    @Test func nonceCacheRemembersForItsLifetimeAndIsBounded() {
        var cache = NonceCache(capacity: 3, lifetimeMillis: 600_000)
        #expect(cache.insert("a", now: 0) == .fresh)
        #expect(cache.insert("a", now: 599_999) == .replayed)
        #expect(cache.insert("b", now: 100_000) == .fresh)
        #expect(cache.insert("c", now: 200_000) == .fresh)
        // Full: refused until the oldest expires, and told when that is.
        #expect(cache.insert("d", now: 300_000) == .full(retryAfterSeconds: 300))
        #expect(cache.count == 3)
        #expect(cache.insert("d", now: 600_000) == .fresh)  // "a" expired
        #expect(cache.insert("a", now: 600_000) == .full(retryAfterSeconds: 100))
        #expect(cache.insert("a", now: 700_000) == .fresh)  // "b" expired, "a" is new again
        #expect(cache.count == 3)
        for i in 0..<5000 { _ = cache.insert("n\(i)", now: 10_000_000 + Int64(i) * 1_000_000) }
        #expect(cache.count <= 3)
    }
}
