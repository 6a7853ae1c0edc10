import Dashboard
import Testing
@testable import TerminalUI

@Suite struct PlainRendererTests {
    @Test func linesWithTrailingSpacesTrimmed() {
        var frame = Frame(width: 10, height: 3)
        frame.put("kmmtop", x: 0, y: 0, Style(.title, bold: true))
        frame.put("x", x: 4, y: 2, Style(.crit))
        #expect(PlainRenderer.render(frame) == "kmmtop\n\n    x\n")
    }

    @Test func wideCharactersOnce() {
        var frame = Frame(width: 8, height: 1)
        frame.put("日本語", x: 1, y: 0)
        #expect(PlainRenderer.render(frame) == " 日本語\n")
    }

    @Test func boxDrawing() {
        var frame = Frame(width: 6, height: 3)
        frame.box(x: 0, y: 0, width: 6, height: 3)
        #expect(PlainRenderer.render(frame) == "┌────┐\n│    │\n└────┘\n")
    }

    @Test func noEscapeCodesEvenFromCellsSetDirectly() {
        var frame = Frame(width: 4, height: 1)
        frame[0, 0] = Frame.Cell("\u{1B}", Style(.warn))
        frame[1, 0] = Frame.Cell("a\u{9B}", Style(.crit))
        frame[2, 0] = Frame.Cell("\u{7}")
        frame[3, 0] = Frame.Cell("b")
        // Control-only cells become spaces, so "b" stays in its column.
        #expect(PlainRenderer.render(frame) == " a b\n")
    }

    @Test func emptyFrames() {
        #expect(PlainRenderer.render(Frame(width: 0, height: 0)) == "")
        #expect(PlainRenderer.render(Frame(width: 0, height: 2)) == "\n\n")
    }

    @Test func aLayoutFrameRendersAsItsText() {
        var frame = Frame(width: 20, height: 2)
        frame.put("Sales  97% !", x: 0, y: 0, Style(.crit, bold: true))
        frame.put("ＡＢ", x: 2, y: 1)
        #expect(PlainRenderer.render(frame) == frame.text + "\n")
    }
}
