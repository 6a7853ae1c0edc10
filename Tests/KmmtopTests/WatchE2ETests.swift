import Foundation
import Testing

/// The dashboard end to end, as a supervisor uses it: the built `kmmtop` runs in a real terminal (a
/// private tmux server, 120×40, `TERM=tmux-256color`), keys go in with `tmux send-keys`, the screen
/// comes back with `tmux capture-pane`, and the board polls a child `kmmtop serve` over loopback.
/// Nothing here sleeps to synchronise: every step waits, with a timeout, for what the screen must show.
/// Serialized: one board and one server at a time, so the suite does not starve the timing-sensitive
/// suites that run beside it on two cores.
@Suite("kmmtop watch, end to end in tmux", .serialized)
struct WatchE2ETests {
    // MARK: - 1. Panels show the server's numbers

    @Test("the five panels show the imported world's numbers, the same ones kmmtop snapshot prints")
    func panelsShowTheServersNumbers() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds: {}"))
        defer { board.close() }
        let screen = try await board.waitUntilReady()

        #expect(screen.line(0).hasPrefix("kmmtop  acct 90412345 · by skill · last 1h · HUMAN · subgroups off"), "\(screen)")
        #expect(!screen.line(0).contains("DEMO"))
        for title in ["┌ 1 Availability ", "┌ 2 Load ", "┌ 3 Wait times ", "┌ 4 Closures ", "┌ 5 Queue "] {
            #expect(screen.contains(title), "no panel titled \(title):\n\(screen)")
        }
        // The ALL line: 6 ONLINE, 2 AWAY, 6 closed, as written in the events.
        #expect(screen.line(1).hasPrefix("ALL  online 6 back-soon 0 away 2 "), "\(screen)")
        #expect(screen.line(1).contains("│ closed 6"), "\(screen)")

        // Availability (top left), in its default order online▼: ONLINE BSOON AWAY SLOTS per skill.
        let availability = E2E.panelRows(screen, side: .left, rows: E2E.topRows)
        #expect(availability.map(\.name) == ["Billing", "Sales", "カスタマーサポー…"], "\(screen)")
        #expect(availability.first { $0.name == "Billing" }?.values == ["3", "0", "0", "8"], "\(screen)")
        #expect(availability.first { $0.name == "Sales" }?.values == ["2", "0", "1", "6"], "\(screen)")
        #expect(availability.first { $0.name.hasPrefix("カスタマー") }?.values == ["1", "0", "1", "3"], "\(screen)")
        // Closures (middle right): CLOSED AGENT CONS AUTO.
        let closures = E2E.panelRows(screen, side: .right, rows: E2E.middleRows)
        #expect(closures.first { $0.name == "Billing" }?.values == ["3", "1", "1", "1"], "\(screen)")
        #expect(closures.first { $0.name == "Sales" }?.values == ["2", "2", "0", "0"], "\(screen)")
        #expect(closures.first { $0.name.hasPrefix("カスタマー") }?.values == ["1", "0", "1", "0"], "\(screen)")
        // Wait times (middle left), worst first: Billing waited (90+30+60+300)/4 s = 2m00s.
        let waits = E2E.panelRows(screen, side: .left, rows: E2E.middleRows)
        #expect(waits.first?.name == "Billing" && waits.first?.values.first == "2m00s", "\(screen)")

        // Queue (across the bottom): nobody waits, so no percentiles ("–").
        let queue = E2E.panelRows(screen, side: .left, rows: E2E.bottomRows)
        #expect(queue.map(\.values) == [["0", "0", "–", "–"], ["0", "0", "–", "–"], ["0", "0", "–", "–"]], "\(screen)")

        // The same server through `kmmtop snapshot --format json` says the same.
        let snapshot = try await Kmmtop.runOffPool(["snapshot", "--account", "90412345", "--server", server.baseURL, "--format", "json", "--user-types", "HUMAN"])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        let all = try #require(json["all"] as? [String: Any])
        #expect((all["closedConversations"] as? Int) == 6)
        #expect((all["onlineAgents"] as? Int) == 6)
        let groups = try #require(json["groups"] as? [[String: Any]])
        let japanese = try #require(groups.first { ($0["key"] as? String) == "202" })
        #expect((japanese["name"] as? String) == "カスタマーサポート")
        let metrics = try #require(japanese["metrics"] as? [String: Any])
        #expect((metrics["onlineAgents"] as? Int).map(String.init) == availability.first { $0.name.hasPrefix("カスタマー") }?.values.first)

