import Foundation
import Testing

/// The board as a supervisor's claim, end to end in tmux: every mark on it true, whatever the server
/// sends or how slowly, whatever the terminal, and nothing left running when the terminal goes.
@Suite("kmmtop watch tells the truth, end to end in tmux", .serialized)
struct BoardTruthE2ETests {
    // MARK: - The terminal going away

    @Test("closing the terminal (tmux kill-session) ends the board within 2 s")
    func killingTheSessionEndsTheBoard() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }  // if anything below throws, the session and the board still end
        try await board.waitUntilReady()
        let pid = try #require(board.pid)
        #expect(kill(pid, 0) == 0)
        try await board.tmux.run(["kill-session", "-t", board.tmux.session])
        #expect(try await Kmmtop.offPool { board.endsWithin(2, pid) }, "pid \(pid) still runs after its terminal closed")
    }

    @Test("SIGHUP ends the board with status 129 and gives the terminal back")
    func sighupEndsTheBoard() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }
        try await board.waitUntilReady()
        #expect(kill(try #require(board.pid), SIGHUP) == 0)
        try await board.waitForExit(statuses: [129])
        #expect(try await board.tmux.display("#{alternate_on}") == "0")
    }

    @Test("a fatal signal still gives the terminal back: main screen, echo and canonical mode")
    func fatalSignalRestoresTheTerminal() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        // Without Swift's backtracer (which runs after the terminal is back, and takes its time), the
        // signal's default action follows the restore at once.
        let board = try await Board.start(config: E2E.config(port: server.port), environment: ["SWIFT_BACKTRACE": "enable=no"])
        defer { board.close() }
        try await board.waitUntilReady()
        #expect(kill(try #require(board.pid), SIGSEGV) == 0)
        try await board.tmux.waitFor("the crash's exit status", timeout: 10) { $0.text.firstMatch(of: /EXITED (\d+)/) != nil }
        #expect(try await board.tmux.display("#{alternate_on}") == "0")
        try await board.tmux.shell("clear; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e icanon -e -echo -e -icanon | paste -sd, | sed 's/^/MODES=/'")
        let modes = try await board.tmux.waitFor("the modes") { $0.text.contains("\nMODES=") || $0.text.hasPrefix("MODES=") }
        #expect(modes.text.contains("MODES=icanon,echo"), "\(modes)")
    }

    // MARK: - A view change never fakes activity

    /// `w`, `u` and `s` against a server that holds every answer 3 s, on data that never changes (so
    /// any ▲/▼ or +/− on screen is a lie): every capture shows numbers that belong to the view the
    /// header names, the header says what is loading, and the new view's first frame has no marks.
    @Test("after w, u and s on a slow server the header always names the numbers on screen")
    func viewChangesOnASlowServer() async throws {
        let server = try await Kmmtop.Server.start(try StaticWorld.serverArguments() + ["--latency", "3s"])
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds: {}"))
        defer { board.close() }
        let tmux = board.tmux
        try await tmux.waitFor("the first view", timeout: 15) { StaticWorld.consistent($0) && $0.line(1).hasPrefix("ALL  online 5 ") }

        for (key, label, loading) in [("w", "· last 4h", "loading 4h…"), ("u", "· BOT", "loading BOT…"), ("s", "· subgroups on", "loading subgroups on…")] {
            let before = try await tmux.capture()
            try await tmux.send(key)
            // At once: the old view under its old label, and the words for what is coming.
            let pending = try await tmux.waitFor("'\(loading)' after \(key)", timeout: 2) { $0.line(0).contains(loading) }
            #expect(pending.line(1) == before.line(1), "the numbers changed before the new view came:\n\(pending)")
            #expect(!pending.line(0).contains(label), "the header named \(label) over the old numbers:\n\(pending)")
            // Until it lands, and after: every screen consistent with its own header.
            let landed = try await tmux.waitFor("\(label) on screen", timeout: 10) { screen in
                #expect(StaticWorld.consistent(screen), "a header over numbers it does not describe:\n\(screen)")
                return screen.line(0).contains(label) && !screen.line(0).contains("loading")
            }
            #expect(StaticWorld.consistent(landed), "\(landed)")
            try await tmux.holds("the \(label) view with no marks", for: 1) { StaticWorld.consistent($0) }
        }
        try await board.quit()
    }

    // MARK: - Numbers from the network

    @Test("a server sending 1e300, -1, 2^63 and 5e-324 leaves the board alive and every breach line true")
    func hostileNumbers() async throws {
        let server = try await FaultyServer.start { _, request in
            request.uri.contains("/metrics") ? .respond(status: 200, body: Array(HostileNumbers.body(request).utf8)) : .respond(status: 404)
        }
        defer { Task { await server.stop() } }
        let thresholds = """
            thresholds:
              avgWaitTime: { warn: 2m, crit: 5m }
              humanAgentLoad: { warn: 85%, crit: 95% }
              onlineAgents: { below_warn: 3, below_crit: 1 }
            """
        let board = try await Board.start(config: E2E.config(port: server.port, extra: thresholds))
        defer { board.close() }
        let tmux = board.tmux
        let screen = try await tmux.waitFor("the hostile rows", timeout: 10) { $0.contains("Edge") && $0.contains(">999d") }
        #expect(try await tmux.display("#{alternate_on}") == "1", "the board died")
        #expect(!screen.line(0).contains("poll failed"), "\(screen)")
        // Out-of-range values in their overflow and compact forms, never cut digits.
        for text in [">999d", ">9999%", "9.2E", "-1"] { #expect(screen.contains(text), "no \(text):\n\(screen)") }
        // The breach line and the breach log: every comparison true as printed.
        let breaches = screen.line(38)
        #expect(breaches.hasPrefix("breach  CRIT"), "\(screen)")
        try BreachComparisons.expectTrue(in: breaches)
        try await tmux.send("b")
        let log = try await tmux.waitFor("the breach log") { $0.contains("┌ Breach log (") }
        for text in ["Edge wait 5m00.4s > 5m", "Edge hload 95.3% > 95%", "Negative online -1 < 1", "Huge wait >999d > 5m"] {
            #expect(log.contains(text), "the log lacks '\(text)':\n\(log)")
        }
        #expect(!log.contains("Edge online 1 < 1"), "\(log)")
        for line in log.lines { try BreachComparisons.expectTrue(in: line) }
        try await board.closeOverlay()

        let snapshot = try await Kmmtop.runOffPool([
            "snapshot", "--account", "90412345", "--server", "http://127.0.0.1:\(server.port)", "--format", "table",
        ])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        for text in [">999d", ">9999%", "9.2E", "Negative", "-1"] { #expect(snapshot.stdout.contains(text), "no \(text):\n\(snapshot.stdout)") }
        try await board.quit()
    }

    // MARK: - Terminals outside the happy path

    @Test("kmmtop --plain | head -1 ends quietly, without a backtrace")
    func plainIntoAClosedPipe() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let config = try E2E.config(port: server.port)
        let script = "\(shellQuote(try Kmmtop.executable().path)) --config \(shellQuote(config)) --plain | head -1; echo \"STATUS ${PIPESTATUS[0]}\" >&2"
        let child = try ChildProcess(["-c", script], executable: URL(fileURLWithPath: "/bin/bash"))
        let status = try await Kmmtop.offPool { child.wait(timeout: 15) }
        #expect(status == 0)
        #expect(child.stderr().hasSuffix("STATUS 0\n"), "\(child.stderr())")
        #expect(!child.stderr().contains("Fatal") && !child.stderr().contains("Backtrace"), "\(child.stderr())")
        // The one line: an absolute time stamp, then the header.
        #expect(child.stdout().firstMatch(of: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d kmmtop  acct 90412345 · by skill · last 1h/) != nil, "\(child.stdout())")
    }

    @Test("plain output stamps each report and prints whole rows, panel under panel")
    func plainReports() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let child = try ChildProcess(["--config", try E2E.config(port: server.port), "--plain"])
        defer { _ = try? child.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while child.stdout().components(separatedBy: "\n\n").count < 3, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let reports = child.stdout().components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(reports.count >= 2, "\(child.stdout())")
        let first = try #require(reports.first).components(separatedBy: "\n")
        #expect(first[0].firstMatch(of: /^\d{4}-\d\d-\d\dT/) != nil)
        #expect(first[1].hasPrefix("ALL  online 6 "))
        // Each panel in full, one under another: the grep of a skill finds its row in each.
        #expect(first.filter { $0.hasPrefix("┌ ") }.map { $0.split(separator: " ").dropFirst(2).first.map(String.init) ?? "" }
            == ["Availability", "Load", "Wait", "Closures", "Queue"], "\(first)")
        #expect(first.filter { $0.contains("Billing") }.count == 5, "\(first)")
        #expect(first.contains { $0.hasPrefix("breach  WARN Sales online 2 < 3 for ") }, "\(first)")
    }

    @Test("LANG=C draws borders with the terminal's line set and shows every row's name")
    func cLocale() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port), environment: ["LANG": "C", "LC_ALL": "C"])
        defer { board.close() }
        let tmux = board.tmux
        let screen = try await tmux.waitFor("the board in ASCII", timeout: 10) { $0.line(1).hasPrefix("ALL  online 6 ") && $0.contains("\\u30AB") }
        // Every row's name: the Japanese one escaped, not lost.
        let names = ["Billing", "Sales", "\\u30AB\\u30B9"]
        for name in names { #expect(screen.contains(name), "no \(name):\n\(screen)") }
        #expect(!screen.text.unicodeScalars.contains { !$0.isASCII }, "a character the C locale cannot show:\n\(screen)")
        // Line drawing from the terminal's alternate set (shift-out), arrows as v/^.
        let escaped = try await tmux.capture(escapes: true)
        #expect(escaped.text.contains("\u{0E}l\u{0F} 1 Availability"), "\(escaped.text.debugDescription.prefix(400))")
        #expect(screen.line(2).contains("onlinev"), "\(screen)")
        try await board.quit()
    }

    @Test("TERM=dumb gets plain reports, not curses")
    func dumbTerminal() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port), environment: ["TERM": "dumb"])
        defer { board.close() }
        let screen = try await board.tmux.waitFor("a plain report", timeout: 10) { $0.contains("┌ 4 Closures") && $0.contains("breach  ") }
        #expect(screen.text.firstMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d kmmtop  acct 90412345/) != nil, "\(screen)")
        #expect(try await board.tmux.display("#{alternate_on}") == "0")
    }

    @Test("at 80×24 the sort column stays visible, the header keeps the view and the footer whole hints")
    func narrowBoard() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port), columns: 80, rows: 24)
        defer { board.close() }
        let tmux = board.tmux
        let screen = try await tmux.waitFor("the 80×24 board", timeout: 10) { $0.line(1).hasPrefix("ALL  online 6 ") && $0.line(3).contains("│ SKILL") }
        #expect(screen.line(0).hasPrefix("kmmtop  acct 90412345 · skill · 1h · HUMAN"), "\(screen)")
        #expect(E2E.half(screen.line(3), .right).contains("HLOAD"), "the Load panel's sort column is gone:\n\(screen)")
        #expect(screen.line(23).hasSuffix("q quit"), "\(screen)")
        // Sort the Load panel by its last column: it comes on screen.
        try await tmux.send("2")
        for _ in 0..<2 { try await tmux.send("Right") }
        try await tmux.waitFor("OLOAD shown when sorted by") { E2E.half($0.line(3), .right).contains("OLOAD") && $0.line(2).contains("oload▼") }
        try await board.quit()
    }
}

