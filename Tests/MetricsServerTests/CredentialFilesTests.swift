import Foundation
import Testing
@testable import MetricsServer

/// The OAuth credentials files: format, the owner-only mode rule shared with the tokens file, and
/// errors and descriptions that never show a secret.
@Suite struct CredentialFilesTests {
    static func write(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-creds-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func oauth1KeysFileParses() throws {
        let path = try Self.write(
            """
            # consumerKey consumerSecret token tokenSecret
            ck1 cs1-SECRET tk1-SECRET ts1-SECRET

            \tck1\tcs1-SECRET   tk2-SECRET ts2-SECRET
            ck1 cs1-SECRET tk1-SECRET ts1-SECRET
            """, mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let keys = try TokenSource.loadOAuth1Keys(file: path)
        #expect(keys == [
            OAuth1AppKey(consumerKey: "ck1", consumerSecret: "cs1-SECRET", token: "tk1-SECRET", tokenSecret: "ts1-SECRET"),
            OAuth1AppKey(consumerKey: "ck1", consumerSecret: "cs1-SECRET", token: "tk2-SECRET", tokenSecret: "ts2-SECRET"),
        ])
    }

    @Test func oauth2ClientsFileParses() throws {
        let path = try Self.write("# id secret\nclient-a sec-A-SECRET\nclient-b  sec-B-SECRET  \n", mode: 0o400)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TokenSource.loadOAuth2Clients(file: path) == [
            OAuth2Client(clientId: "client-a", clientSecret: "sec-A-SECRET"), OAuth2Client(clientId: "client-b", clientSecret: "sec-B-SECRET"),
        ])
    }

    @Test func filesOthersCanReadAreRefused() throws {
        for mode in [0o644, 0o640, 0o604, 0o660] {
            let path = try Self.write("ck cs-SECRET tk-SECRET ts-SECRET\n", mode: mode)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: TokenSource.LoadError.self) { try TokenSource.loadOAuth1Keys(file: path) }
            do {
                _ = try TokenSource.loadOAuth2Clients(file: path)
                Issue.record("mode \(String(mode, radix: 8)) accepted")
            } catch {
                #expect(error.message.contains("chmod 600"))
                #expect(error.message.contains("OAuth 2.0 clients file"))
                #expect(!error.message.contains("SECRET"))
            }
        }
        #expect(throws: TokenSource.LoadError.self) { try TokenSource.loadOAuth1Keys(file: "/nonexistent/kmmtop-keys") }
    }

    @Test func malformedLinesNameTheLineNeverTheSecret() {
        let cases: [(text: String, message: String)] = [
            ("ck cs-SECRET tk-SECRET\n", "line 1: expected 4 fields (consumerKey consumerSecret token tokenSecret), found 3"),
            ("# c\nck cs-SECRET tk-SECRET ts-SECRET extra-SECRET\n", "line 2: expected 4 fields"),
            ("ck cs-SECRÉT tk-SECRET ts-SECRET\n", "line 1: consumerSecret must be printable ASCII without spaces"),
            ("ck cs-SECRET tk-SECRET ts-SECRET\nck other-SECRET tk-SECRET ts-SECRET\n",
             "line 2: this consumer key and token are already listed with other secrets"),
        ]
        for (text, message) in cases {
            do {
                _ = try TokenSource.parseOAuth1Keys(text, source: "keys")
                Issue.record("accepted: \(message)")
            } catch {
                #expect(error.message.contains(message), "\(error.message)")
                #expect(!error.message.contains("SECRET"))
            }
        }
        do {
            _ = try TokenSource.parseOAuth2Clients("id a-SECRET\nid b-SECRET\n", source: "clients")
            Issue.record("accepted a client id twice")
        } catch {
            #expect(error.message == "clients line 2: this client id is already listed with another secret")
        }
    }

    @Test func descriptionsNeverShowSecrets() {
        let key = OAuth1AppKey(consumerKey: "ck", consumerSecret: "cs-SECRET", token: "tk-SECRET", tokenSecret: "ts-SECRET")
        let client = OAuth2Client(clientId: "id", clientSecret: "cl-SECRET")
        let auth = ServerSettings.Auth.credentials(.init(bearerTokens: ["bt-SECRET", "bt2-SECRET"], oauth1Keys: [key], oauth2Clients: [client]))
        let settings = ServerSettings(auth: auth)
        var dumped = ""
        dump(settings, to: &dumped)
        for text in ["\(auth)", "\(settings)", String(reflecting: settings), "\(key)", "\(client)", "\([key])", dumped] {
            #expect(!text.contains("SECRET"), "\(text)")
        }
        #expect("\(auth)" == "bearer (2 tokens), OAuth 1.0a (1 app key), OAuth 2.0 (1 client, tokens valid 3600 s)")
        #expect("\(ServerSettings.Auth.bearer(tokens: ["x"]))" == "bearer (1 token)")
        #expect("\(ServerSettings.Auth.none)" == "none")
    }
}
