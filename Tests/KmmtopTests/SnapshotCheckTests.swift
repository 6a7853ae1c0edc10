import Foundation
import KeyMetrics
import Testing

/// `kmmtop snapshot --check` as Nagios or Icinga runs it, against `kmmtop serve` on a known account
/// (E2E's imported world: online 6 in all, Billing 3, カスタマーサポート 1, Sales 2; closed 6, 3, 1, 2):
/// the exact plugin lines and the exit status of each case, and UNKNOWN (3) for every way a check can
/// fail to be made.
@Suite(.serialized) struct SnapshotCheckTests {
    static func config(port: Int, thresholds: String) throws -> String {
        try Scratch.shared.write(
            "account: \"90412345\"\nserver: http://127.0.0.1:\(port)\nthresholds:\n\(thresholds)\n",
            named: "check-\(UUID().uuidString).yaml", mode: 0o644)
    }

    static func check(_ server: Kmmtop.Server, _ thresholds: String, _ extra: [String] = []) async throws -> Kmmtop.Outcome {
        try await Kmmtop.runOffPool(["snapshot", "--check", "--config", try config(port: server.port, thresholds: thresholds)] + extra)
    }

    @Test func okWarningAndCriticalReadAsThePluginConventionSays() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }

        // unassignedConversations is not among the snapshot's default metrics: a check fetches it anyway.
        let ok = try await Self.check(server, "  onlineAgents: { below_warn: 1 }\n  unassignedConversations: { warn: 5 }")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout == "KMMTOP OK - no breaches (account and 3 skills) | 'online'=6;1:;;0 'queued'=0;5;;0\n")

        let warning = try await Self.check(server, "  onlineAgents: { below_warn: 3 }")
        #expect(warning.status == 1, "\(warning.stdout)\(warning.stderr)")
        #expect(warning.stdout == """
            KMMTOP WARNING - 2 breaches: カスタマーサポート online 1 < 3; Sales online 2 < 3 | 'online'=6;3:;;0
            WARNING: カスタマーサポート online 1 < 3
            WARNING: Sales online 2 < 3

            """)

        let critical = try await Self.check(server, "  onlineAgents: { below_warn: 3, below_crit: 2 }\n  closedConversations: { warn: 2 }")
        #expect(critical.status == 2, "\(critical.stdout)\(critical.stderr)")
        #expect(critical.stdout == """
            KMMTOP CRITICAL - 4 breaches: カスタマーサポート online 1 < 2; ALL closed 6 > 2; Billing closed 3 > 2; and 1 more | 'closed'=6;2;;0 'online'=6;3:;2:;0
            CRITICAL: カスタマーサポート online 1 < 2
            WARNING: ALL closed 6 > 2
            WARNING: Billing closed 3 > 2
            WARNING: Sales online 2 < 3

            """)

        // Grouped by agent group, the same account: Floor (b1 b2 j1 j2) has 3 online, Night Shift 3.
        let groups = try await Self.check(server, "  onlineAgents: { below_crit: 4 }", ["--group-by", "agentGroup"])
        #expect(groups.status == 2, "\(groups.stdout)\(groups.stderr)")
        #expect(groups.stdout.hasPrefix("KMMTOP CRITICAL - 2 breaches: Floor online 3 < 4; Night Shift online 3 < 4 | 'online'=6;;4:;0\n"), "\(groups.stdout)")
    }

    /// No line at all, or no data under any line: nothing was checked, which a monitoring system must
    /// not read as OK.
    @Test func nothingToJudgeIsUnknown() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let empty = try await Self.check(server, "  {}")
        #expect(empty.status == 3)
        #expect(empty.stdout == "KMMTOP UNKNOWN - nothing to judge: the configuration's thresholds are empty\n", "\(empty.stdout)")
        // csat has no data on this account (no survey was answered).
        let noData = try await Self.check(server, "  csat: { below_warn: 0.5 }")
        #expect(noData.status == 3)
        #expect(noData.stdout == "KMMTOP UNKNOWN - nothing to judge: no row has data for any metric with a line\n", "\(noData.stdout)")
    }

    @Test func aCheckThatCannotBeMadeIsUnknown() async throws {
        // Nothing listens on port 1: the server is unreachable.
        let unreachable = try await Kmmtop.runOffPool(["snapshot", "--check", "--config", try Self.config(port: 1, thresholds: "  onlineAgents: { below_warn: 1 }")])
        #expect(unreachable.status == 3)
        #expect(unreachable.stdout.hasPrefix("KMMTOP UNKNOWN - ") && unreachable.stdout.split(separator: "\n").count == 1, "\(unreachable.stdout)")
        #expect(unreachable.stdout.hasPrefix("KMMTOP UNKNOWN - cannot connect to 127.0.0.1"), "\(unreachable.stdout)")

        // A server that answers with something that is not the API's JSON.
        let faulty = try await FaultyServer.start { _, _ in .respond(status: 200, body: Array("{\"metadata\": oops".utf8)) }
        let bad = try await Kmmtop.runOffPool(["snapshot", "--check", "--config", try Self.config(port: faulty.port, thresholds: "  onlineAgents: { below_warn: 1 }")])
        await faulty.stop()
        #expect(bad.status == 3)
        #expect(bad.stdout.hasPrefix("KMMTOP UNKNOWN - "), "\(bad.stdout)")

        // No account configured: a check never judges the simulated demo account.
        let demo = try await Kmmtop.runOffPool(["snapshot", "--check"])
        #expect(demo.status == 3)
        #expect(demo.stdout.hasPrefix("KMMTOP UNKNOWN - no account configured"), "\(demo.stdout)")

        // A server that never answers: UNKNOWN at --timeout, before a monitoring system kills the check.
        let stalling = try await FaultyServer.start { _, _ in .stall }
        let started = ContinuousClock.now
        let slow = try await Kmmtop.runOffPool(["snapshot", "--check", "--timeout", "1s", "--config", try Self.config(port: stalling.port, thresholds: "  onlineAgents: { below_warn: 1 }")])
        let waited = ContinuousClock.now - started
        await stalling.stop()
        #expect(slow.status == 3)
        #expect(slow.stdout == "KMMTOP UNKNOWN - no answer within 1s (--timeout)\n", "\(slow.stdout)")
        #expect(waited < .seconds(10), "\(waited)")

        // A flag that contradicts the check, and a bad one: still the plugin's UNKNOWN, on stdout.
        let format = try await Kmmtop.runOffPool(["snapshot", "--check", "--format", "json"])
        #expect(format.status == 3)
        #expect(format.stdout.hasPrefix("KMMTOP UNKNOWN - --check prints the monitoring-plugin format"), "\(format.stdout)")
        let window = try await Kmmtop.runOffPool(["snapshot", "--check", "--window", "forever"])
        #expect(window.status == 3)
        #expect(window.stdout.hasPrefix("KMMTOP UNKNOWN - --window"), "\(window.stdout)")
    }
}
