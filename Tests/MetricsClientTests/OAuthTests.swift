import Foundation
import KeyMetrics
import MetricsEngine
import OAuth1
import Synchronization
import Testing
@testable import MetricsClient
@testable import MetricsServer

/// OAuth 1.0a and OAuth 2.0 end to end against the reference server (which verifies signatures and
/// runs the sentinel token route), and the OAuth 2.0 token cache and 401 refresh against a scripted server.
@Suite(.serialized) struct OAuthReferenceServerTests {
    static let account = ReferenceServerTests.account
    static let now = ReferenceServerTests.now
    static let key = OAuth1AppKey(consumerKey: "ck-2f9a", consumerSecret: "cs-SECRET-0b7e", token: "tk-5d1c", tokenSecret: "ts-SECRET-98aa")
    static let client = OAuth2Client(clientId: "client-4471", clientSecret: "s3cret &=+ é-CLIENT")

    func settings() -> ServerSettings {
        ServerSettings(
            host: "127.0.0.1", port: 0,
            auth: .credentials(.init(oauth1Keys: [Self.key], oauth2Clients: [Self.client])), maxConcurrent: 8, requestsPerMinute: 300)
    }

    func configuration(port: Int, credentials: ClientConfiguration.Credentials) -> ClientConfiguration {
        ClientConfiguration(
            account: Self.account, csdsBaseURL: URL(string: "http://127.0.0.1:\(port)")!, credentials: credentials,
            maxConcurrent: 3, requestsPerMinute: 60, connectTimeoutSeconds: 2, requestTimeoutSeconds: 20)
    }

    static let secrets = [key.consumerSecret, key.tokenSecret, client.clientSecret]

    @Test func oauth1SignedRequestsAreAccepted() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let clientLogs = LogCapture()
        let query = lastHourQuery(now: Self.now, groupBy: .skillId)
        let expected = try ReferenceServerTests.wire(engine.evaluate(query))
        let credentials = ClientConfiguration.Credentials.oauth1(
            consumerKey: Secret(Self.key.consumerKey), consumerSecret: Secret(Self.key.consumerSecret), token: Secret(Self.key.token),
            tokenSecret: Secret(Self.key.tokenSecret))
        let snapshot = try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port, credentials: credentials), logger: clientLogs.logger) { client in
                try await client.snapshot(query)
            }
        }
        #expect(snapshot.groups.count == 2000)
        #expect(ReferenceServerTests.firstDifference(snapshot.groups, expected.groups) == nil)
        #expect(logs.count("metrics 200") == 40)
        for line in logs.all + clientLogs.all {
            for secret in Self.secrets { #expect(!line.contains(secret)) }
        }
    }

    @Test func oauth1WrongSecretIsUnauthorized() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let credentials = ClientConfiguration.Credentials.oauth1(
            consumerKey: Secret(Self.key.consumerKey), consumerSecret: Secret("wrong-consumer-secret"), token: Secret(Self.key.token),
            tokenSecret: Secret(Self.key.tokenSecret))
        let result = try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port, credentials: credentials)) { client in
                await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
            }
        }
        guard case .unauthorized(.oauth1, 401, _) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(!"\(result.error!)".contains("wrong-consumer-secret"))
    }

    @Test func oauth2TokenFromSentinelIsFetchedOnceAndUsed() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let clientLogs = LogCapture()
        let query = lastHourQuery(now: Self.now, groupBy: .agentGroupId)
        let expected = try ReferenceServerTests.wire(engine.evaluate(query))
        let credentials = ClientConfiguration.Credentials.oauth2(clientId: Secret(Self.client.clientId), clientSecret: Secret(Self.client.clientSecret))
        try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port, credentials: credentials), logger: clientLogs.logger) { client in
                let first = try await client.snapshot(query)
                let second = try await client.snapshot(query)
                #expect(ReferenceServerTests.firstDifference(first.groups, expected.groups) == nil)
                #expect(second.groups == first.groups)
                #expect(await client.tokenFetches == 1)
                #expect(await client.domainLookups == 1)  // sentinel and the API from one look-up
            }
        }
        #expect(logs.count("POST /sentinel/api/account/\(Self.account)/app/token 200") == 1)
        #expect(logs.count("metrics 200") == 2)
        for line in logs.all + clientLogs.all {
            for secret in Self.secrets { #expect(!line.contains(secret)) }
        }
    }

    @Test func oauth2WrongSecretIsUnauthorized() async throws {
        let engine = await ReferenceServerTests.prepare()
        let logs = LogCapture()
        let credentials = ClientConfiguration.Credentials.oauth2(clientId: Secret(Self.client.clientId), clientSecret: Secret("not-it-XYZ"))
        let result = try await withReferenceServer(engine: engine, settings: settings(), logs: logs) { port in
            try await withClient(configuration(port: port, credentials: credentials)) { client in
                await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
            }
        }
        guard case .unauthorized(.oauth2, 401, let message) = result.error else { Issue.record("\(String(describing: result.error))"); return }
        #expect(message?.contains("not-it-XYZ") != true)
        #expect(logs.count("metrics") == 0)  // never reached the API without a token
    }
}

/// The OAuth 2.0 token flow and the OAuth 1.0a header against a scripted server, where every byte can be seen.
@Suite struct OAuthWireTests {
    static let now = FaultTests.now
    static let clientSecret = "p@ss word&=+é"

    func configuration(port: Int, credentials: ClientConfiguration.Credentials) -> ClientConfiguration {
        ClientConfiguration(
            account: "90412345", server: URL(string: "http://127.0.0.1:\(port)")!, credentials: credentials,
            maxConcurrent: 2, requestsPerMinute: 30, connectTimeoutSeconds: 1, requestTimeoutSeconds: 2)
    }