        try await board.quit()
    }

    @Test("the Queue panel shows who waits now, the overdue and the queue wait percentiles, as the server counts them")
    func queuePanelShowsTheServersNumbers() async throws {
        let server = try await E2E.importedServer(queue: true)
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds: {}"))
        defer { board.close() }
        // Not `waitUntilReady`: the waits grow by the second, so this board never holds still.
        let screen = try await board.tmux.waitFor("the queue polled") { screen in
            screen.line(1).contains("│ queued 3 p90 ") && E2E.panelRows(screen, side: .left, rows: E2E.bottomRows).count == 3
        }
        // Across the bottom, most waiting first: QUEUED OVRDUE QP50 QP90. Billing has two waiting (400 s,
        // overdue, and 90 s), Sales one (30 s), the third skill none (no percentiles: "–").
        let queue = E2E.panelRows(screen, side: .left, rows: E2E.bottomRows)
        #expect(screen.contains("┌ 5 Queue ") && E2E.half(screen.line(26), .left).hasSuffix(" queued▼ ┐"), "\(screen)")
        #expect(queue.map(\.name) == ["Billing", "Sales", "カスタマーサポート"], "\(screen)")
        #expect(queue.map { Array($0.values.prefix(2)) } == [["2", "1"], ["1", "0"], ["0", "0"]], "\(screen)")
        #expect(queue.last?.values == ["0", "0", "–", "–"], "\(screen)")

        // `kmmtop snapshot` of the same server, moments later: the waits agree within the seconds between.
        let snapshot = try await Kmmtop.runOffPool([
            "snapshot", "--account", "90412345", "--server", server.baseURL, "--format", "json", "--user-types", "HUMAN",
            "--metrics", "unassigned_conversations,overdue_conversations_in_queue,queue_wait_time_50th_percentile,queue_wait_time_90th_percentile",
        ])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(snapshot.stdout.utf8)) as? [String: Any])
        let groups = try #require(json["groups"] as? [[String: Any]])
        let billing = try #require(groups.first { ($0["key"] as? String) == "201" }?["metrics"] as? [String: Any])
        #expect((billing["unassignedConversations"] as? Int) == 2 && (billing["overdueConversationsInQueue"] as? Int) == 1, "\(billing)")
        let shown = try #require(queue.first?.values)
        for (index, key) in [(2, "queueWaitTime50thPercentile"), (3, "queueWaitTime90thPercentile")] {
            let served = try #require(billing[key] as? Int, "\(key) in \(billing)")
            let onScreen = try #require(E2E.seconds(shown[index]), "\(shown)")
            #expect(abs(served / 1000 - onScreen) <= 10, "\(key): \(served) ms served, \(shown[index]) shown")
        }
        try await board.quit()
    }

    // MARK: - 2. Every key of the key table

    @Test("every key of the key table does what the help says")
    func everyKey() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        // A 10 s interval, so a fresh "data 0s old" after Ctrl-R can only be Ctrl-R's doing; the
        // documented default thresholds apply (no thresholds: section), so the breach log has entries.
        let board = try await Board.start(config: E2E.config(port: server.port, interval: "10s"))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        func availabilityNames(_ screen: Tmux.Screen) -> [String] { E2E.panelRows(screen, side: .left, rows: E2E.topRows).map(\.name) }
        let japanese = "カスタマーサポー…"

        // F1 ? h: help, with each binding's words; Esc closes it.
        for key in ["F1", "?", "h"] {
            try await tmux.send(key)
            let help = try await tmux.waitFor("the help overlay after \(key)") { $0.contains("┌ Keys ") }
            for text in ["close an overlay, clear the filter", "focus the previous panel", "window: 15m, 1h, 4h, 24h", "poll now"] {
                #expect(help.contains(text), "help lacks '\(text)':\n\(help)")
            }
            try await board.closeOverlay()
        }

        // Focus: the focused panel's sort label on its top edge is the one ←/→ move.
        func expectFocus(_ key: String, row: Int, side: E2E.Side, from: String, to: String) async throws {
            try await tmux.send(key)
            try await tmux.send("Right")
            try await tmux.waitFor("\(to) on the \(side) panel of row \(row) after \(key) →") { E2E.half($0.line(row), side).contains(" \(to) ┐") }
            try await tmux.send("Left")
            try await tmux.waitFor("\(from) back after ←") { E2E.half($0.line(row), side).contains(" \(from) ┐") }
        }
        try await expectFocus("Tab", row: 2, side: .right, from: "hload▼", to: "oload▼")
        try await expectFocus("BTab", row: 2, side: .left, from: "online▼", to: "bsoon▼")
        try await expectFocus("3", row: 14, side: .left, from: "wait▼", to: "first▼")
        try await expectFocus("4", row: 14, side: .right, from: "closed▼", to: "agent▼")
        // The Queue spans row 26 alone (no seam: its "half" is the whole line).
        try await expectFocus("5", row: 26, side: .left, from: "queued▼", to: "ovrdue▼")
        try await expectFocus("2", row: 2, side: .right, from: "hload▼", to: "oload▼")
        try await expectFocus("1", row: 2, side: .left, from: "online▼", to: "bsoon▼")
        // > and < are → and ←; the sort column's header cell is in reverse video, only in the focused panel.
        try await tmux.send(">")
        let sorted = try await tmux.waitFor("bsoon▼ after >", escapes: true) { $0.contains("bsoon▼") }
        #expect(E2E.attributes(of: " BSOON", in: sorted.line(3)).reverse, "BSOON not highlighted: \(sorted.line(3).debugDescription)")
        #expect(!E2E.attributes(of: " ONLINE", in: sorted.line(3)).reverse, "ONLINE still highlighted")
        #expect(!E2E.attributes(of: " HLOAD", in: sorted.line(3)).reverse, "an unfocused panel's sort column is highlighted")
        try await tmux.send("<")
        try await tmux.waitFor("online▼ after <") { $0.line(2).contains(" online▼ ┐") }

        // r reverses: online▼ is 3, 2, 1 agents; online▲ is 1, 2, 3.
        #expect(availabilityNames(try await tmux.capture()) == ["Billing", "Sales", japanese])
        try await tmux.send("r")
        try await tmux.waitFor("online▲ with the rows flipped") { $0.line(2).contains("online▲") && availabilityNames($0) == [japanese, "Sales", "Billing"] }
        try await tmux.send("r")
        try await tmux.waitFor("online▼ with the rows back") { $0.line(2).contains("online▼") && availabilityNames($0) == ["Billing", "Sales", japanese] }

        // Selection keys, each checked by Enter: the detail box is titled with the selected row.
        let moves: [(key: String, title: String)] = [
            ("Home", "Billing (201)"), ("End", "カスタマーサポート (202)"), ("k", "Sales (203)"), ("PPage", "Billing (201)"),
            ("Down", "Sales (203)"), ("j", "カスタマーサポート (202)"), ("Up", "Sales (203)"), ("NPage", "カスタマーサポート (202)"),
        ]
        for (key, title) in moves {
            try await tmux.send(key)
            try await tmux.send("Enter")
            // The box is whole once its last line (the row's breaches) is drawn.
            let detail = try await tmux.waitFor("detail '\(title)' after \(key) Enter") { screen in
                screen.contains("┌ \(title) ") && (screen.contains("no breaches") || screen.contains("│ Breaches"))
            }
            if key == "Home" {
                for label in ["Availability", "ONLINE", "HLOAD", "WAIT", "TTFR", "CLOSED", "AUTO", "Esc closes"] {
                    #expect(detail.contains(label), "detail lacks \(label):\n\(detail)")
                }
            }
            try await board.closeOverlay()
        }

        // g: agent groups (both groupings are polled: instant).
        try await tmux.send("g")
        let grouped = try await tmux.waitFor("by agent group") { $0.line(0).contains("· by agent group ·") && $0.contains("│ GROUP ") }
        // (Flat or as the tree, as far as it is read yet: the tree's test is `groupTree`.)
        #expect(Set(availabilityNames(grouped).map { $0.replacingOccurrences(of: "▾ ", with: "") }) == ["Floor", "Night Shift"], "\(grouped)")
        try await tmux.send("g")
        try await tmux.waitFor("by skill again") { $0.line(0).contains("· by skill ·") && $0.contains("│ SKILL ") }
        // s, u, w: the header follows.
        try await tmux.send("s")
        try await tmux.waitFor("subgroups on") { $0.line(0).contains("· subgroups on") }
        try await tmux.send("s")
        try await tmux.waitFor("subgroups off") { $0.line(0).contains("· subgroups off") }
        for users in ["BOT", "all users", "HUMAN"] {
            try await tmux.send("u")
            try await tmux.waitFor("users \(users)") { $0.line(0).contains("· \(users) ·") }
        }
        for window in ["last 4h", "last 24h", "last 15m", "last 1h"] {
            try await tmux.send("w")
            try await tmux.waitFor(window) { $0.line(0).contains("· \(window) ·") }
        }
        // Back to HUMAN and 1h: the data of that view again (the BOT poll had no agents).
        try await tmux.waitFor("the HUMAN 1h data", timeout: 12) { $0.line(1).hasPrefix("ALL  online 6 ") }

        // /: type, Enter keeps, only matching rows remain; Esc clears. By id too.
        try await tmux.send("/")
        try await tmux.type("SAL")
        try await tmux.waitFor("the filter being typed") { $0.line(38).hasPrefix("/ SAL█") }
        try await tmux.send("Enter")
        let filtered = try await tmux.waitFor("only Sales") { availabilityNames($0) == ["Sales"] && $0.line(39).hasPrefix("filter 'SAL' (Esc clears)") }
        #expect(E2E.panelRows(filtered, side: .right, rows: E2E.middleRows).map(\.name) == ["Sales"])
        try await tmux.send("Escape")
        try await tmux.waitFor("all rows back") { availabilityNames($0) == ["Billing", "Sales", japanese] && $0.line(39).hasPrefix("F1 help") }
        try await tmux.send("/")
        try await tmux.type("202")
        try await tmux.send("Enter")
        try await tmux.waitFor("only skill 202") { availabilityNames($0) == [japanese] }
        try await tmux.send("Escape")
        try await tmux.waitFor("all rows back") { availabilityNames($0).count == 3 }

        // b: the breach log, with the default thresholds' line on online agents (below 3 warns).
        try await tmux.send("b")
        let log = try await tmux.waitFor("the breach log with Sales") { $0.contains("┌ Breach log (") && $0.contains("WARN  Sales online 2 < 3 for") }
        #expect(log.contains("WARN  カスタマーサポート online 1 < 3 for"), "\(log)")
        #expect(!log.contains("Billing online"), "3 agents online is not below 3:\n\(log)")
        try await board.closeOverlay()

        // Ctrl-R: with the data 2–6 s old and the next poll 4 s or more away, the age is back to 0 at once.
        try await tmux.waitFor("data 2–6 s old", timeout: 12) { E2E.dataAge($0).map { (2...6).contains($0) } ?? false }
        try await tmux.send("C-r")
        try await tmux.waitFor("fresh data after Ctrl-R", timeout: 3) { E2E.dataAge($0) == 0 }

        // p pauses; the next poll (Ctrl-R brings it now) is held and counted; Space resumes.
        try await tmux.send("p")
        try await tmux.waitFor("PAUSED") { $0.line(0).contains("PAUSED") }
        try await tmux.send("C-r")
        try await tmux.waitFor("PAUSED (1 held)", timeout: 4) { $0.line(0).contains("PAUSED (1 held)") }
        try await tmux.send("Space")
        try await tmux.waitFor("resumed") { !$0.line(0).contains("PAUSED") && $0.line(0).contains("· subgroups off") }

        // Ctrl-L redraws: the same screen (below the header's clock, above the breach line's).
        let before = try await tmux.capture()
        try await tmux.send("C-l")
        try await tmux.waitFor("the same board after Ctrl-L") { screen in
            (1..<38).allSatisfy { screen.line($0) == before.line($0) } && screen.line(0).hasPrefix("kmmtop  acct 90412345")
        }

        // z zooms the focused panel to the whole screen; z again brings the five back.
        try await tmux.send("z")
        try await tmux.waitFor("one panel") { $0.text.filter { $0 == "┌" }.count == 1 }
        let zoomed = try await tmux.settled()
        #expect(zoomed.line(2).hasPrefix("┌ 1 Availability ") && zoomed.line(2).hasSuffix("online▼ ┐"), "\(zoomed)")
        #expect(zoomed.line(37).hasPrefix("└") && zoomed.line(37).hasSuffix("┘") && !zoomed.contains("2 Load"), "\(zoomed)")
        try await tmux.send("z")
        try await tmux.waitFor("five panels") { $0.text.filter { $0 == "┌" }.count == 5 }

        // F10 quits, with status 0.
        try await tmux.send("F10")
        try await board.waitForExit(statuses: [0])
    }

    // MARK: - 2b. The agents behind a row

    @Test("Enter lists the row's agents with their states from the agent view, sorted like a panel, and Esc returns")
    func agentsBehindARow() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds: {}"))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        // Availability sorts online▼: Billing, Sales, then the third skill. ↓ ↓ selects Sales.
        try await tmux.send("Down")
        try await tmux.send("Down")
        try await tmux.send("Enter")
        // Agents are agent lines: name, state, time in state (a lower bound: no change seen yet), load,
        // assigned, active, closed in the window.
        func agentRows(_ screen: Tmux.Screen) -> [[String]] {
            screen.lines.compactMap { line -> [String]? in
                guard let match = line.firstMatch(of: /│ +(S\d|B\d|J\d) +(ONLINE|BSOON|AWAY|OFF) +(≥?\d+s) +(\S+) +(\d+) +(\d+) +(\d+) │/) else { return nil }
                return [String(match.1), String(match.2), String(match.3), String(match.4), String(match.5), String(match.6), String(match.7)]
            }
        }
        let detail = try await tmux.waitFor("the Sales detail with its three agents") { screen in
            screen.contains("Sales (203)") && screen.contains("Agents (3)") && agentRows(screen).count == 3
        }
        // Online first, then away; S1 and S2 closed one conversation each, S3 (away) none. No other skill's agents.
        #expect(agentRows(detail).map { [$0[0], $0[1]] + $0.dropFirst(3) } == [
            ["S1", "ONLINE", "0%", "0", "0", "1"], ["S2", "ONLINE", "0%", "0", "0", "1"], ["S3", "AWAY", "0%", "0", "0", "0"],
        ], "\(detail)")
        #expect(agentRows(detail).allSatisfy { $0[2].hasPrefix("≥") }, "times in state are lower bounds:\n\(detail)")
        #expect(detail.contains("state▲"), "\(detail)")
        // r reverses the agents' order (away first); the panels keep theirs.
        try await tmux.send("r")
        let reversed = try await tmux.waitFor("away first after r") { agentRows($0).first?.first == "S3" && $0.contains("state▼") }
        #expect(agentRows(reversed).map(\.first) == ["S3", "S1", "S2"], "\(reversed)")
        // → sorts by the time in state, then by load… ← ← back to the name, A→Z.
        try await tmux.send("Left")
        let byName = try await tmux.waitFor("by name after ←") { $0.contains("agent▲") }
        #expect(agentRows(byName).map(\.first) == ["S1", "S2", "S3"], "\(byName)")
        // Esc: back to the board as it was, Sales still selected.
        try await board.closeOverlay()
        let back = try await tmux.settled()
        #expect(E2E.half(back.line(2), .left).hasPrefix("┌ 1 Availability ") && E2E.half(back.line(2), .left).hasSuffix("online▼ ┐"), "\(back)")
        #expect(E2E.panelRows(back, side: .left, rows: E2E.topRows).map(\.name) == ["Billing", "Sales", "カスタマーサポー…"], "\(back)")
        // Billing's agents are Billing's: B1 B2 B3, all online.
        try await tmux.send("Up")
        try await tmux.send("Enter")
        let billing = try await tmux.waitFor("Billing's agents") { $0.contains("Billing (201)") && agentRows($0).count == 3 }
        #expect(agentRows(billing).map { $0[0] + " " + $0[1] } == ["B1 ONLINE", "B2 ONLINE", "B3 ONLINE"], "\(billing)")
        try await board.quit()
    }

    @Test("by agent group the rows form the group tree: Night Shift indented under Floor; - folds it, + unfolds it")
    func groupTree() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds: {}"))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        try await tmux.send("g")
        // The tree is read from the server (a probe per group) and then drawn: Floor, Night Shift under it.
        let tree = try await tmux.waitFor("the group tree") { screen in
            E2E.half(screen.line(4), .left).hasPrefix("│ ▾ Floor ") && E2E.half(screen.line(5), .left).hasPrefix("│     Night Shift ")
        }
        #expect(E2E.panelRows(tree, side: .left, rows: E2E.topRows).map(\.values) == [["3", "0", "1", "8"], ["3", "0", "1", "9"]], "\(tree)")
        // Home selects Floor; - folds it: Night Shift is hidden, Floor is marked folded.
        try await tmux.send("Home")
        try await tmux.send("-")
        let folded = try await tmux.waitFor("Floor folded") { screen in
            E2E.half(screen.line(4), .left).hasPrefix("│ ▸ Floor ") && !screen.contains("Night Shift")
        }
        #expect(E2E.panelRows(folded, side: .left, rows: E2E.topRows).count == 1, "\(folded)")
        try await tmux.send("+")
        try await tmux.waitFor("Floor unfolded") { E2E.half($0.line(5), .left).hasPrefix("│     Night Shift ") }
        try await board.quit()
    }

    @Test("the detail's sparklines are back-filled from the historical route: ten points or more within 3 s of start")
    func historyFromTheFirstSecond() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let started = Date()
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "thresholds: {}"))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        try await tmux.send("Enter")
        func closedLine(_ screen: Tmux.Screen) -> String? { screen.lines.first { $0.contains("  CLOSED ") } }
        let blocks = Set("▁▂▃▄▅▆▇█")
        let left = max(0.1, 3 - Date().timeIntervalSince(started))
        let detail = try await tmux.waitFor("a CLOSED sparkline of ten points or more", timeout: left) { screen in
            (closedLine(screen)?.filter { blocks.contains($0) }.count ?? 0) >= 10
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed <= 3, "\(elapsed) s")
        // An hour in 4-minute points; Billing's three closes all fall in its last ten minutes, so the
        // points run from none to at most three, and the current values have one poll behind them.
        #expect(detail.contains("Closures · per 4m, last 1h") && detail.contains("Availability · last poll"), "\(detail)")
        let closed = try #require(closedLine(detail))
        #expect(closed.contains(" 0–1 ") || closed.contains(" 0–2 ") || closed.contains(" 0–3 "), "\(closed)")
        print("[figure] detail sparkline with \(closed.filter { blocks.contains($0) }.count) points \(String(format: "%.2f", elapsed)) s after start")
        try await board.quit()
    }

    // MARK: - 3. Resizing

    @Test("resizing 120×40 → 80×24 → 50×12 → 120×40 redraws each time, and q still quits")
    func resize() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()

        try await tmux.resize(columns: 80, rows: 24)
        let small = try await tmux.waitFor("the board at 80×24") { screen in
            screen.line(0).hasPrefix("kmmtop  acct 90412345") && screen.line(2).hasPrefix("┌ 1 Availability")
                && screen.line(2).hasSuffix("┐") && screen.contains("┌ 4 Closures") && screen.line(23).hasPrefix("F1 help")
        }
        #expect(small.lines.allSatisfy { E2E.columns($0) <= 80 }, "\(small)")
        #expect(E2E.panelRows(small, side: .left, rows: 4..<11).map(\.name) == ["Billing", "Sales", "カスタマー…"], "\(small)")

        try await tmux.resize(columns: 50, rows: 12)
        let tiny = try await tmux.waitFor("the too-small message") { $0.contains("kmmtop needs at least 60×15") }
        #expect(tiny.contains("this terminal is 50×12."), "\(tiny)")
        #expect(!tiny.contains("Availability"), "\(tiny)")

        try await tmux.resize(columns: 120, rows: 40)
        let big = try await tmux.waitFor("the full board back") { screen in
            screen.line(0).contains("subgroups off") && screen.contains("┌ 4 Closures") && screen.line(39).hasPrefix("F1 help")
                && !screen.contains("needs at least")
        }
        #expect(E2E.panelRows(big, side: .left, rows: E2E.topRows).map(\.name) == ["Billing", "Sales", "カスタマーサポー…"], "\(big)")
        #expect(try await tmux.display("#{alternate_on}") == "1", "the board is no longer running")

        try await board.quit()
    }

    // MARK: - 4. Leaving restores the terminal

    @Test("q leaves the terminal as it was: main screen, echo and canonical mode")
    func quitRestoresTheTerminal() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        #expect(try await tmux.display("#{alternate_on}") == "1")

        try await board.quit()
        #expect(try await tmux.display("#{alternate_on}") == "0")
        // A command typed now echoes as typed, and the terminal modes are the shell's again.
        try await tmux.shell("echo hello-$((40+2)); stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e icanon -e -echo -e -icanon | paste -sd, | sed 's/^/MODES=/'")
        let after = try await tmux.waitFor("the shell's answer") { $0.contains("hello-42") && $0.text.contains("\nMODES=") }
        #expect(after.contains("$ echo hello-$((40+2))"), "the typed command did not echo:\n\(after)")
        #expect(after.text.contains("\nMODES=icanon,echo\n"), "the terminal modes were not restored:\n\(after)")
    }

    @Test("SIGTERM ends the board cleanly")
    func sigtermExitsCleanly() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }
        try await board.waitUntilReady()
        let pid = try #require(board.pid)
        #expect(kill(pid, SIGTERM) == 0)
        try await board.waitForExit(statuses: [0, 143])
        #expect(try await board.tmux.display("#{alternate_on}") == "0")
    }

    // MARK: - 5. Losing the server and getting it back

    @Test("the server going away is shown, the data goes stale, and the board recovers by itself")
    func networkCut() async throws {
        var server = try await E2E.importedServer()
        defer { server.stop() }
        let port = server.port
        let board = try await Board.start(config: E2E.config(port: port))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        let fresh = try await tmux.waitFor("fresh data", escapes: true) { E2E.dataAge($0) == 0 }
        #expect(!E2E.attributes(of: "data 0s old", in: fresh.line(0)).bold, "fresh data shown as stale")

        server.stop()
        let failed = try await tmux.waitFor("poll failed", timeout: 8) { $0.line(0).contains("poll failed") }
        #expect(failed.line(0).contains("retry in"), "\(failed)")
        #expect(failed.line(1).contains("closed 6"), "the last data should stay on screen:\n\(failed)")
        // Three intervals (6 s) without data: stale, in bold, and the age keeps counting.
        let stale = try await tmux.waitFor("data over 3 intervals old", timeout: 10, escapes: true) { (E2E.dataAge($0) ?? 0) >= 7 }
        let age = try #require(E2E.dataAge(stale))
        #expect(E2E.attributes(of: "data \(age)s old", in: stale.line(0)).bold, "stale age not emphasised: \(stale.line(0).debugDescription)")
        #expect(stale.line(0).contains("poll failed"))
        try await tmux.waitFor("the age counting on", timeout: 4) { (E2E.dataAge($0) ?? 0) > age }

        // The same server again, on the same port: recovered within one interval (2 s) and some slack.
        server = try await Kmmtop.Server.start(["--port", "\(port)"] + E2E.importedServerArguments())
        let recovered = try await tmux.waitFor("recovery", timeout: 5) { screen in
            !screen.line(0).contains("poll failed") && (E2E.dataAge(screen) ?? 99) <= 1
        }
        #expect(recovered.line(1).contains("closed 6"), "\(recovered)")
        try await board.quit()
    }

    // MARK: - 6. A hostile server

    @Test("names carrying escape sequences and bidi overrides cannot disturb the screen or the title")
    func hostileNames() async throws {
        let world = try Scratch.shared.write(E2E.hostileWorld, named: "hostile-world-\(UUID().uuidString).jsonl")
        let events = try Scratch.shared.write(E2E.hostileEvents, named: "hostile-events-\(UUID().uuidString).jsonl")
        let server = try await Kmmtop.Server.start(["--world", world, "--events", events, "--rebase-time", "--no-auth"])
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        try await tmux.waitFor("the three skills") { E2E.panelRows($0, side: .left, rows: E2E.topRows).count == 3 }

        func expectIntact(_ what: String, overlay: Bool = false) async throws {
            let screen = try await tmux.settled()
            let escaped = try await tmux.capture(escapes: true)
            E2E.expectFrameIntact(screen, what, overlay: overlay)
            #expect(!escaped.contains("]0;pwned") && !escaped.contains("\u{1b}[2J"), "\(what): a sequence from a name reached the terminal")
            #expect(!screen.contains("\u{202E}") && !screen.contains("\u{1b}"), "\(what): a control character is on screen")
            #expect(!(try await tmux.display("#{pane_title}")).contains("pwned"), "\(what): the pane was retitled")
        }
        let screen = try await tmux.settled()
        #expect(screen.contains("\u{FFFD}RED") && screen.contains("\u{FFFD}evil"), "the names should show, defanged:\n\(screen)")
        try await expectIntact("the board")

        try await tmux.send("Home")
        try await tmux.send("Enter")
        try await tmux.waitFor("a detail box") { $0.contains("(30") && $0.contains("Esc closes") && ($0.contains("Breaches") || $0.contains("no breaches")) }
        try await expectIntact("the detail box", overlay: true)
        try await board.closeOverlay()
        try await tmux.send("b")
        try await tmux.waitFor("the breach log") { $0.contains("┌ Breach log (") }
        try await expectIntact("the breach log", overlay: true)
        try await board.closeOverlay()
        try await tmux.send("g")
        try await tmux.waitFor("agent groups") { $0.contains("\u{FFFD}Grp") }
        try await expectIntact("agent groups")
        try await board.quit()
        #expect(!(try await tmux.display("#{pane_title}")).contains("pwned"))
    }

    // MARK: - 7. Configuration

    @Test("SIGUSR1 reloads the thresholds; so does saving the file")
    func configReload() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let breaching = "thresholds:\n  avgWaitTime: { warn: 1s }\n"
        let config = try E2E.config(port: server.port, extra: breaching)
        // A fixed modification time, kept through the rewrite below: only SIGHUP can tell the board.
        let fixed = Date(timeIntervalSince1970: 1_600_000_000)
        try FileManager.default.setAttributes([.modificationDate: fixed], ofItemAtPath: config)
        let board = try await Board.start(config: config)
        defer { board.close() }
        let tmux = board.tmux
        try await board.waitUntilReady()
        let warned = try await tmux.waitFor("breach  WARN") { $0.line(38).hasPrefix("breach  WARN ") }
        #expect(warned.line(38).contains(" wait ") && warned.line(38).contains(" > 1s for "), "\(warned)")

        // Written aside with the old time, then renamed over the file: the board never sees a new time.
        let replacement = try E2E.config(port: server.port, extra: "thresholds: {}\n")
        try FileManager.default.setAttributes([.modificationDate: fixed], ofItemAtPath: replacement)
        #expect(rename(replacement, config) == 0)
        try await tmux.holds("the old thresholds until a SIGUSR1", for: 2.5) { $0.line(38).hasPrefix("breach  WARN ") }
        let pid = try #require(board.pid)
        #expect(kill(pid, SIGUSR1) == 0)
        // Reloaded: with no thresholds left, nothing can be in breach, at once.
        try await tmux.waitFor("no thresholds after SIGUSR1", timeout: 3) { $0.line(38) == "breach  no thresholds set" }
        #expect(try await tmux.display("#{alternate_on}") == "1", "SIGUSR1 must not end the board")

        // Saving the file (a new modification time) reloads it too, on the next one-second tick.
        try E2E.config(port: server.port, extra: breaching, at: config)
        try await tmux.waitFor("the 1s line back after saving", timeout: 5) { $0.line(38).hasPrefix("breach  WARN ") && $0.line(38).contains(" > 1s for ") }

        // A save that moves a line keeps the window chosen with the keys (the file's view did not change).
        try await tmux.send("w")
        let chosen = try await tmux.waitFor("another window chosen") { !$0.line(0).contains("last 1h") && $0.line(0).contains("last ") }
        let window = try #require(chosen.line(0).firstMatch(of: /last \w+/).map { String($0.output) })
        try E2E.config(port: server.port, extra: "thresholds:\n  avgWaitTime: { warn: 2s }\n", at: config)
        let saved = try await tmux.waitFor("the 2s line after saving", timeout: 5) { $0.line(38).contains(" > 2s for ") }
        #expect(saved.line(0).contains(window), "\(saved.line(0))")

        // A bad save is refused on screen (file, line, key), the 2s line kept; a good one clears it.
        try E2E.config(port: server.port, extra: "thresholds:\n  avgWaitTime: { warn: lots }\n", at: config)
        let refused = try await tmux.waitFor("the refusal on the bottom line", timeout: 5) { $0.line(39).hasPrefix("config not reloaded: ") }
        let name = URL(fileURLWithPath: config).lastPathComponent
        #expect(refused.line(39).hasPrefix("config not reloaded: \(name):"), "\(refused.line(39))")
        #expect(refused.line(39).contains("thresholds.avgWaitTime"), "\(refused.line(39))")
        #expect(refused.line(38).contains(" > 2s for "))
        try E2E.config(port: server.port, extra: "thresholds:\n  avgWaitTime: { warn: 3s }\n", at: config)
        try await tmux.waitFor("the refusal gone after a good save", timeout: 5) { !$0.line(39).hasPrefix("config not reloaded") && $0.line(38).contains(" > 3s for ") }
        try await board.quit()
    }

    @Test("a bad configuration is refused before the screen is touched")
    func badConfigRefused() async throws {
        let directory = Scratch.shared.path("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "account: \"90412345\"\nserver: http://127.0.0.1:9\npoll:\n  interval: lots\n"
            .write(toFile: "\(directory)/bad.yaml", atomically: false, encoding: .utf8)
        let tmux = try await Tmux.start()
        defer { tmux.end() }
        let log = Scratch.shared.path("pane-\(UUID().uuidString).log")
        try await tmux.shell("cd \(shellQuote(directory)); clear; echo BEFORE-MARK")
        try await tmux.waitFor("BEFORE-MARK")
        // Everything the pane receives from here on also goes to a file.
        try await tmux.run(["pipe-pane", "-t", tmux.session, "-o", "cat >> \(shellQuote(log))"])
        try await tmux.shell("\(shellQuote(try Kmmtop.executable().path)) --config bad.yaml; echo EXITED $?")
        let screen = try await tmux.waitFor("the exit status") { $0.text.firstMatch(of: /EXITED \d+/) != nil }
        let status = try #require(screen.text.firstMatch(of: /EXITED (\d+)/).flatMap { Int($0.1) })
        #expect(status == 64)
        // One line, `kmmtop: FILE:LINE: KEY: what`, then the shell's.
        let lines = screen.lines.filter { !$0.isEmpty }
        let error = try #require(lines.firstIndex { $0.hasPrefix("kmmtop: ") })
        #expect(lines[error].hasPrefix("kmmtop: bad.yaml:4: poll.interval: expected a duration"), "\(screen)")
        #expect(lines[error + 1].hasPrefix("EXITED"), "more than one line:\n\(screen)")
        #expect(screen.contains("BEFORE-MARK"), "the screen was cleared:\n\(screen)")
        #expect(try await tmux.display("#{alternate_on}") == "0")
        let received = try await E2E.waitForFile(log) { $0.contains("EXITED") }
        #expect(!received.contains("\u{1b}[?1049h") && !received.contains("\u{1b}[H\u{1b}[2J"), "kmmtop drew on the screen: \(received.debugDescription)")
    }
}

