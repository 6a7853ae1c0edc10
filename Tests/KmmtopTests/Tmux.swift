import Foundation

/// A private tmux server with one session, for driving the real `kmmtop` board the way a person does:
/// keys in with `send-keys`, the screen out with `capture-pane`. Every instance has its own socket
/// (`tmux -L kmmtop-e2e-<test process id>-<uuid>`), so tests never see each other's panes or the user's
/// tmux; `end()` ends the server and everything in it.
///
/// The pane runs `bash --norc --noprofile` with `TERM=tmux-256color`, `LANG=C.UTF-8` and
/// `XDG_CONFIG_HOME`/`XDG_STATE_HOME` inside Scratch, so no user configuration can leak in.
final class Tmux: @unchecked Sendable {
    /// What `capture-pane` returned: the pane's rows (trailing blanks trimmed by tmux).
    struct Screen: CustomStringConvertible {
        let text: String
        var lines: [String] { text.components(separatedBy: "\n") }
        func line(_ row: Int) -> String { row < lines.count ? lines[row] : "" }
        func contains(_ needle: String) -> Bool { text.contains(needle) }
        var description: String { text }
    }

    let socket = "\(Tmux.socketPrefix)\(getpid())-\(UUID().uuidString)"
    /// Followed by the test process's id: `kmmtop-e2e-p4242-…`.
    static let socketPrefix = "kmmtop-e2e-p"
    let session = "e2e"
    let home: String
    private static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    init(width: Int = 120, height: Int = 40) throws {
        _ = Self.reapedOnce
        home = Scratch.shared.path("tmux-\(UUID().uuidString)")
        for directory in ["config", "state"] {
            try FileManager.default.createDirectory(atPath: "\(home)/\(directory)", withIntermediateDirectories: true)
        }
        let shell = [
            "env", "TERM=tmux-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
            "XDG_CONFIG_HOME=\(home)/config", "XDG_STATE_HOME=\(home)/state", "PS1=$ ",
            "bash", "--norc", "--noprofile",
        ]
        try runBlocking(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)"] + shell)
    }

    /// Ends, once per run, the servers of test processes that died before ending theirs (a crash skips every
    /// `defer`): their boards would poll on, in sessions nobody closes. A server whose test process still
    /// runs (another `swift test` at the same time) is left alone.
    private static let reapedOnce: Void = reapServersOfDeadRuns()

