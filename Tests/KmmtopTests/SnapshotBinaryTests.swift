import Dashboard
import Foundation
import KeyMetrics
import Testing

@testable import kmmtop

/// The built `kmmtop snapshot`, end to end: demo mode, each format against `kmmtop serve`, each exit
/// status, and no secret ever printed or logged.
@Suite(.serialized) struct SnapshotBinaryTests {
    static let demoNotice = "kmmtop: no account configured; using the built-in demo account 90412345 (simulated)"

    /// A config file for `server` with bearer `auth` lines, returned as a path.
    static func config(server: String, auth: String) throws -> String {
        try Scratch.shared.write("account: \"90412345\"\nserver: \(server)\n\(auth)", named: "config-\(UUID().uuidString).yaml", mode: 0o644)
    }

    @Test func demoModeJSON() async throws {
        let outcome = try await Kmmtop.runOffPool(["snapshot", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderrLines == [Self.demoNotice])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(document["account"] as? String == "90412345")
        #expect(document["groupBy"] as? String == "skillId")
        let all = try #require(document["all"] as? [String: Any])
        #expect(Set(all.keys) == Set(SnapshotOptions.defaultMetrics.map(\.responseKey)))
        #expect(((all["onlineAgents"] as? NSNumber)?.intValue ?? 0) > 0)
        #expect(((all["closedConversations"] as? NSNumber)?.intValue ?? 0) > 0)
        let groups = try #require(document["groups"] as? [[String: Any]])
        #expect(groups.count >= 10)
        let window = try #require(document["window"] as? [String: NSNumber])
        #expect(window["to"]!.int64Value - window["from"]!.int64Value == 3_600_000)
    }

    @Test func againstServeWithATokensFile() async throws {
        let token = "good-token-\(UUID().uuidString)"
        let tokens = try Scratch.shared.write("# the test's token\n\(token)\n")
        let server = try await Kmmtop.Server.start(["--tokens-file", tokens])
        defer { server.stop() }
        let tokenFile = try Scratch.shared.write(token + "\n")
        let config = try Self.config(server: server.baseURL, auth: "auth:\n  method: bearer\n  token_file: \(tokenFile)\n")

        let csv = try await Kmmtop.runOffPool(["snapshot", "--config", config, "--format", "csv", "--group-by", "agentGroup", "--sort", "closedConversations:desc"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stderr.isEmpty)
        let rows = csv.stdout.components(separatedBy: "\r\n").dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.map(String.init) == ["key", "name"] + SnapshotOptions.defaultMetrics.map(\.responseKey))
        #expect(rows.count > 5 && rows.allSatisfy { $0.count == rows[0].count })
        #expect(rows[1].prefix(2) == ["", "ALL"])
        let closed = rows.dropFirst(2).map { Int($0[rows[0].firstIndex(of: "closedConversations")!]) ?? -1 }
        #expect(closed == closed.sorted(by: >), "sorted as asked")

        let table = try await Kmmtop.runOffPool(["snapshot", "--config", config, "--format", "table", "--metrics", "online_agents,human_agent_load,avg_wait_time"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        // The columns in order; their widths follow the live data (a 10m05s wait widens WAIT), and the
        // alignment is checked below by every line being equally wide.
        #expect(lines.first?.split(separator: " ").map(String.init) == ["SKILL", "ONLINE", "HLOAD", "WAIT"])
        #expect(lines.dropFirst().first?.hasPrefix("ALL ") == true)
        #expect(Set(lines.map(DisplayWidth.of)).count == 1, "every line equally wide:\n\(table.stdout)")
        #expect(lines.contains { $0.hasPrefix("カスタマーサポート") })
    }

    @Test func wrongTokenIsAnAuthFailure() async throws {
        let server = try await Kmmtop.Server.start(["--tokens-file", try Scratch.shared.write("right-\(UUID().uuidString)\n")])
        defer { server.stop() }
        let config = try Self.config(server: server.baseURL, auth: "auth:\n  method: bearer\n  token_env: KMMTOP_TEST_TOKEN\n")
        let outcome = try await Kmmtop.runOffPool(
            ["snapshot", "--config", config], environment: Kmmtop.environment(["KMMTOP_TEST_TOKEN": "wrong-token"]))
        #expect(outcome.status == 77)
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.hasPrefix("kmmtop: "), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)

        let unset = try await Kmmtop.runOffPool(["snapshot", "--config", config])
        #expect(unset.status == 77)
        #expect(unset.stderrLines == ["kmmtop: \(config):5: auth.token_env: the environment variable KMMTOP_TEST_TOKEN is not set"])
    }

    @Test func closedPortIsANetworkFailure() async throws {
        let outcome = try await Kmmtop.runOffPool(["snapshot", "--account", "90412345", "--server", "http://127.0.0.1:\(try Self.closedPort())"])
        #expect(outcome.status == 69)
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.hasPrefix("kmmtop: "), "\(outcome.stderr)")
    }

    @Test func usageErrorsAreOneLineAnd64() async throws {
        for arguments in [
            ["snapshot", "--bogus"], ["snapshot", "--window", "2d"], ["snapshot", "--metrics", "avgWaitTime"],
            ["snapshot", "--format", "xml"], ["snapshot", "--config", Scratch.shared.path("absent.yaml")],
        ] {
            let outcome = try await Kmmtop.runOffPool(arguments)
            #expect(outcome.status == 64, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderrLines.count == 1 && outcome.stderr.hasPrefix("kmmtop: "), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        let badConfig = try Scratch.shared.write("account: \"1\"\npoll:\n  requests_per_minute: lots\n", named: "bad-\(UUID().uuidString).yaml")
        let outcome = try await Kmmtop.runOffPool(["snapshot", "--config", badConfig])
        #expect(outcome.status == 64)
        #expect(outcome.stderrLines == ["kmmtop: \(badConfig):3: poll.requests_per_minute: expected a whole number above 0, got \"lots\""])
    }

    @Test func helpListsTheExitStatuses() async throws {
        let outcome = try await Kmmtop.runOffPool(["snapshot", "--help"])
        #expect(outcome.status == 0)
        for text in ["64  usage", "69  network", "70  server", "77  authentication", "--group-by", "--include-sub-groups"] {
            #expect(outcome.stdout.contains(text), "\(text)")
        }
    }

    /// Every kind of secret, right and wrong, from the environment and from files: none may show up on
    /// stdout, stderr or in the log file, whatever happens.
    @Test func noSecretIsEverPrintedOrLogged() async throws {
        let id = UUID().uuidString.prefix(8)
        let good = (
            token: "planted-bearer-\(id)", clientId: "planted-client-\(id)", clientSecret: "planted-client-secret-\(id)",
            consumerKey: "planted-ck-\(id)", consumerSecret: "planted-cs-\(id)", accessToken: "planted-at-\(id)",
            accessTokenSecret: "planted-ats-\(id)")
        let wrong = (token: "planted-wrong-bearer-\(id)", clientSecret: "planted-wrong-client-secret-\(id)", consumerSecret: "planted-wrong-cs-\(id)")
        let planted = [good.token, good.clientId, good.clientSecret, good.consumerKey, good.consumerSecret, good.accessToken,
                       good.accessTokenSecret, wrong.token, wrong.clientSecret, wrong.consumerSecret]

        let server = try await Kmmtop.Server.start([
            "--tokens-file", try Scratch.shared.write("\(good.token)\n"),
            "--oauth2-clients-file", try Scratch.shared.write("\(good.clientId) \(good.clientSecret)\n"),
            "--oauth1-keys-file", try Scratch.shared.write("\(good.consumerKey) \(good.consumerSecret) \(good.accessToken) \(good.accessTokenSecret)\n"),
        ])
        defer { server.stop() }
        let file = { (secret: String) throws -> String in try Scratch.shared.write(secret + "\n") }
        let environment = Kmmtop.environment([
            "KT_TOKEN": good.token, "KT_WRONG_TOKEN": wrong.token, "KT_CLIENT_ID": good.clientId,
            "KT_CONSUMER_KEY": good.consumerKey, "KT_ACCESS_TOKEN": good.accessToken,
        ])
        let runs: [(auth: String, status: Int32)] = [
            ("method: bearer\n  token_env: KT_TOKEN", 0),
            ("method: bearer\n  token_file: \(try file(good.token))", 0),
            ("method: bearer\n  token_env: KT_WRONG_TOKEN", 77),
            ("method: bearer\n  token_file: \(try file(wrong.token))", 77),
            ("method: oauth2\n  client_id_env: KT_CLIENT_ID\n  client_secret_file: \(try file(good.clientSecret))", 0),
            ("method: oauth2\n  client_id_env: KT_CLIENT_ID\n  client_secret_file: \(try file(wrong.clientSecret))", 77),
            ("method: oauth1\n  consumer_key_env: KT_CONSUMER_KEY\n  consumer_secret_file: \(try file(good.consumerSecret))\n"
                + "  access_token_env: KT_ACCESS_TOKEN\n  access_token_secret_file: \(try file(good.accessTokenSecret))", 0),
            ("method: oauth1\n  consumer_key_env: KT_CONSUMER_KEY\n  consumer_secret_file: \(try file(wrong.consumerSecret))\n"
                + "  access_token_env: KT_ACCESS_TOKEN\n  access_token_secret_file: \(try file(good.accessTokenSecret))", 77),
        ]
        for (auth, expected) in runs {
            let config = try Self.config(server: server.baseURL, auth: "auth:\n  \(auth)\n")
            let log = Scratch.shared.path("log-\(UUID().uuidString)")
            for format in ["table", "json"] {
                let outcome = try await Kmmtop.runOffPool(["snapshot", "--config", config, "--log-file", log, "--format", format], environment: environment)
                #expect(outcome.status == expected, "\(auth): \(outcome.stderr)")
                let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                #expect(!logText.isEmpty, "the log file has something to check")
                for secret in planted {
                    #expect(!outcome.stdout.contains(secret), "\(auth): stdout shows a secret")
                    #expect(!outcome.stderr.contains(secret), "\(auth): stderr shows a secret")
                    #expect(!logText.contains(secret), "\(auth): the log shows a secret")
                }
            }
        }
    }

    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestFailure("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