// MARK: - The board in a pane

/// `kmmtop --config FILE` started in a fresh tmux pane's shell as `sh -c 'echo $$ > PIDFILE; exec kmmtop …';
/// echo EXITED $?`, so the test knows its pid and, after it ends, its exit status.
final class Board: @unchecked Sendable {
    let tmux: Tmux
    let pidFile = Scratch.shared.path("board-\(UUID().uuidString).pid")
    let executable: String

    /// Starts it, off the cooperative pool, in a `columns`×`rows` pane; `environment` is set for it alone
    /// (`LANG=C`, `TERM=dumb`).
    static func start(
        config: String, arguments: [String] = [], columns: Int = 120, rows: Int = 40, environment: [String: String] = [:]
    ) async throws -> Board {
        try await Kmmtop.offPool { try Board(config: config, arguments: arguments, columns: columns, rows: rows, environment: environment) }
    }

    private init(config: String, arguments: [String], columns: Int, rows: Int, environment: [String: String]) throws {
        tmux = try Tmux(width: columns, height: rows)
        do {
            executable = try Kmmtop.executable().path
            let words = [executable, "--config", config] + arguments
            let env = environment.isEmpty ? "" : "env " + environment.sorted { $0.key < $1.key }.map { shellQuote("\($0.key)=\($0.value)") }.joined(separator: " ") + " "
            try tmux.runBlocking(["send-keys", "-t", tmux.session, "-l", "\(env)sh -c 'echo $$ > \(pidFile); exec \"$0\" \"$@\"' \(words.map(shellQuote).joined(separator: " ")); echo EXITED $?"])
            try tmux.runBlocking(["send-keys", "-t", tmux.session, "Enter"])
        } catch {
            tmux.end()
            throw error
        }
    }