    /// See ``reapedOnce``.
    static func reapServersOfDeadRuns() {
        let directory = "\(ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp")/tmux-\(getuid())"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(socketPrefix) {
            let rest = name.dropFirst(socketPrefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ pid_t($0) }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            _ = try? command(socket: name, ["kill-server"])
            // The dead run's socket goes too: left behind, every later run would try it again (2,745 of
            // them cost each run's first board 3 s).
            unlink("\(directory)/\(name)")
        }
    }

    /// A new server with one session, started off Swift's cooperative pool (see ``run(_:)``).
    static func start(width: Int = 120, height: Int = 40) async throws -> Tmux {
        try await Kmmtop.offPool { try Tmux(width: width, height: height) }
    }

    /// Runs `tmux -L SOCKET ARGUMENTS` and returns its stdout; a non-zero status is a failure. The
    /// waiting happens on a Dispatch thread, never blocking the cooperative pool other suites' timers need.
    @discardableResult
    func run(_ arguments: [String]) async throws -> String {
        try await Kmmtop.offPool { try self.runBlocking(arguments) }
    }

    /// The blocking form of ``run(_:)``.
    @discardableResult
    func runBlocking(_ arguments: [String]) throws -> String {
        let (status, stdout, stderr) = try Self.command(socket: socket, arguments)
        guard status == 0 else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed (\(status)): \(stderr)")
        }
        return stdout
    }

    /// Runs `tmux -L SOCKET ARGUMENTS` to its end: its exit status and output.
    static func command(socket: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let executable = Self.executable else {
            throw TestFailure("tmux is not installed (the end-to-end tests drive the board through it; .ci/run installs it)")
        }
        // Through bash, which first closes every descriptor above stderr: the tmux server that
        // `new-session` forks outlives the command, and Foundation's Process learns that a child ended
        // when a socket it hands the child closes. A server holding that socket (or one of another
        // child's, started at the same moment) would leave those children "running" for ever.
        let words = [
            "-c", #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#,
            executable, "-L", socket,
        ] + arguments
        var environment = Kmmtop.environment(["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        environment["TMUX"] = nil
        // Files, not pipes, for the same reason (ChildProcess writes stdout and stderr to files).
        let child = try Self.withNoSignalsBlocked {
            try ChildProcess(words, executable: URL(fileURLWithPath: "/bin/bash"), environment: environment)
        }
        defer { for path in [child.stdoutPath, child.stderrPath] { try? FileManager.default.removeItem(atPath: path) } }
        guard let status = child.wait(timeout: 10) else {
            _ = try? child.terminate()
            throw TestFailure("tmux \(arguments.joined(separator: " ")) did not finish within 10 s")
        }
        return (status, child.stdout(), child.stderr())
    }

    /// Runs `body` with no signal blocked on this thread. A child inherits its parent thread's signal mask,
    /// and the test runs on a Dispatch worker thread that blocks nearly every signal: the tmux server, the
    /// shell and the board in its pane would inherit that, ignore SIGTERM and SIGHUP, and never hear of
    /// their children ending.
    private static func withNoSignalsBlocked<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t()
        var saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }

    /// Key names as tmux spells them (`Enter`, `Escape`, `F1`, `BTab`, `C-r`, `PPage`, a single character…).
    func send(_ keys: String...) async throws {
        try await run(["send-keys", "-t", session] + keys)
    }

    /// Text typed literally, character by character.
    func type(_ text: String) async throws {
        try await run(["send-keys", "-t", session, "-l", text])
    }

    /// A command line typed into the pane's shell and entered.
    func shell(_ commandLine: String) async throws {
        try await type(commandLine)
        try await send("Enter")
    }

    /// The screen as text; with `escapes`, with the attributes as escape sequences (`capture-pane -e`).
    func capture(escapes: Bool = false) async throws -> Screen {
        Screen(text: try await run(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : [])))
    }

    /// A tmux format evaluated for the pane: `#{alternate_on}`, `#{pane_title}`.
    func display(_ format: String) async throws -> String {
        try await run(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .newlines)
    }

    func resize(columns: Int, rows: Int) async throws {
        try await run(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Captures the pane every 100 ms until `condition` holds, and returns that screen; after `timeout`
    /// seconds it fails, showing `what` was awaited and the last screen. The only way tests synchronise
    /// with the board: never a fixed sleep.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 5, escapes: Bool = false, _ condition: (Screen) throws -> Bool
    ) async throws -> Screen {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try await capture(escapes: escapes)
        while try !condition(screen) {
            guard Date() < deadline else {
                throw TestFailure("timed out after \(timeout) s waiting for \(what); the screen was:\n\(screen.text)")
            }
            try await Task.sleep(for: .milliseconds(100))
            screen = try await capture(escapes: escapes)
        }
        return screen
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 5) async throws -> Screen {
        try await waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// The screen once a draw has finished: two captures 100 ms apart that agree below the header (whose
    /// clock may tick between them), ages on the breach line (`for 6s`, which tick with every poll) read
    /// as one: on a loaded machine two captures seldom fall inside one two-second poll, and waiting for
    /// a breach's age to hold still measured the machine, not the board. Everything else on that line
    /// must hold. A capture can land in the middle of curses sending a frame.
    func settled(timeout: Double = 3) async throws -> Screen {
        func steady(_ screen: Screen) -> [String] {
            screen.lines.dropFirst().map { line in
                line.hasPrefix("breach ") ? line.replacing(#/ for [0-9][0-9dhms]*/#, with: " for ·") : line
            }
        }
        var previous = try await capture()
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            try await Task.sleep(for: .milliseconds(100))
            let screen = try await capture()
            if steady(screen) == steady(previous) { return screen }
            guard Date() < deadline else { throw TestFailure("the screen did not settle within \(timeout) s; the last was:\n\(screen.text)") }
            previous = screen
        }
    }

    /// The opposite of `waitFor`: `condition` must hold on every capture for `duration` seconds.
    func holds(_ what: String, for duration: Double, _ condition: (Screen) throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(duration)
        repeat {
            let screen = try await capture()
            guard try condition(screen) else {
                throw TestFailure("expected \(what) to hold for \(duration) s, but the screen became:\n\(screen.text)")
            }
            try await Task.sleep(for: .milliseconds(100))
        } while Date() < deadline
    }

    /// Ends the server, its session and whatever still runs in it.
    func end() {
        _ = try? runBlocking(["kill-server"])
    }
}

/// `'…'` for a shell command line.
func shellQuote(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