    static func token(_ value: String, expiresIn: Int?) -> [UInt8] {
        var object: [String: Any] = ["access_token": value, "token_type": "Bearer"]
        if let expiresIn { object["expires_in"] = expiresIn }
        return Array(try! JSONSerialization.data(withJSONObject: object))
    }

    @Test func oauth2FormBodyCacheAndOneRefreshAfter401() async throws {
        // A server that refuses the first token it issued and accepts the second.
        let issued = TokenLog()
        let refusing = try await FaultyServer.start { _, request in
            if request.uri.hasPrefix("/sentinel/") {
                return .respond(status: 200, body: OAuthWireTests.token(issued.issue(), expiresIn: 3600))
            }
            let bearer = request.header("Authorization") ?? ""
            if bearer == "Bearer \(issued.first ?? "")" {
                return .respond(status: 401, body: FaultTests.json(ErrorBody(error: "unauthorized", message: "token expired")))
            }
            return .respond(status: 200, body: FaultTests.page(count: 3, offset: 0, all: true))
        }
        let credentials = ClientConfiguration.Credentials.oauth2(clientId: Secret("my client"), clientSecret: Secret(Self.clientSecret))
        let (snapshot, fetches) = try await withClient(configuration(port: refusing.port, credentials: credentials)) { client in
            let snapshot = try await client.snapshot(lastHourQuery(now: Self.now))
            _ = try await client.snapshot(lastHourQuery(now: Self.now))  // cached token: no third fetch
            return (snapshot, await client.tokenFetches)
        }
        await refusing.stop()
        let received = refusing.snapshot.received
        #expect(snapshot.groups.count == 3)
        #expect(fetches == 2)
        #expect(received.map { $0.uri.hasPrefix("/sentinel/") ? "token" : "metrics" } == ["token", "metrics", "token", "metrics", "metrics"])
        let tokenRequest = received[0]
        #expect(tokenRequest.method == "POST")
        #expect(tokenRequest.uri == "/sentinel/api/account/90412345/app/token?v=1.0&grant_type=client_credentials")
        #expect(tokenRequest.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(String(decoding: tokenRequest.body, as: UTF8.self) == "client_id=my%20client&client_secret=p%40ss%20word%26%3D%2B%C3%A9")
        #expect(tokenRequest.header("Authorization") == nil)
        #expect(received[1].header("Authorization") == "Bearer \(issued.all[0])")
        #expect(received[3].header("Authorization") == "Bearer \(issued.all[1])")
        #expect(received[4].header("Authorization") == "Bearer \(issued.all[1])")
    }

    @Test func oauth2RefusedTwiceIsUnauthorizedAfterOneRefresh() async throws {
        let issued = TokenLog()
        let server = try await FaultyServer.start { _, request in
            if request.uri.hasPrefix("/sentinel/") { return .respond(status: 200, body: OAuthWireTests.token(issued.issue(), expiresIn: 120)) }
            return .respond(status: 401)
        }
        let credentials = ClientConfiguration.Credentials.oauth2(clientId: Secret("id"), clientSecret: Secret(Self.clientSecret))
        let result = try await withClient(configuration(port: server.port, credentials: credentials)) { client in
            await failure { () async throws(ClientError) in try await client.snapshot(lastHourQuery(now: Self.now)) }
        }
        await server.stop()
        #expect(result.error == .unauthorized(kind: .oauth2, status: 401, message: nil))
        #expect(server.snapshot.requests == 4)  // token, metrics, token, metrics — then give up
    }

    @Test func oauth1HeaderIsAValidSignatureWithAFreshNonce() async throws {
        let server = try await FaultyServer.start { _, request in
            .respond(status: 200, body: FaultTests.page(count: 120, offset: request.offset, all: request.offset == 0))
        }
        let credentials = ClientConfiguration.Credentials.oauth1(
            consumerKey: Secret("ck"), consumerSecret: Secret("cs-secret"), token: Secret("tk"), tokenSecret: Secret("ts-secret"))
        let port = server.port
        _ = try await withClient(configuration(port: port, credentials: credentials)) { client in
            try await client.snapshot(lastHourQuery(now: Self.now))
        }
        await server.stop()
        let signer = OAuth1Signer(consumerKey: "ck", consumerSecret: "cs-secret", token: "tk", tokenSecret: "ts-secret")
        var nonces = Set<String>()
        for request in server.snapshot.received {
            let header = try #require(request.header("Authorization"))
            let fields = try #require(OAuth1.parseAuthorizationHeader(header))
            let nonce = try #require(fields["oauth_nonce"])
            let timestamp = try #require(fields["oauth_timestamp"].flatMap(Int.init))
            #expect(abs(timestamp - Int(Date().timeIntervalSince1970)) < 60)
            let url = URL(string: "http://127.0.0.1:\(port)\(request.uri)")!
            #expect(header == signer.authorizationHeader(method: "POST", url: url, nonce: nonce, timestamp: timestamp))
            #expect(!header.contains("cs-secret") && !header.contains("ts-secret"))
            nonces.insert(nonce)
        }
        #expect(nonces.count == 3)  // three pages, three nonces
    }
}

/// Tokens a scripted sentinel handed out, in order.
final class TokenLog: Sendable {
    private let tokens = Mutex<[String]>([])
    func issue() -> String { tokens.withLock { $0.append("tok-\($0.count + 1)-\(UUID().uuidString.prefix(8))"); return $0.last! } }
    var all: [String] { tokens.withLock { $0 } }
    var first: String? { all.first }
}