    var pid: pid_t? {
        (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The first poll is on screen.
    @discardableResult
    func waitUntilReady() async throws -> Tmux.Screen {
        try await tmux.waitFor("the first poll on the board", timeout: 10) { screen in
            screen.line(1).hasPrefix("ALL  online ") && screen.line(0).contains(" old") && !screen.contains("waiting for the first poll")
        }
        return try await tmux.settled()
    }

    /// Esc, then waits until no overlay box is left (so the next key is not read as part of an escape sequence).
    func closeOverlay() async throws {
        try await tmux.send("Escape")
        try await tmux.waitFor("the overlay closed") { screen in
            !screen.contains("Esc closes") && screen.line(2).hasPrefix("┌ 1 Availability ")
        }
    }

    /// `q`, then the shell's `EXITED 0`.
    func quit() async throws {
        try await tmux.send("q")
        try await waitForExit(statuses: [0])
    }

    func waitForExit(statuses: Set<Int>) async throws {
        let screen = try await tmux.waitFor("kmmtop to exit") { $0.text.firstMatch(of: /EXITED (\d+)/) != nil }
        let status = screen.text.firstMatch(of: /EXITED (\d+)/).flatMap { Int($0.1) }
        #expect(status.map(statuses.contains) == true, "exit status \(status.map(String.init) ?? "?"), expected one of \(statuses.sorted())")
    }

    /// Ends the tmux server and with it the terminal: the board must end by itself within 2 s (its
    /// hang-up), as every test that closes a board asserts here. One that does not is a failure, and is
    /// then stopped with SIGTERM so it cannot spend the rest of the run polling.
    func close() {
        tmux.end()
        guard let pid else { return }
        if !endsWithin(2, pid) {
            Issue.record("kmmtop (pid \(pid)) outlived its terminal by 2 s")
            kill(pid, SIGTERM)
        }
    }

    /// Whether the board's process is gone within `seconds`.
    func endsWithin(_ seconds: Double, _ pid: pid_t) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isOurs(pid) {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    private func isOurs(_ pid: pid_t) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let words = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return words.first == executable && words.contains(pidFile) == false && words.dropFirst().first == "--config"
    }
}

// MARK: - Fixtures and screen reading

enum E2E {
    enum Side { case left, right }

    /// Body rows of the panels at 120×40: two rows of two panels, then the Queue across the third.
    static let topRows = 4..<13
    static let middleRows = 16..<25
    static let bottomRows = 28..<37

    /// A configuration file for the board against `kmmtop serve` on `port`; written to `path` when given.
    @discardableResult
    static func config(port: Int, interval: String = "2s", extra: String = "", at path: String? = nil) throws -> String {
        let text = """
            account: "90412345"
            server: http://127.0.0.1:\(port)
            poll: { interval: \(interval) }

            """ + extra
        if let path {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        return try Scratch.shared.write(text, named: "watch-\(UUID().uuidString).yaml")
    }

    /// Three skills (one Japanese), two agent groups, eight humans (six ONLINE, two AWAY), six closed
    /// conversations with known waits and one still open:
    ///
    /// | skill | ONLINE | AWAY | closed (agent/consumer/auto) | waits |
    /// |---|---|---|---|---|
    /// | 201 Billing | 3 | 0 | 3 (1/1/1) | 90, 30, 60 s and 300 s (still open) |
    /// | 202 カスタマーサポート | 1 | 1 | 1 (0/1/0) | 20 s |
    /// | 203 Sales | 2 | 1 | 2 (2/0/0) | 120, 45 s |
    static let world = """
        {"type":"skill","id":"201","name":"Billing"}
        {"type":"skill","id":"202","name":"カスタマーサポート"}
        {"type":"skill","id":"203","name":"Sales"}
        {"type":"agentGroup","id":"1","name":"Floor"}
        {"type":"agentGroup","id":"2","name":"Night Shift","parentId":"1"}
        {"type":"agent","id":"b1","name":"B1","userType":"HUMAN","groupId":"1","skillIds":["201"],"maxSlots":3}
        {"type":"agent","id":"b2","name":"B2","userType":"HUMAN","groupId":"1","skillIds":["201"],"maxSlots":3}
        {"type":"agent","id":"b3","name":"B3","userType":"HUMAN","groupId":"2","skillIds":["201"],"maxSlots":3}
        {"type":"agent","id":"s1","name":"S1","userType":"HUMAN","groupId":"2","skillIds":["203"],"maxSlots":3}
        {"type":"agent","id":"s2","name":"S2","userType":"HUMAN","groupId":"2","skillIds":["203"],"maxSlots":3}
        {"type":"agent","id":"s3","name":"S3","userType":"HUMAN","groupId":"2","skillIds":["203"],"maxSlots":3}
        {"type":"agent","id":"j1","name":"J1","userType":"HUMAN","groupId":"1","skillIds":["202"],"maxSlots":3}
        {"type":"agent","id":"j2","name":"J2","userType":"HUMAN","groupId":"1","skillIds":["202"],"maxSlots":3}

        """

    static let events: String = {
        let base: Int64 = 1_700_000_000_000
        var events: [(Int64, String)] = []
        func event(_ second: Int64, _ body: String) { events.append((base + second * 1000, body)) }
        for agent in ["b1", "b2", "b3", "s1", "s2", "j1"] { event(0, #""type":"agentState","agentId":"\#(agent)","state":"ONLINE""#) }
        for agent in ["s3", "j2"] { event(0, #""type":"agentState","agentId":"\#(agent)","state":"AWAY""#) }
        let conversations: [(id: String, skill: String, agent: String, wait: Int64, closedBy: String)] = [
            ("c1", "201", "b1", 90, "AGENT"), ("c2", "201", "b2", 30, "CONSUMER"), ("c3", "201", "b3", 60, "SYSTEM"),
            ("c4", "203", "s1", 120, "AGENT"), ("c5", "203", "s2", 45, "AGENT"), ("c6", "202", "j1", 20, "CONSUMER"),
        ]
        var start: Int64 = 60
        for c in conversations {
            event(start, #""type":"conversationOpened","conversationId":"\#(c.id)","skillId":"\#(c.skill)""#)
            event(start, #""type":"consumerMessage","conversationId":"\#(c.id)""#)
            event(start + 5, #""type":"agentAssigned","conversationId":"\#(c.id)","agentId":"\#(c.agent)""#)
            event(start + c.wait, #""type":"agentMessage","conversationId":"\#(c.id)","agentId":"\#(c.agent)""#)
            event(start + c.wait + 60, #""type":"conversationClosed","conversationId":"\#(c.id)","closedBy":"\#(c.closedBy)""#)
            start += 30
        }
        event(start, #""type":"conversationOpened","conversationId":"c7","skillId":"201""#)
        event(start, #""type":"consumerMessage","conversationId":"c7""#)
        event(start + 5, #""type":"agentAssigned","conversationId":"c7","agentId":"b1""#)
        event(start + 300, #""type":"agentMessage","conversationId":"c7","agentId":"b1""#)
        return E2E.jsonLines(events)
    }()

    /// The same account with consumers waiting at the end (the last event, c7's answer, is "now" once
    /// rebased): two on Billing, 400 s (overdue: past 5m) and 90 s; one on Sales, 30 s. Their waits grow
    /// by the second, so a board of it never holds still: only the Queue's test uses it.
    static let queueEvents: String = {
        let base: Int64 = 1_700_000_000_000
        let now: Int64 = 540
        var lines: [(Int64, String)] = []
        for (id, skill, waited) in [("q1", "201", Int64(400)), ("q2", "201", 90), ("q3", "203", 30)] {
            lines.append((base + (now - waited) * 1000, #""type":"conversationOpened","conversationId":"\#(id)","skillId":"\#(skill)""#))
            lines.append((base + (now - waited) * 1000, #""type":"consumerMessage","conversationId":"\#(id)""#))
        }
        return events + E2E.jsonLines(lines)
    }()

    /// Skill names that would clear the screen, retitle the terminal, turn it red, or reverse the text.
    static let hostileWorld = """
        {"type":"skill","id":"301","name":"\\u001b[2J\\u001b]0;pwned\\u0007"}
        {"type":"skill","id":"302","name":"\\u001b[31mRED"}
        {"type":"skill","id":"303","name":"\\u202Eevil"}
        {"type":"agentGroup","id":"1","name":"\\u001b]0;pwned\\u0007Grp"}
        {"type":"agent","id":"a0","name":"\\u001b[2JA","userType":"HUMAN","groupId":"1","skillIds":["301"],"maxSlots":2}
        {"type":"agent","id":"a1","name":"\\u001b[2JB","userType":"HUMAN","groupId":"1","skillIds":["302"],"maxSlots":2}
        {"type":"agent","id":"a2","name":"\\u001b[2JC","userType":"HUMAN","groupId":"1","skillIds":["303"],"maxSlots":2}

        """

    static let hostileEvents = """
        {"type":"agentState","time":1700000000000,"agentId":"a0","state":"ONLINE"}
        {"type":"agentState","time":1700000000000,"agentId":"a1","state":"ONLINE"}
        {"type":"agentState","time":1700000000000,"agentId":"a2","state":"ONLINE"}
        {"type":"conversationOpened","time":1700000001000,"conversationId":"x","skillId":"301"}
        {"type":"conversationClosed","time":1700000002000,"conversationId":"x","closedBy":"SYSTEM"}

        """

    /// Events as a JSON Lines file: `{"time":T,<body>}` per line, in time order (ties keep their order).
    static func jsonLines(_ events: [(time: Int64, body: String)]) -> String {
        events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map { #"{"time":\#($0.element.time),\#($0.element.body)}"# }.joined(separator: "\n") + "\n"
    }

    static func importedServerArguments(queue: Bool = false) throws -> [String] {
        let world = try Scratch.shared.write(world, named: "world-\(UUID().uuidString).jsonl")
        let events = try Scratch.shared.write(queue ? queueEvents : events, named: "events-\(UUID().uuidString).jsonl")
        return ["--world", world, "--events", events, "--rebase-time", "--no-auth"]
    }

    static func importedServer(queue: Bool = false) async throws -> Kmmtop.Server {
        try await Kmmtop.Server.start(importedServerArguments(queue: queue))
    }

    /// One half of a 2×2 board line: the left panel's columns with their borders, or the right one's.
    static func half(_ line: String, _ side: Side) -> String {
        // The two panels meet at "││" (or "┐┌", "┘└" on their edges).
        for seam in ["││", "┐┌", "┘└"] {
            if let range = line.range(of: seam) {
                return side == .left ? String(line[..<range.lowerBound]) + String(seam.first!)
                    : String(seam.last!) + String(line[range.upperBound...])
            }
        }
        return line
    }

    struct Row: CustomStringConvertible {
        var name: String
        var values: [String]
        var description: String { "\(name) \(values)" }
    }

    /// The panel rows on `rows` of one side: name (as cut by the layout), then the metric cells.
    static func panelRows(_ screen: Tmux.Screen, side: Side, rows: Range<Int>) -> [Row] {
        rows.compactMap { index -> Row? in
            var inner = half(screen.line(index), side)
            guard inner.hasPrefix("│") else { return nil }
            inner.removeFirst()
            if inner.hasSuffix("│") { inner.removeLast() }
            // The first column is the new/gone marker.
            let body = inner.dropFirst().trimmingCharacters(in: .whitespaces)
            guard !body.isEmpty else { return nil }
            let parts = body.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let name = parts.first, name != "SKILL", name != "GROUP" else { return nil }
            let values = parts.dropFirst().flatMap { $0.split(separator: " ").map(String.init) }
                .filter { !$0.hasPrefix("▲") && !$0.hasPrefix("▼") }
            return Row(name: name, values: values)
        }
    }

    /// `6m40s`, `1h02m`, `45s` as seconds; nil for anything else.
    static func seconds(_ text: String) -> Int? {
        guard let match = text.wholeMatch(of: /(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?/), !text.isEmpty else { return nil }
        return (match.1.flatMap { Int($0) } ?? 0) * 3600 + (match.2.flatMap { Int($0) } ?? 0) * 60 + (match.3.flatMap { Int($0) } ?? 0)
    }

    /// `data Ns old` in the header, in seconds.
    static func dataAge(_ screen: Tmux.Screen) -> Int? {
        screen.line(0).firstMatch(of: /data (\d+)s old/).flatMap { Int($0.1) }
    }

    /// Display columns of a line (CJK and fullwidth forms take two).
    static func columns(_ line: String) -> Int {
        line.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    /// The video attributes in force where `needle` starts in a `capture-pane -e` line.
    static func attributes(of needle: String, in line: String) -> (bold: Bool, reverse: Bool) {
        guard let range = line.range(of: needle) else { return (false, false) }
        var bold = false
        var reverse = false
        var rest = line[..<range.lowerBound]
        while let escape = rest.range(of: "\u{1b}[") {
            rest = rest[escape.upperBound...]
            guard let end = rest.firstIndex(where: { $0.isLetter }) else { break }
            let final = rest[end]
            let parameters = rest[..<end].split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            rest = rest[rest.index(after: end)...]
            guard final == "m" else { continue }
            var index = 0
            while index < parameters.count {
                switch parameters[index] {
                case 0: bold = false; reverse = false
                case 1: bold = true
                case 22: bold = false
                case 7: reverse = true
                case 27: reverse = false
                case 38, 48, 58:
                    // 38;5;N and 38;2;R;G;B are colours: their numbers are not attributes.
                    if index + 1 < parameters.count { index += parameters[index + 1] == 5 ? 2 : parameters[index + 1] == 2 ? 4 : 0 }
                default: break
                }
                index += 1
            }
        }
        return (bold, reverse)
    }

    /// A 120×40 board whose header is on row 0 and whose five boxes are whole, every border where it
    /// belongs: two rows of two, then the Queue alone across the third. With an overlay open, only the
    /// outer edges are checked (the overlay covers the middle, the detail all of it).
    static func expectFrameIntact(_ screen: Tmux.Screen, _ what: String, overlay: Bool) {
        let lines = screen.lines
        #expect(screen.line(0).hasPrefix("kmmtop  acct 90412345 · by "), "\(what): the header left row 0:\n\(screen)")
        #expect(screen.line(1).hasPrefix("ALL  online "), "\(what):\n\(screen)")
        #expect(screen.line(39).hasPrefix("F1 help"), "\(what): the key hints left the last row:\n\(screen)")
        #expect(lines.count >= 40 && lines.allSatisfy { $0.count <= 120 }, "\(what): \(lines.count) lines")
        if overlay {
            for row in 2..<38 {
                let line = Array(screen.line(row))
                let edges = row == 2 ? ("┌", "┐") : row == 37 ? ("└", "┘") : nil
                #expect(line.count == 120 && (edges.map { String(line[0]) == $0.0 && String(line[119]) == $0.1 } ?? true)
                    && "┌│└".contains(line[0]) && "┐│┘".contains(line[119]), "\(what): row \(row) lost its edges: \(screen.line(row))")
            }
            return
        }
        for row in [2, 14] {
            let line = Array(screen.line(row))
            #expect(line.count == 120 && line.first == "┌" && line.last == "┐" && line[59] == "┐" && line[60] == "┌",
                "\(what): row \(row) is not two box tops: \(screen.line(row))")
        }
        for row in [13, 25] {
            let line = Array(screen.line(row))
            let whole = "└" + String(repeating: "─", count: 58) + "┘└" + String(repeating: "─", count: 58) + "┘"
            #expect(line.count == 120 && screen.line(row) == whole, "\(what): row \(row) is not two box bottoms:\n\(screen)")
        }
        for row in Array(3..<13) + Array(15..<25) {
            let line = Array(screen.line(row))
            #expect(line.count == 120 && line.first == "│" && line.last == "│" && line[59] == "│" && line[60] == "│",
                "\(what): row \(row) lost its borders: \(screen.line(row))")
        }
        let queueTop = Array(screen.line(26))
        #expect(queueTop.count == 120 && queueTop.first == "┌" && queueTop.last == "┐", "\(what): row 26 is not the Queue's top: \(screen.line(26))")
        #expect(screen.line(37) == "└" + String(repeating: "─", count: 118) + "┘", "\(what): row 37 is not the Queue's bottom:\n\(screen)")
        for row in 27..<37 {
            let line = Array(screen.line(row))
            #expect(line.count == 120 && line.first == "│" && line.last == "│", "\(what): row \(row) lost its borders: \(screen.line(row))")
        }
    }

    /// Waits (up to 5 s) until the file's text satisfies `condition`; returns that text.
    static func waitForFile(_ path: String, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(5)
        while true {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if condition(text) { return text }
            guard Date() < deadline else { throw TestFailure("\(path) never satisfied the condition; it holds: \(text.debugDescription)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
