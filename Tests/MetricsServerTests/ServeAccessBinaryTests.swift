import AsyncHTTPClient
import Foundation
import NIOCore
import OAuth1
import Testing

/// `kmmtop serve`'s OAuth flags end to end: credentials files (owner-only), the sentinel token route,
/// OAuth 1.0a signed requests against the bound address, and no secret on stderr.
@Suite(.serialized) struct ServeAccessBinaryTests {
    static let consumerSecret = "CS-bin-SECRET-4711", token = "TK-bin-SECRET-0815", tokenSecret = "TS-bin-SECRET-2342"
    static let clientSecret = "CL-bin-SECRET-1234"

    static func file(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-access-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    static func send(
        port: Int, pathAndQuery: String, headers: [(String, String)], body: String
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(pathAndQuery)")
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), String(decoding: bytes.readableBytesView, as: UTF8.self))
    }

    static func metricsBody() -> String {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return #"{"filters":{"time":{"from":\#(now - 60_000),"to":\#(now)}},"responseSections":["all"],"metricsToRetrieveCurrentValue":["online_agents"]}"#
    }

    @Test func oauthFlagsWorkEndToEnd() async throws {
        let keys = try Self.file("# app keys\nck-bin \(Self.consumerSecret) \(Self.token) \(Self.tokenSecret)\n", mode: 0o600)
        let clients = try Self.file("client-bin \(Self.clientSecret)\n", mode: 0o400)
        defer {
            try? FileManager.default.removeItem(atPath: keys)
            try? FileManager.default.removeItem(atPath: clients)
        }
        let server = try ServerProcess(arguments: [
            "serve", "--port", "0", "--oauth1-keys-file", keys, "--oauth2-clients-file", clients, "--oauth2-token-ttl", "120",
        ])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(10))
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) }, "\(line)")
        let metrics = "/manager_workspace/api/account/90412345/metrics"

        // Nothing: 401 (credentials are configured, so the loopback default is not open).
        let bare = try await Self.send(port: port, pathAndQuery: metrics, headers: [("Content-Type", "application/json")], body: Self.metricsBody())
        #expect(bare.status == 401)

        // OAuth 1.0a, signed for the address the client connects to.
        let signer = OAuth1Signer(consumerKey: "ck-bin", consumerSecret: Self.consumerSecret, token: Self.token, tokenSecret: Self.tokenSecret)
        let pathAndQuery = metrics + "?limit=5"
        let header = signer.authorizationHeader(
            method: "POST", url: URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!, nonce: OAuth1.makeNonce(),
            timestamp: Int(Date().timeIntervalSince1970))
        let signed = try await Self.send(
            port: port, pathAndQuery: pathAndQuery, headers: [("Content-Type", "application/json"), ("Authorization", header)],
            body: Self.metricsBody())
        #expect(signed.status == 200, "\(signed.body)")

        // OAuth 2.0: a token from the sentinel route, then used as Bearer.
        let tokenAnswer = try await Self.send(
            port: port, pathAndQuery: "/sentinel/api/account/90412345/app/token?v=1.0&grant_type=client_credentials",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: "client_id=client-bin&client_secret=\(Self.clientSecret)")
        #expect(tokenAnswer.status == 200, "\(tokenAnswer.body)")
        #expect(tokenAnswer.body.contains(#""expires_in":120"#))
        let object = try JSONSerialization.jsonObject(with: Data(tokenAnswer.body.utf8)) as? [String: Any]
        let token = try #require(object?["access_token"] as? String)
        let bearer = try await Self.send(
            port: port, pathAndQuery: metrics, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")],
            body: Self.metricsBody())
        #expect(bearer.status == 200, "\(bearer.body)")

        #expect(try server.terminate(timeout: .seconds(5)) == 0)
        let stderr = server.stderrText()
        #expect(stderr.contains("OAuth 1.0a (1 app key), OAuth 2.0 (1 client, tokens valid 120 s)"), "\(stderr)")
        for secret in [Self.consumerSecret, Self.token, Self.tokenSecret, Self.clientSecret, token] {
            #expect(!stderr.contains(secret))
        }
    }

    @Test func credentialsFilesOthersCanReadAreRefused() async throws {
        for flag in ["--oauth1-keys-file", "--oauth2-clients-file"] {
            let path = try Self.file("id \(Self.clientSecret) \(Self.token) \(Self.tokenSecret)\n", mode: 0o644)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let server = try ServerProcess(arguments: ["serve", "--port", "0", flag, path])
            let status = try server.wait(timeout: .seconds(10))
            #expect(status != 0)
            let stderr = server.stderrText()
            #expect(stderr.contains("chmod 600"), "\(stderr)")
            #expect(!stderr.contains("SECRET"))
            #expect(server.remainingStdout().isEmpty)
        }
    }

    @Test func noAuthWithCredentialsIsRefused() async throws {
        let path = try Self.file("client-bin \(Self.clientSecret)\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--no-auth", "--oauth2-clients-file", path])
        #expect(try server.wait(timeout: .seconds(10)) != 0)
        #expect(server.stderrText().contains("use either --no-auth or"))
        let ttl = try ServerProcess(arguments: ["serve", "--port", "0", "--oauth2-token-ttl", "0"])
        #expect(try ttl.wait(timeout: .seconds(10)) != 0)
        #expect(ttl.stderrText().contains("--oauth2-token-ttl"))
    }
}
