import Foundation
import Testing

/// Alerts that reach a person who is not looking, as a supervisor's terminal gets them: the built
/// board in tmux against `kmmtop serve` on E2E's known account (every skill waits over a second).
@Suite(.serialized) struct AlertE2ETests {
    /// The bell flag of the board's window, as tmux keeps it (set by a BEL in a session nobody watches).
    static func bellFlag(_ board: Board) async throws -> String { try await board.tmux.display("#{window_bell_flag}") }

    @Test("a new critical breach rings the bell and feeds the alert command one JSON line per breach")
    func bellAndCommand() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let received = Scratch.shared.path("alerts-\(UUID().uuidString).jsonl")
        let board = try await Board.start(config: E2E.config(
            port: server.port, extra: "thresholds:\n  avgWaitTime: { crit: 1s }\nalerts:\n  command: \"cat >> \(received)\"\n"))
        defer { board.close() }
        try await board.waitUntilReady()
        let deadline = Date().addingTimeInterval(5)
        var flag = try await Self.bellFlag(board)
        while flag != "1", Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            flag = try await Self.bellFlag(board)
        }
        #expect(flag == "1", "the board's window never rang")
        // ALL and the three skills wait over a second: four critical breaches, each one line.
        let text = try await E2E.waitForFile(received) { $0.split(separator: "\n").count >= 4 }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(text)")
        let records = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(Set(records.map { $0["key"] as? String ?? "ALL" }) == ["ALL", "201", "202", "203"], "\(text)")
        #expect(records.allSatisfy { $0["level"] as? String == "crit" && $0["metric"] as? String == "avgWaitTime" && $0["limit"] as? Double == 1000 })
        #expect(records.allSatisfy { ($0["value"] as? Double ?? 0) > 1000 && ($0["view"] as? String ?? "").hasPrefix("by skill · last 1h") })
        // Sales (203) waited 120 s and 45 s for their first answers.
        let sales = try #require(records.first { $0["key"] as? String == "203" })
        #expect(sales["name"] as? String == "Sales")
        #expect(sales["value"] as? Double == 82_500)
        try await board.quit()
    }

    @Test("x in the breach log acknowledges the selected breach, and x again takes it back")
    func acknowledge() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds:\n  avgWaitTime: { crit: 1s }\n"))
        defer { board.close() }
        try await board.waitUntilReady()
        let tmux = board.tmux
        try await tmux.send("b")
        let log = try await tmux.waitFor("the breach log, the first entry selected") { $0.contains("Breach log (4)") && $0.contains("▸ ") }
        let selected = try #require(log.lines.first { $0.contains("▸ ") })
        #expect(selected.contains("(open)"), "\(log)")
        try await tmux.send("x")
        let acknowledged = try await tmux.waitFor("the entry acknowledged") { $0.lines.contains { $0.contains("▸ ") && $0.contains("(acknowledged)") } }
        #expect(acknowledged.lines.filter { $0.contains("(acknowledged)") }.count == 1, "\(acknowledged)")
        try await tmux.send("Down", "x")
        try await tmux.waitFor("a second entry acknowledged") { $0.lines.filter { $0.contains("(acknowledged)") }.count == 2 }
        try await tmux.send("x")
        try await tmux.waitFor("x again takes it back") { $0.lines.filter { $0.contains("(acknowledged)") }.count == 1 }
        try await board.closeOverlay()
        try await board.quit()
    }

    @Test("an acknowledged breach gets no more bell or command lines: its level rising to critical is told for the others only")
    func acknowledgingStopsTheRepeat() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let received = Scratch.shared.path("acked-\(UUID().uuidString).jsonl")
        let alerts = "alerts:\n  bell: false\n  command: \"cat >> \(received)\"\n"
        let config = Scratch.shared.path("acked-\(UUID().uuidString).yaml")
        try E2E.config(port: server.port, extra: "thresholds:\n  avgWaitTime: { warn: 1s }\n" + alerts, at: config)
        let board = try await Board.start(config: config)
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        // ALL and the three skills wait over a second: four warnings began, one line each.
        func records(_ text: String) throws -> [[String: Any]] {
            try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        }
        let began = try records(try await E2E.waitForFile(received) { $0.split(separator: "\n").count >= 4 })
        #expect(began.count == 4 && began.allSatisfy { $0["level"] as? String == "warn" }, "\(began)")
        // Acknowledge the breach log's first entry, and learn whose it is.
        try await tmux.send("b")
        let log = try await tmux.waitFor("the breach log") { $0.contains("Breach log (4)") && $0.contains("▸ ") }
        let selected = try #require(log.lines.first { $0.contains("▸ ") })
        let names = ["ALL": "ALL", "201": "Billing", "202": "カスタマーサポート", "203": "Sales"]
        let acked = try #require(names.first { selected.contains("WARN  \($0.value) wait ") }?.key, "\(selected)")
        try await tmux.send("x")
        try await tmux.waitFor("acknowledged") { $0.lines.contains { $0.contains("▸ ") && $0.contains("(acknowledged)") } }
        try await board.closeOverlay()
        // A critical line for all four: the level rises everywhere, and is told for the three others only.
        try E2E.config(port: server.port, extra: "thresholds:\n  avgWaitTime: { warn: 1s, crit: 2s }\n" + alerts, at: config)
        let raised = try records(try await E2E.waitForFile(received) { $0.split(separator: "\n").count >= 7 }).dropFirst(4)
        #expect(raised.count == 3 && raised.allSatisfy { $0["level"] as? String == "crit" }, "\(raised)")
        #expect(Set(raised.map { $0["key"] as? String ?? "ALL" }) == Set(names.keys).subtracting([acked]), "acknowledged \(acked): \(raised)")
        // And nothing more comes for it while it stands (three more polls).
        try await tmux.holds("no line for the acknowledged breach", for: 6) { _ in
            ((try? String(contentsOfFile: received, encoding: .utf8)) ?? "").split(separator: "\n").count == 7
        }
        try await board.quit()
    }

    @Test("alerts.bell: false keeps the terminal quiet through the same breaches")
    func bellOff() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(
            port: server.port, extra: "thresholds:\n  avgWaitTime: { crit: 1s }\nalerts:\n  bell: false\n"))
        defer { board.close() }
        try await board.waitUntilReady()
        try await board.tmux.waitFor("the critical breaches on the breach line") { $0.line(38).hasPrefix("breach  CRIT ") }
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            #expect(try await Self.bellFlag(board) == "0")
            try await Task.sleep(for: .milliseconds(200))
        }
        try await board.quit()
    }
}
