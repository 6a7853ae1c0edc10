import CNcursesw
import CTerminalRescue
import Dashboard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal in curses mode: draws Frames, reads keys, follows resizes. Main actor only, because
/// curses keeps global state and is not thread-safe.
@MainActor
public final class Terminal {
    /// The theme actually in use (it may have fallen back to fewer colours than asked for).
    public let theme: Theme
    /// What the terminal can show (from the locale).
    public let charset: DashboardState.Charset
    private var writer: CellWriter
    /// What curses' virtual screen holds, so unchanged cells are not even copied into it.
    private var previous: Frame?
    private var active = true
    private let mouse: Bool

    /// Opens the terminal on the process's stdin and stdout, or returns nil when stdout or stdin is not
    /// a TTY or curses cannot open the terminal: the caller then uses `PlainRenderer`.
    ///
    /// `newterm`, not `initscr`: `initscr` prints an error and exits the process when TERM is unknown.
    /// Both ends must be TTYs: without a keyboard the board could not even be quit with `q`.
    /// `noColor` (or NO_COLOR in the environment) forces the monochrome theme.
    public init?(theme name: ThemeName, noColor: Bool, mouse: Bool = true) {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else { return nil }
        // Before curses starts: without it the C library (and ncurses) treat every non-ASCII byte as
        // unprintable and Japanese comes out as `M-c~B`.
        charset = Terminal.localeCharset()
        kmm_rescue_save_modes()
        guard let screen = newterm(nil, kmm_stdout(), kmm_stdin()) else { return nil }
        // A terminal that cannot move the cursor (TERM=dumb) would get every frame on one line.
        guard kmm_can_address_cursor() != 0 else {
            endwin()
            delscreen(screen)
            return nil
        }
        // Esc otherwise waits a whole second for the rest of an escape sequence.
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        let window = kmm_stdscr()
        keypad(window, true)
        intrflush(window, false)
        // Input is read only when the Dispatch source says stdin is readable; never block in curses.
        nodelay(window, true)
        curs_set(0)
        if mouse {
            // Presses are reported at once (no click detection, which would hold each one back).
            mousemask(kmm_button1_events(), nil)
            mouseinterval(0)
        }
        self.mouse = mouse
        theme = Terminal.startColors(name, noColor: noColor || Terminal.noColorInEnvironment)
        writer = CellWriter(theme: theme, charset: charset)
        // A trap or an abort from here on still leaves the terminal usable.
        kmm_rescue_install(Terminal.leavingSequence())
    }

    /// UTF-8 or ASCII only, from the locale (`setlocale(LC_ALL, "")` first, as curses needs too).
    public static func localeCharset() -> DashboardState.Charset {
        setlocale(LC_ALL, "")
        return kmm_locale_is_utf8() != 0 ? .utf8 : .ascii
    }

    /// What the terminal must be sent to leave curses: attributes off, the cursor back, the keypad out of
    /// application mode, the main screen.
    private static func leavingSequence() -> String {
        // Mouse reporting off too (curses turns it on with `mousemask`; a crash must not leave it on).
        ["sgr0", "cnorm", "rmkx", "rmcup"].compactMap { name -> String? in
            guard let capability = tigetstr(name), Int(bitPattern: capability) != -1 else { return nil }
            return String(cString: capability)
        }.joined() + "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l"
    }

    /// The screen's size as curses knows it (never negative).
    public var size: DashboardState.Size {
        DashboardState.Size(columns: max(0, Int(kmm_cols())), rows: max(0, Int(kmm_lines())))
    }

    /// Copies `frame` into curses' virtual screen and sends the difference (`doupdate`). Cells equal to
    /// the previous frame's are skipped; curses then sends only what changed on the real screen, so a
    /// steady board costs almost nothing over ssh. Never `clear()`: that would repaint everything.
    ///
    /// The frame is clipped to the screen (after a resize it may be bigger than the terminal for a
    /// moment); a cell whose text is "" is the second column of a wide character and is skipped.
    public func draw(_ frame: Frame) {
        guard active else { return }
        let rows = min(frame.height, Int(kmm_lines()))
        let columns = min(frame.width, Int(kmm_cols()))
        let window = kmm_stdscr()
        let last = previous.flatMap { $0.width == frame.width && $0.height == frame.height ? $0 : nil }
        // A new size (or a forgotten screen) starts from blank, so nothing of an older layout survives
        // outside the new frame; `werase` clears only the virtual screen, not the terminal.
        if last == nil { werase(window) }
        if rows > 0, columns > 0 {
            for y in 0..<rows {
                for x in 0..<columns {
                    let cell = frame[x, y]
                    if cell.text.isEmpty { continue }
                    if let last, last[x, y] == cell { continue }
                    let wide = x + 1 < frame.width && frame[x + 1, y].text.isEmpty
                    writer.put(cell.text, style: cell.style, x: x, y: y, wide: wide, room: columns - x)
                }
            }
        }
        previous = frame
        wnoutrefresh(window)
        doupdate()
    }

