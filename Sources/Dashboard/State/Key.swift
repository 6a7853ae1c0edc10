/// A key press as the board understands it, independent of curses (TerminalUI translates).
public enum Key: Sendable, Hashable {
    case char(Character)
    case ctrl(Character)
    case function(Int)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace
    /// The first mouse button, at a screen cell (0-based).
    case click(column: Int, row: Int)
}

/// What a key does. The board's behaviour is the reducer's response to these.
public enum Command: Sendable, Hashable {
    case help, quit, closeOverlay
    case nextPanel, previousPanel, focus(Panel), zoom
    case sortLeft, sortRight, reverseSort
    case up, down, pageUp, pageDown, home, end
    case detail, toggleGrouping, toggleSubGroups, cycleUserTypes, cycleWindow
    case filter, breachLog, acknowledge, pause, refresh, redraw
    case expand, collapse
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
        /// How the footer names it (`F1 help`), and how readily the footer gives it up when narrow
        /// (higher goes first); `nil` keeps it out of the footer.
        public let hint: Hint?

        init(keys: [Key], label: String, command: Command, help: String, hint: Hint? = nil) {
            self.keys = keys
            self.label = label
            self.command = command
            self.help = help
            self.hint = hint
        }
    }

    public struct Hint: Sendable {
        public let text: String
        /// How readily the footer gives it up (higher goes first).
        public let rank: Int
    }

    /// The footer's hints, from the same table as the keys and the help (so the footer can never
    /// advertise a key that does something else), in table order with quitting last, as htop ends
    /// its footer with Quit.
    public static var hints: [Hint] {
        let all = bindings.compactMap { binding in binding.hint.map { (binding.command, $0) } }
        return all.filter { $0.0 != .quit }.map(\.1) + all.filter { $0.0 == .quit }.map(\.1)
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.function(1), .char("?"), .char("h")], label: "F1 ? h", command: .help, help: "this help", hint: Hint(text: "F1 help", rank: 1)),
        Binding(keys: [.char("q"), .function(10)], label: "q F10", command: .quit, help: "quit", hint: Hint(text: "q quit", rank: 0)),
        Binding(keys: [.escape], label: "Esc", command: .closeOverlay, help: "close an overlay, clear the filter"),
        Binding(keys: [.tab], label: "Tab", command: .nextPanel, help: "focus the next panel", hint: Hint(text: "Tab panel", rank: 2)),
        Binding(keys: [.backTab], label: "Shift-Tab", command: .previousPanel, help: "focus the previous panel"),
        Binding(keys: [.char("1")], label: "1", command: .focus(.availability), help: "focus Availability"),
        Binding(keys: [.char("2")], label: "2", command: .focus(.load), help: "focus Load"),
        Binding(keys: [.char("3")], label: "3", command: .focus(.waits), help: "focus Wait times"),
        Binding(keys: [.char("4")], label: "4", command: .focus(.closures), help: "focus Closures"),
        Binding(keys: [.char("5")], label: "5", command: .focus(.queue), help: "focus Queue (waiting now, overdue, queue wait p50 p90)"),
        Binding(keys: [.char("z")], label: "z", command: .zoom, help: "zoom the focused panel to the whole screen"),
        Binding(keys: [.left, .char("<")], label: "← <", command: .sortLeft, help: "sort by the column to the left"),
        Binding(keys: [.right, .char(">")], label: "→ >", command: .sortRight, help: "sort by the column to the right", hint: Hint(text: "←→ sort col", rank: 4)),
        Binding(keys: [.char("r")], label: "r", command: .reverseSort, help: "reverse the sort", hint: Hint(text: "r reverse", rank: 8)),
        Binding(keys: [.up, .char("k")], label: "↑ k", command: .up, help: "select the row above"),
        Binding(keys: [.down, .char("j")], label: "↓ j", command: .down, help: "select the row below"),
        Binding(keys: [.pageUp], label: "PgUp", command: .pageUp, help: "up one page"),
        Binding(keys: [.pageDown], label: "PgDn", command: .pageDown, help: "down one page"),
        Binding(keys: [.home], label: "Home", command: .home, help: "first row"),
        Binding(keys: [.end], label: "End", command: .end, help: "last row"),
        Binding(keys: [.enter], label: "Enter", command: .detail, help: "the selected row in full: metrics, history, breaches, agents", hint: Hint(text: "Enter detail", rank: 3)),
        Binding(keys: [.char("g")], label: "g", command: .toggleGrouping, help: "group by skill / agent group", hint: Hint(text: "g group", rank: 6)),
        Binding(keys: [.char("s")], label: "s", command: .toggleSubGroups, help: "include sub-groups on/off"),
        Binding(keys: [.char("u")], label: "u", command: .cycleUserTypes, help: "user types: all, HUMAN, BOT"),
        Binding(keys: [.char("w")], label: "w", command: .cycleWindow, help: "window: 15m, 1h, 4h, 24h", hint: Hint(text: "w window", rank: 9)),
        Binding(keys: [.char("+"), .char("=")], label: "+", command: .expand, help: "by agent group: unfold the selected group's sub-groups"),
        Binding(keys: [.char("-")], label: "-", command: .collapse, help: "by agent group: fold the selected group (or its parent)"),
        Binding(keys: [.char("/")], label: "/", command: .filter, help: "filter rows by name or id", hint: Hint(text: "/ filter", rank: 5)),
        Binding(keys: [.char("b")], label: "b", command: .breachLog, help: "breach log", hint: Hint(text: "b breaches", rank: 10)),
        Binding(keys: [.char("x")], label: "x", command: .acknowledge, help: "acknowledge the breach selected in the breach log"),
        Binding(keys: [.char("p"), .char(" ")], label: "p Space", command: .pause, help: "pause the board (polling goes on; a view change resumes)", hint: Hint(text: "p pause", rank: 7)),
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
