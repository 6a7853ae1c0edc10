import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import OAuth1
import Synchronization
@testable import MetricsServer
import TestSupport

/// Credentials and helpers for the OAuth 1.0a and OAuth 2.0 tests. Every secret has a distinctive
/// text so a test can look for it in responses and logs.
enum OAuthFixture {
    static let app1 = OAuth1AppKey(
        consumerKey: "ck-alpha", consumerSecret: "CS-SECRET-alpha-7f3a", token: "TK-SECRET-alpha-19be", tokenSecret: "TS-SECRET-alpha-c0de")
    /// Same consumer key, another token: both must work and count as one credential.
    static let app1b = OAuth1AppKey(
        consumerKey: "ck-alpha", consumerSecret: "CS-SECRET-alpha-7f3a", token: "TK-SECRET-alpha2-55aa", tokenSecret: "TS-SECRET-alpha2-beef")
    static let app2 = OAuth1AppKey(
        consumerKey: "ck-beta", consumerSecret: "CS-SECRET-beta-0001", token: "TK-SECRET-beta-0002", tokenSecret: "TS-SECRET-beta-0003")
    static let client1 = OAuth2Client(clientId: "client-one", clientSecret: "CL-SECRET-one-8e8e")
    static let client2 = OAuth2Client(clientId: "client-two", clientSecret: "CL-SECRET-two-4d4d")

    /// Every secret above plus the bearer tokens: none may ever show up in a response or a log line.
    static let secrets = [
        app1.consumerSecret, app1.token, app1.tokenSecret, app1b.token, app1b.tokenSecret,
        app2.consumerSecret, app2.token, app2.tokenSecret, client1.clientSecret, client2.clientSecret,
        Fixture.token, Fixture.otherToken,
    ]

    static func auth(
        bearer: [String] = [Fixture.token], oauth1: [OAuth1AppKey] = [app1, app1b, app2],
        oauth2: [OAuth2Client] = [client1, client2], ttl: Int = 3600
    ) -> ServerSettings.Auth {
        .credentials(.init(bearerTokens: bearer, oauth1Keys: oauth1, oauth2Clients: oauth2, oauth2TokenTTLSeconds: ttl))
    }

    static func signer(_ key: OAuth1AppKey, consumerSecret: String? = nil, tokenSecret: String? = nil) -> OAuth1Signer {
        OAuth1Signer(
            consumerKey: key.consumerKey, consumerSecret: consumerSecret ?? key.consumerSecret, token: key.token,
            tokenSecret: tokenSecret ?? key.tokenSecret)
    }

    static func app(
        _ settings: ServerSettings, logs: LogCapture, clock: TestWallClock, rateLimitClock: SharedRateLimiter.Clock? = nil
    ) -> MetricsApplication {
        makeMetricsApplication(
            engine: Fixture.engine(), settings: settings, logger: logs.logger, rateLimitClock: rateLimitClock,
            authClock: { clock.now }, eventLoopGroup: serverEventLoops)
    }

    /// `Authorization: OAuth …` for `method` on `base + pathAndQuery`, signed at the clock's time.
    static func signed(
        _ signer: OAuth1Signer, method: String = "POST", base: String = Fixture.publicURL, pathAndQuery: String,
        nonce: String = OAuth1.makeNonce(), timestamp: Int
    ) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = signer.authorizationHeader(
            method: method, url: URL(string: base + pathAndQuery)!, nonce: nonce, timestamp: timestamp)
        headers[.contentType] = "application/json"
        return headers
    }

    static func tokenPath(account: String = Fixture.account, query: String = "v=1.0&grant_type=client_credentials") -> String {
        "/sentinel/api/account/\(account)/app/token?\(query)"
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\(OAuth1.percentEncode($0.0))=\(OAuth1.percentEncode($0.1))" }.joined(separator: "&"))
    }

    static var formHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        return headers
    }

    struct TokenAnswer: Decodable {
        var access_token: String
        var token_type: String
        var expires_in: Int
    }

    /// Checks that no secret appears in any of `texts`.
    static func leaked(in texts: [String]) -> [String] {
        secrets.filter { secret in texts.contains { $0.contains(secret) } }
    }
}

/// A wall clock (epoch milliseconds) the test moves by hand.
final class TestWallClock: Sendable {
    private let value: Mutex<Int64>

    init(_ start: Int64 = 1_764_000_000_000) {
        value = Mutex(start)
    }

    var now: Int64 { value.withLock { $0 } }
    var seconds: Int { Int(now / 1000) }

    func advance(seconds: Int64) {
        value.withLock { $0 += seconds * 1000 }
    }
}

/// Texts (response bodies) gathered inside a test client's closure, to search for secrets afterwards.
final class Collected: Sendable {
    private let texts = Mutex<[String]>([])
    func add(_ text: String) { texts.withLock { $0.append(text) } }
    var all: [String] { texts.withLock { $0 } }
}