    /// The terminal's bell (curses flashes the screen on a terminal without one).
    public func bell() {
        guard active else { return }
        beep()
    }

    /// Ctrl-L: the screen may hold garbage curses does not know about (another program wrote to the
    /// tty), so clear it for real on the next update and copy the whole last frame again.
    public func repaintAll() {
        guard active else { return }
        clearok(kmm_stdscr(), true)
        let frame = previous
        previous = nil
        if let frame {
            draw(frame)
        } else {
            wnoutrefresh(kmm_stdscr())
            doupdate()
        }
    }

    /// Every key waiting on stdin, without blocking. `KEY_RESIZE` (queued by `resizeterm`) is not a key:
    /// it is reported as `resized`.
    public func readInput() -> (keys: [Key], resized: Bool) {
        guard active else { return ([], false) }
        var codes: [KeyTranslator.RawKey] = []
        var keys: [Key] = []
        var resized = false
        // Bounded, so a flood of input (a paste) cannot hold the main queue forever.
        for _ in 0..<4096 {
            var character: wint_t = 0
            let result = get_wch(&character)
            if result == ERR { break }
            let code = Int32(bitPattern: character)
            if result == KEY_CODE_YES, code == KEY_RESIZE {
                resized = true
                previous = nil
                continue
            }
            if result == KEY_CODE_YES, code == kmm_key_mouse() {
                var event = MEVENT()
                if mouse, getmouse(&event) == OK, event.bstate & kmm_button1_pressed() != 0, event.x >= 0, event.y >= 0 {
                    // In order with the keys around it.
                    keys += KeyTranslator.translate(codes)
                    codes = []
                    keys.append(.click(column: Int(event.x), row: Int(event.y)))
                }
                continue
            }
            codes.append(KeyTranslator.RawKey(code: code, isKeyCode: result == KEY_CODE_YES))
        }
        return (keys + KeyTranslator.translate(codes), resized)
    }

    /// After SIGWINCH. Our Dispatch signal source replaced ncurses' own handler, so curses does not
    /// know the new size: read it from the tty and tell curses. Idempotent: `resizeterm` does nothing
    /// when the size is unchanged (it queues a `KEY_RESIZE` only when it changes something).
    public func handleResize() {
        guard active else { return }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return }
        let rows = Int32(size.ws_row), columns = Int32(size.ws_col)
        if is_term_resized(rows, columns) {
            resizeterm(rows, columns)
            previous = nil
        }
    }

    /// Leaves curses: the terminal's modes, cursor and main screen come back. Safe to call twice; the
    /// other methods do nothing afterwards.
    public func restore() {
        guard active else { return }
        active = false
        endwin()
        kmm_rescue_remove()
    }

    private static var noColorInEnvironment: Bool {
        guard let value = getenv("NO_COLOR") else { return false }
        return value.pointee != 0
    }

    /// Starts colours when the theme will use them and installs the theme's colour pairs, once.
    /// Falls back to fewer colours by `COLORS` and `has_colors()`, and to monochrome when the terminal
    /// has too few colour pairs for the theme.
    private static func startColors(_ name: ThemeName, noColor: Bool) -> Theme {
        guard name != .mono, !noColor, has_colors() else { return Theme.resolve(.mono, colors: 0, noColor: true) }
        start_color()
        // The terminal's own background (-1) where supported, so the board sits on the user's colours.
        let background: Int16 = use_default_colors() == OK ? -1 : (name == .light ? Palette.white : Palette.black)
        let theme = Theme.resolve(name, colors: Int(kmm_colors()), noColor: false)
        let pairs = theme.pairs
        guard pairs.allSatisfy({ Int32($0.number) < kmm_color_pairs() }) else {
            return Theme.resolve(.mono, colors: 0, noColor: true)
        }
        for pair in pairs { init_pair(pair.number, pair.foreground, background) }
        return theme
    }
}