// MARK: - Fixtures

/// A world that never changes: five humans and two bots online, nine conversations closed at fixed
/// distances before the server's now, so each window has its own known count.
enum StaticWorld {
    /// Minutes before now of each close (all by human agents): 15m → 1, 1h → 3, 4h → 7, 24h → 9.
    static let closes: [Int64] = [5, 30, 50, 90, 120, 150, 200, 300, 600]

    static let world = """
        {"type":"skill","id":"201","name":"Billing"}
        {"type":"skill","id":"202","name":"Sales"}
        {"type":"agentGroup","id":"1","name":"Floor"}
        {"type":"agentGroup","id":"2","name":"Night","parentId":"1"}
        {"type":"agent","id":"h1","name":"H1","userType":"HUMAN","groupId":"1","skillIds":["201"],"maxSlots":3}
        {"type":"agent","id":"h2","name":"H2","userType":"HUMAN","groupId":"1","skillIds":["201"],"maxSlots":3}
        {"type":"agent","id":"h3","name":"H3","userType":"HUMAN","groupId":"2","skillIds":["201"],"maxSlots":3}
        {"type":"agent","id":"h4","name":"H4","userType":"HUMAN","groupId":"2","skillIds":["202"],"maxSlots":3}
        {"type":"agent","id":"h5","name":"H5","userType":"HUMAN","groupId":"2","skillIds":["202"],"maxSlots":3}
        {"type":"agent","id":"b1","name":"B1","userType":"BOT","groupId":"1","skillIds":["202"],"maxSlots":9}
        {"type":"agent","id":"b2","name":"B2","userType":"BOT","groupId":"1","skillIds":["202"],"maxSlots":9}

        """

