import Foundation
import Testing

/// The mouse as a person uses it, through tmux: a click on a column title sorts by it (the X10 mouse
/// report a terminal sends, typed into the pane), and `view.mouse: false` leaves clicks to the terminal.
@Suite(.serialized) struct MouseE2ETests {
    /// A press and a release of the first button at the 0-based cell (`column`, `row`), as an xterm
    /// reports them (`ESC [ M`, then button, column and row, each plus 32, cells counted from 1).
    static func click(column: Int, row: Int) -> String {
        func byte(_ value: Int) -> String { String(UnicodeScalar(UInt8(value))) }
        return "\u{1B}[M" + byte(32) + byte(33 + column) + byte(33 + row) + "\u{1B}[M" + byte(35) + byte(33 + column) + byte(33 + row)
    }

    @Test("a click on a column title sorts by it, and a second reverses it")
    func clickSorts() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port))
        defer { board.close() }
        let ready = try await board.waitUntilReady()
        let tmux = board.tmux
        let titles = ready.line(3)
        let away = try #require(titles.range(of: "AWAY").map { titles.distance(from: titles.startIndex, to: $0.lowerBound) }, "\(ready)")
        try await tmux.type(Self.click(column: away, row: 3))
        try await tmux.waitFor("Availability sorted by away, worst first") { $0.line(2).contains("away▼") }
        try await tmux.type(Self.click(column: away, row: 3))
        try await tmux.waitFor("and reversed") { $0.line(2).contains("away▲") }
        // A click in the Wait times panel (lower left) focuses it: its border is the focused one.
        try await tmux.type(Self.click(column: 10, row: 24))
        let focused = try await tmux.waitFor("Wait times focused") { screen in
            screen.line(2).hasPrefix("┌ 1 Availability") && screen.contains("3 Wait times")
        }
        #expect(focused.contains("3 Wait times"))
        try await board.quit()
    }

    @Test("view.mouse: false: a click sorts nothing")
    func mouseOff() async throws {
        let server = try await E2E.importedServer()
        defer { server.stop() }
        let board = try await Board.start(config: E2E.config(port: server.port, extra: "view:\n  mouse: false\n"))
        defer { board.close() }
        let ready = try await board.waitUntilReady()
        let titles = ready.line(3)
        let away = try #require(titles.range(of: "AWAY").map { titles.distance(from: titles.startIndex, to: $0.lowerBound) })
        try await board.tmux.type(Self.click(column: away, row: 3))
        try await board.tmux.holds("the sort as it was", for: 1.5) { !$0.line(2).contains("away▼") && $0.line(2).hasPrefix("┌ 1 Availability") }
        try await board.quit()
    }
}
