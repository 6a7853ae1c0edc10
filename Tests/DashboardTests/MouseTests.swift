import Dashboard
import KeyMetrics
import Testing

/// Clicks, as the reducer takes them: a column title sorts its panel (again: reverses), a row is
/// focused and selected, and nothing is clicked through an overlay. Positions are read off the frame
/// the layout draws, so the test clicks where a person would.
@Suite struct MouseTests {
    /// The screen column where `word` starts on row `y` of the board's frame (ASCII rows only).
    static func column(of word: String, row y: Int, in state: DashboardState) throws -> Int {
        let line = layout(state, size: state.size).line(y)
        let range = try #require(line.range(of: word), "\(word) not on row \(y): \(line)")
        return line.distance(from: line.startIndex, to: range.lowerBound)
    }

    @Test func aColumnTitleSortsItsPanelAndASecondClickReverses() throws {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        // Wait times is the middle-left panel: its column titles are on row 15 (below its top border).
        let ttr = try Self.column(of: "TTR", row: 15, in: state)
        _ = reduce(&state, .key(.click(column: ttr, row: 15)))
        #expect(state.focus == .waits)
        #expect(state.sort(of: .waits) == PanelSort(column: .metric(.avgTimeToResponse), descending: true))
        _ = reduce(&state, .key(.click(column: ttr + 1, row: 15)))
        #expect(state.sort(of: .waits) == PanelSort(column: .metric(.avgTimeToResponse), descending: false))
        // The name column's title sorts by name, A→Z first.
        _ = reduce(&state, .key(.click(column: 3, row: 15)))
        #expect(state.sort(of: .waits) == PanelSort(column: .name, descending: false))
        #expect(layout(state, size: state.size).line(14).contains("name▲"))
    }

    @Test func aRowIsFocusedAndSelected() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        // The Load panel (upper right): its first row is on row 4, the second on row 5.
        _ = reduce(&state, .key(.click(column: 70, row: 5)))
        #expect(state.focus == .load)
        #expect(state.selectedKey == state.rows(of: .load)[1].key)
        // Below the last row, inside the panel: focus only, the selection stays.
        _ = reduce(&state, .key(.click(column: 70, row: 12)))
        #expect(state.selectedKey == state.rows(of: .load)[1].key)
        #expect(state.focus == .load)
        // The Queue spans the bottom row: a click on its right half is the Queue's, not another panel's.
        _ = reduce(&state, .key(.click(column: 100, row: 28)))
        #expect(state.focus == .queue && state.selectedKey == state.rows(of: .queue)[0].key)
    }

    @Test func nothingIsClickedThroughAnOverlayOrOffThePanels() {
        var state = LayoutFixtures.board(columns: 120, rows: 40)
        let before = state
        _ = reduce(&state, .key(.function(1)))
        _ = reduce(&state, .key(.click(column: 70, row: 5)))
        #expect(state.focus == before.focus && state.selectedKey == before.selectedKey)
        _ = reduce(&state, .key(.escape))
        // The header and the footer are not panels.
        _ = reduce(&state, .key(.click(column: 70, row: 0)))
        _ = reduce(&state, .key(.click(column: 70, row: 39)))
        #expect(state.focus == before.focus && state.selectedKey == before.selectedKey)
    }
}
