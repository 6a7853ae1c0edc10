import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The built `kmmtop relay` in front of `kmmtop serve` at the API's budget: many clients, one
/// client's requests upstream, no 429; and a spent budget answered from the last copy, said so.
@Suite(.serialized) struct RelayBinaryTests {
    static let account = "90412345"

    /// Requests the upstream server has logged (its request log, one line per request).
    static func upstreamRequests(_ server: Kmmtop.Server) -> [String] {
        server.child.stderr().split(separator: "\n").map(String.init).filter { $0.contains("POST /manager_workspace/") }
    }

    /// `kmmtop snapshot --format json` against `base`; its window's end as the API rounds it (a minute).
    static func snapshot(_ base: String) async throws -> (outcome: Kmmtop.Outcome, toMinute: Int64?) {
        let outcome = try await Kmmtop.runOffPool(["snapshot", "--server", base, "--account", account, "--format", "json"])
        let document = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let to = ((document?["window"] as? [String: Any])?["to"] as? NSNumber)?.int64Value
        return (outcome, to.map { ($0 + 59_999) / 60_000 })
    }

    /// A relay in front of `server` whose upstream budget is one request a minute and whose copies are
    /// never fresh (`--max-age 0s`): every request after the first finds the budget spent.
    static func starvedRelay(in server: Kmmtop.Server) async throws -> Kmmtop.Server {
        let config = try Scratch.shared.write(
            "account: \"\(account)\"\nserver: \(server.baseURL)\npoll:\n  requests_per_minute: 1\n", named: "relay-\(UUID().uuidString).yaml", mode: 0o644)
        return try await Kmmtop.Server.start(["--config", config, "--no-auth", "--max-age", "0s"], command: "relay")
    }

    @Test func twentyClientsOneClientsRequests() async throws {
        let server = try await Kmmtop.Server.start(["--requests-per-minute", "60", "--max-concurrent", "2"])
        defer { server.stop() }
        let relay = try await Kmmtop.Server.start(["--server", server.baseURL, "--account", Self.account, "--no-auth"], command: "relay")
        defer { relay.stop() }

        // What one client costs: a snapshot straight against the server.
        let alone = try await Self.snapshot(server.baseURL)
        #expect(alone.outcome.status == 0, "\(alone.outcome.stderr)")
        let perClient = Self.upstreamRequests(server).count
        #expect(perClient >= 1)

        // Twenty at once through the relay, twice.
        var minutes = Set<Int64>()
        for round in 1...2 {
            let outcomes = try await withThrowingTaskGroup(of: (outcome: Kmmtop.Outcome, toMinute: Int64?).self) { group in
                for _ in 0..<20 { group.addTask { try await Self.snapshot(relay.baseURL) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (outcome, minute) in outcomes {
                #expect(outcome.status == 0, "round \(round): \(outcome.stderr)")
                let groups = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])?["groups"] as? [Any]
                #expect((groups?.count ?? 0) >= 10, "round \(round): every client has the groups")
                if let minute { minutes.insert(minute) }
            }
            #expect(outcomes.count == 20)
        }
        let upstream = Self.upstreamRequests(server)
        #expect(!upstream.contains { $0.contains(" 429 ") }, "the upstream answered no request with 429:\n\(upstream.joined(separator: "\n"))")
        // Clients retry a 429, so their exit status would not show one: the relay's log would.
        let answered = Self.upstreamRequests(relay)
        #expect(answered.count >= 40 && answered.allSatisfy { $0.contains(" 200 ") }, "the relay answered every request 200:\n\(answered.filter { !$0.contains(" 200 ") })")
        // Windows ending in different minutes are different requests, for one client too: the relay may
        // make one client's requests once per minute its forty clients' windows ended in.
        let throughRelay = upstream.count - perClient
        #expect(throughRelay >= 1)
        #expect(throughRelay <= perClient * max(1, minutes.count), "\(throughRelay) upstream requests for 40 snapshots over \(minutes.count) minute(s); one client makes \(perClient)")
    }

    /// A stale copy is as old as it is: the client reads its `Age`, and the snapshot's `fetchedAt` (the
    /// board's "data Ns old") counts from when the copy was made, not from the request.
    @Test func aStaleCopysAgeReachesTheClient() async throws {
        let server = try await Kmmtop.Server.start([])
        defer { server.stop() }
        let relay = try await Self.starvedRelay(in: server)
        defer { relay.stop() }
        let first = try await Self.snapshot(relay.baseURL)
        #expect(first.outcome.status == 0, "\(first.outcome.stderr)")
        try await Task.sleep(for: .milliseconds(1_600))
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let second = try await Self.snapshot(relay.baseURL)
        #expect(second.outcome.status == 0, "the spent budget is answered from the copy: \(second.outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(second.outcome.stdout.utf8)) as? [String: Any])
        let fetchedAt = try #require((document["fetchedAt"] as? NSNumber)?.int64Value)
        #expect(fetchedAt <= before + 300 - 1_000, "fetchedAt \(fetchedAt) is at least the copy's 1 s age before the request at \(before)")
        #expect(Self.upstreamRequests(server).count == 1)
    }

    /// Walls sharing one token: a request waiting for an upstream call holds no concurrency slot. With
    /// the relay's per-credential limit at 1, a request arriving while two others wait (one for its
    /// call, one joined to it) is answered, not refused. (Two that arrive at the same instant may still
    /// meet in the slot while the relay validates them: that is what a limit of 1 means.)
    @Test func requestsWaitingForOneCallHoldNoSlot() async throws {
        let server = try await Kmmtop.Server.start(["--latency", "2s"])
        defer { server.stop() }
        let relay = try await Kmmtop.Server.start(
            ["--server", server.baseURL, "--account", Self.account, "--no-auth", "--max-concurrent", "1"], command: "relay")
        defer { relay.stop() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let body = #"{"filters":{"time":{"from":\#(now - 3_600_000),"to":\#(now)}},"metricsToRetrieveCurrentValue":["online_agents"],"groupBy":"skillId"}"#
        let base = relay.baseURL
        @Sendable func post() async throws -> Int {
            var request = URLRequest(url: try #require(URL(string: "\(base)/manager_workspace/api/account/\(Self.account)/metrics")))
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }
        /// Waits until the relay's `/metrics` shows `name` at `value` (its own figures say where the
        /// requests are).
        func awaitSample(_ name: String, _ value: Int) async throws {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let text = try await PrometheusBinaryTests.scrape(base)
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + "{") }),
                    line.split(separator: " ").last.flatMap({ Double($0) }) == Double(value)
                { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestFailure("the relay's \(name) never reached \(value)")
        }
        let first = Task { try await post() }
        try await awaitSample("kmmtop_relay_upstream_in_flight", 1)
        let second = Task { try await post() }
        try await awaitSample("kmmtop_relay_collapsed_total", 1)
        let third = try await post()
        #expect(third == 200, "a third request while two wait")
        #expect(try await second.value == 200)
        #expect(try await first.value == 200)
        let refused = Self.upstreamRequests(relay).filter { $0.contains(" 429 ") }
        #expect(refused.isEmpty, "the relay refused: \(refused)")
        #expect(Self.upstreamRequests(server).count == 1, "one upstream call for the three")
    }

    @Test func aRelayInFrontOfARelay() async throws {
        let server = try await Kmmtop.Server.start([])
        defer { server.stop() }
        let site = try await Kmmtop.Server.start(["--server", server.baseURL, "--account", Self.account, "--no-auth"], command: "relay")
        defer { site.stop() }
        let floor = try await Kmmtop.Server.start(["--server", site.baseURL, "--account", Self.account, "--no-auth"], command: "relay")
        defer { floor.stop() }
        var minutes = Set<Int64>()
        for _ in 0..<3 {
            let (outcome, minute) = try await Self.snapshot(floor.baseURL)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("\"groups\""))
            if let minute { minutes.insert(minute) }
        }
        let upstream = Self.upstreamRequests(server).count
        #expect(upstream >= 1 && upstream <= max(1, minutes.count), "\(upstream) requests reached the server for 3 snapshots through two relays")
    }

