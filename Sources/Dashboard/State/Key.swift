/// A key press as the board understands it, independent of curses (TerminalUI translates).
public enum Key: Sendable, Hashable {
    case char(Character)
    case ctrl(Character)
    case function(Int)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace
}

/// What a key does. The board's behaviour is the reducer's response to these.
public enum Command: Sendable, Hashable {
    case help, quit, closeOverlay
    case nextPanel, previousPanel, focus(Panel), zoom
    case sortLeft, sortRight, reverseSort
    case up, down, pageUp, pageDown, home, end
    case detail, toggleGrouping, toggleSubGroups, cycleUserTypes, cycleWindow
    case filter, breachLog, pause, refresh, redraw
}

/// The key table: every binding with the words the help overlay shows. One table, so the help can
/// never disagree with what the keys do (htop keeps its key table as data too).
public enum KeyMap {
    public struct Binding: Sendable {
        public let keys: [Key]
        /// How the keys are written in the help overlay.
        public let label: String
        public let command: Command
        public let help: String
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.function(1), .char("?"), .char("h")], label: "F1 ? h", command: .help, help: "this help"),
        Binding(keys: [.char("q"), .function(10)], label: "q F10", command: .quit, help: "quit"),
        Binding(keys: [.escape], label: "Esc", command: .closeOverlay, help: "close an overlay, clear the filter"),
        Binding(keys: [.tab], label: "Tab", command: .nextPanel, help: "focus the next panel"),
        Binding(keys: [.backTab], label: "Shift-Tab", command: .previousPanel, help: "focus the previous panel"),
        Binding(keys: [.char("1")], label: "1", command: .focus(.availability), help: "focus Availability"),
        Binding(keys: [.char("2")], label: "2", command: .focus(.load), help: "focus Load"),
        Binding(keys: [.char("3")], label: "3", command: .focus(.waits), help: "focus Wait times"),
        Binding(keys: [.char("4")], label: "4", command: .focus(.closures), help: "focus Closures"),
        Binding(keys: [.char("z")], label: "z", command: .zoom, help: "zoom the focused panel to the whole screen"),
        Binding(keys: [.left, .char("<")], label: "← <", command: .sortLeft, help: "sort by the column to the left"),
        Binding(keys: [.right, .char(">")], label: "→ >", command: .sortRight, help: "sort by the column to the right"),
        Binding(keys: [.char("r")], label: "r", command: .reverseSort, help: "reverse the sort"),
        Binding(keys: [.up, .char("k")], label: "↑ k", command: .up, help: "select the row above"),
        Binding(keys: [.down, .char("j")], label: "↓ j", command: .down, help: "select the row below"),
        Binding(keys: [.pageUp], label: "PgUp", command: .pageUp, help: "up one page"),
        Binding(keys: [.pageDown], label: "PgDn", command: .pageDown, help: "down one page"),
        Binding(keys: [.home], label: "Home", command: .home, help: "first row"),
        Binding(keys: [.end], label: "End", command: .end, help: "last row"),
        Binding(keys: [.enter], label: "Enter", command: .detail, help: "detail of the selected row: every metric, history, breaches"),
        Binding(keys: [.char("g")], label: "g", command: .toggleGrouping, help: "group by skill / agent group"),
        Binding(keys: [.char("s")], label: "s", command: .toggleSubGroups, help: "include sub-groups on/off"),
        Binding(keys: [.char("u")], label: "u", command: .cycleUserTypes, help: "user types: all, HUMAN, BOT"),
        Binding(keys: [.char("w")], label: "w", command: .cycleWindow, help: "window: 15m, 1h, 4h, 24h"),
        Binding(keys: [.char("/")], label: "/", command: .filter, help: "filter rows by name or id"),
        Binding(keys: [.char("b")], label: "b", command: .breachLog, help: "breach log"),
        Binding(keys: [.char("p"), .char(" ")], label: "p Space", command: .pause, help: "pause the board (polling goes on)"),
        Binding(keys: [.ctrl("r")], label: "Ctrl-R", command: .refresh, help: "poll now"),
        Binding(keys: [.ctrl("l")], label: "Ctrl-L", command: .redraw, help: "redraw the screen"),
    ]

    /// The command for a key, if it has one.
    public static func command(for key: Key) -> Command? { table[key] }

    private static let table: [Key: Command] = {
        var table: [Key: Command] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.command }
        }
        return table
    }()
}