    static let events: String = {
        let now: Int64 = 1_700_000_000_000
        var events: [(Int64, String)] = []
        func at(_ minutesAgo: Int64, _ body: String) { events.append((now - minutesAgo * 60_000, body)) }
        for agent in ["h1", "h2", "h3", "h4", "h5", "b1"] { at(700, #""type":"agentState","agentId":"\#(agent)","state":"ONLINE""#) }
        at(700, #""type":"agentState","agentId":"b2","state":"AWAY""#)
        for (index, minutes) in closes.enumerated() {
            let id = "c\(index)", agent = ["h1", "h2", "h3", "h4", "h5"][index % 5], skill = index % 5 < 3 ? "201" : "202"
            at(minutes + 2, #""type":"conversationOpened","conversationId":"\#(id)","skillId":"\#(skill)""#)
            at(minutes + 2, #""type":"consumerMessage","conversationId":"\#(id)""#)
            at(minutes + 2, #""type":"agentAssigned","conversationId":"\#(id)","agentId":"\#(agent)""#)
            at(minutes + 1, #""type":"agentMessage","conversationId":"\#(id)","agentId":"\#(agent)""#)
            at(minutes, #""type":"conversationClosed","conversationId":"\#(id)","closedBy":"AGENT""#)
        }
        // The latest event, which --rebase-time moves to the server's now.
        at(0, #""type":"agentState","agentId":"b2","state":"ONLINE""#)
        return E2E.jsonLines(events)
    }()

    static func serverArguments() throws -> [String] {
        let world = try Scratch.shared.write(world, named: "static-world-\(UUID().uuidString).jsonl")
        let events = try Scratch.shared.write(events, named: "static-events-\(UUID().uuidString).jsonl")
        return ["--world", world, "--events", events, "--rebase-time", "--no-auth"]
    }

    /// Whether the ALL line holds the numbers of the view the header names, and nothing on screen
    /// claims a change (the data never changes) or a new or vanished row on a view's first frame.
    static func consistent(_ screen: Tmux.Screen) -> Bool {
        let header = screen.line(0), all = screen.line(1)
        guard !all.hasPrefix("ALL  –") else { return header.contains("loading") }
        // The facts, in their long or compact form (`last 1h`/`1h`, `all users`/`all`).
        let users = header.contains("· BOT ·") ? "BOT" : header.contains(/· all( users)? ·/) ? "all" : "HUMAN"
        let online = ["HUMAN": 5, "BOT": 2, "all": 7][users] ?? -1
        let windows: [String: Int] = ["15m": 1, "1h": 3, "4h": 7, "24h": 9]
        guard let window = header.firstMatch(of: /· (?:last )?(15m|1h|4h|24h) ·/), let closedInWindow = windows[String(window.1)] else { return false }
        let closed = users == "BOT" ? 0 : closedInWindow
        guard all.hasPrefix("ALL  online \(online) "), all.hasSuffix("│ closed \(closed)") else { return false }
        // A change is an arrow and a size (`▲2`, `▼1m02s`); `online▼` on a panel's edge is its sort.
        let marks = screen.text.contains(/[▲▼][0-9]/)
            || screen.lines.contains { $0.hasPrefix("│+") || $0.hasPrefix("│-") || $0.contains("││+") || $0.contains("││-") }
        return !marks
    }
}

/// A metrics answer whose numbers are absurd, negative, past Int64, subnormal, and right at the lines.
enum HostileNumbers {
    static func body(_ request: FaultyServer.Request) -> String {
        let field = String(decoding: request.body, as: UTF8.self).contains("agentGroupId") ? "agentGroupId" : "skillId"
        func metrics(online: String, load: String, wait: String, closed: String) -> String {
            #"{"onlineAgents":\#(online),"humanAgentLoad":\#(load),"agentLoad":\#(load),"avgWaitTime":\#(wait),"avgWaitTimeFirstResponse":\#(wait),"closedConversations":\#(closed),"availableSlots":\#(closed)}"#
        }
        let groups = [
            #"{"key":"1","keyDescription":"Huge","metrics":\#(metrics(online: "9223372036854775808", load: "1e300", wait: "1e300", closed: "1e300"))}"#,
            #"{"key":"2","keyDescription":"Negative","metrics":\#(metrics(online: "-1", load: "-1", wait: "-1", closed: "-1"))}"#,
            #"{"key":"3","keyDescription":"Tiny","metrics":\#(metrics(online: "5", load: "5e-324", wait: "5e-324", closed: "0"))}"#,
            #"{"key":"4","keyDescription":"Edge","metrics":\#(metrics(online: "1", load: "0.953", wait: "300400", closed: "9007199254740993"))}"#,
        ]
        return #"{"metadata":{"count":4},"groupBy":{"groupByField":"\#(field)","groups":[\#(groups.joined(separator: ","))]},"all":{"metrics":\#(metrics(online: "9223372036854775807", load: "0.5", wait: "1e300", closed: "12"))}}"#
    }
}

/// Reads every `VALUE > LINE` and `VALUE < LINE` in a line of text and checks it holds for the numbers
/// as printed: `6m12s > 5m`, `95.3% > 95%`, `-1 < 1`, `>999d > 5m`.
enum BreachComparisons {
    static func expectTrue(in line: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for match in line.matches(of: /(>?-?[0-9][0-9.dhms%EPTGMk]*) ([<>]) ([0-9][0-9.dhms%]*)/) {
            let (value, symbol, limit) = (String(match.1), match.2, String(match.3))
            guard let left = number(value), let right = number(limit) else {
                Issue.record("cannot read '\(match.0)' in: \(line)", sourceLocation: sourceLocation)
                continue
            }
            #expect(symbol == ">" ? left > right : left < right, "'\(match.0)' is false as printed, in: \(line)", sourceLocation: sourceLocation)
        }
    }

    /// A printed value in base units (milliseconds, fractions, counts); `>999d` reads as just past 999 days.
    static func number(_ text: String) -> Double? {
        if text.hasPrefix(">") { return number(String(text.dropFirst())).map { $0 + 1 } }
        if text.hasSuffix("%") { return Double(text.dropLast()).map { $0 / 100 } }
        let suffixes: [Character: Double] = ["k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18]
        if let last = text.last, let scale = suffixes[last] { return Double(text.dropLast()).map { $0 * scale } }
        if let plain = Double(text) { return plain }
        var total = 0.0
        var digits = ""
        let units: [Character: Double] = ["d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000]
        for character in text {
            if let unit = units[character] {
                guard let amount = Double(digits) else { return nil }
                total += amount * unit
                digits = ""
            } else {
                digits.append(character)
            }
        }
        return digits.isEmpty ? total : nil
    }
}