    @Test func aSpentBudgetAnswersFromTheLastCopyAndSaysSo() async throws {
        let server = try await Kmmtop.Server.start([])
        defer { server.stop() }
        let relay = try await Self.starvedRelay(in: server)
        defer { relay.stop() }

        let url = try #require(URL(string: "\(relay.baseURL)/manager_workspace/api/account/\(Self.account)/metrics?offset=0&limit=5"))
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func post(from: Int64) async throws -> (status: Int, headers: [AnyHashable: Any], body: String) {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"filters":{"time":{"from":\#(from),"to":\#(now)}},"metricsToRetrieveCurrentValue":["online_agents"],"groupBy":"skillId"}"#.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            return (http.statusCode, http.allHeaderFields, String(decoding: data, as: UTF8.self))
        }
        let first = try await post(from: now - 3_600_000)
        #expect(first.status == 200, "\(first.body)")
        #expect((first.headers["Cache-Status"] as? String)?.contains("stored") == true)

        // The same request again: its copy is past max age 0 s, the budget is spent: the copy answers.
        let again = try await post(from: now - 3_600_000)
        #expect(again.status == 200, "\(again.body)")
        #expect(again.body == first.body)
        let status = try #require(again.headers["Cache-Status"] as? String)
        #expect(status.contains("fwd=stale") && status.contains("upstream budget spent"), "\(status)")
        #expect(Int(again.headers["Age"] as? String ?? "") != nil)

        // Another request, never answered before: 429 with Retry-After, and the relay's own words.
        let other = try await post(from: now - 600_000)
        #expect(other.status == 429, "\(other.body)")
        let retry = try #require(Int(other.headers["Retry-After"] as? String ?? ""))
        #expect((1...60).contains(retry))
        #expect(other.body.contains("budget is spent"))
        #expect(Self.upstreamRequests(server).count == 1, "one upstream request in all")
    }
}
