import Dashboard
import Foundation
import Testing

/// Writes the golden frames' current text to /tmp when KMMTOP_WRITE_GOLDEN is set, to review and paste.
@Test func writeGoldenFramesWhenAsked() throws {
    guard ProcessInfo.processInfo.environment["KMMTOP_WRITE_GOLDEN"] != nil else { return }
    for (columns, rows) in [(120, 40), (80, 24)] {
        let state = LayoutFixtures.board(columns: columns, rows: rows)
        try layout(state, size: state.size).text.write(toFile: "/tmp/golden-\(columns)x\(rows).txt", atomically: true, encoding: .utf8)
    }
}
