import Foundation

/// A private tmux server with one session, for driving the real `kmmtop` board the way a person does:
/// keys in with `send-keys`, the screen out with `capture-pane`. Every instance has its own socket
/// (`tmux -L kmmtop-e2e-<uuid>`), so tests never see each other's panes or the user's tmux; `kill()`
/// ends the server and everything in it.
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

    let socket = "kmmtop-e2e-\(UUID().uuidString)"
    let session = "e2e"
    let home: String
    private static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    init(width: Int = 120, height: Int = 40) throws {
        home = Scratch.shared.path("tmux-\(UUID().uuidString)")
        for directory in ["config", "state"] {
            try FileManager.default.createDirectory(atPath: "\(home)/\(directory)", withIntermediateDirectories: true)
        }
        let shell = [
            "env", "TERM=tmux-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
            "XDG_CONFIG_HOME=\(home)/config", "XDG_STATE_HOME=\(home)/state", "PS1=$ ",
            "bash", "--norc", "--noprofile",
        ]
        try run(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)"] + shell)
    }

    /// Runs `tmux -L SOCKET ARGUMENTS` and returns its stdout; a non-zero status is a failure.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        guard let executable = Self.executable else {
            throw TestFailure("tmux is not installed (the end-to-end tests drive the board through it; .ci/run installs it)")
        }
        // Through bash, which first closes every descriptor above stderr: the tmux server that
        // `new-session` forks outlives the command, and Foundation's Process learns that a child ended
        // when a socket it hands the child closes. A server holding that socket (or one of another
        // child's, started at the same moment) would leave those children "running" for ever.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c", #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#,
            executable, "-L", socket,
        ] + arguments
        var environment = Kmmtop.environment(["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        environment["TMUX"] = nil
        process.environment = environment
        // Files, not pipes, for the same reason.
        let outPath = Scratch.shared.path("tmux-out-\(UUID().uuidString)")
        let errPath = Scratch.shared.path("tmux-err-\(UUID().uuidString)")
        defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(atPath: path) } }
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try Self.withNoSignalsBlocked { try process.run() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning {
            guard Date() < deadline else {
                process.terminate()
                process.waitUntilExit()
                throw TestFailure("tmux \(arguments.joined(separator: " ")) did not finish within 10 s")
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(errors)")
        }
        return output
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
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// Text typed literally, character by character.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
    }

    /// A command line typed into the pane's shell and entered.
    func shell(_ commandLine: String) throws {
        try type(commandLine)
        try send("Enter")
    }

    /// The screen as text; with `escapes`, with the attributes as escape sequences (`capture-pane -e`).
    func capture(escapes: Bool = false) throws -> Screen {
        Screen(text: try run(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : [])))
    }

    /// A tmux format evaluated for the pane: `#{alternate_on}`, `#{pane_title}`.
    func display(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .newlines)
    }

    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Captures the pane every 100 ms until `condition` holds, and returns that screen; after `timeout`
    /// seconds it fails, showing `what` was awaited and the last screen. The only way tests synchronise
    /// with the board: never a fixed sleep.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Double = 5, escapes: Bool = false, _ condition: (Screen) throws -> Bool
    ) throws -> Screen {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try capture(escapes: escapes)
        while try !condition(screen) {
            guard Date() < deadline else {
                throw TestFailure("timed out after \(timeout) s waiting for \(what); the screen was:\n\(screen.text)")
            }
            Thread.sleep(forTimeInterval: 0.1)
            screen = try capture(escapes: escapes)
        }
        return screen
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 5) throws -> Screen {
        try waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
    }

    /// The opposite of `waitFor`: `condition` must hold on every capture for `duration` seconds.
    func holds(_ what: String, for duration: Double, _ condition: (Screen) throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(duration)
        repeat {
            let screen = try capture()
            guard try condition(screen) else {
                throw TestFailure("expected \(what) to hold for \(duration) s, but the screen became:\n\(screen.text)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
    }

    /// Ends the server, its session and whatever still runs in it.
    func kill() {
        _ = try? run(["kill-server"])
    }
}

/// `'…'` for a shell command line.
func shellQuote(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
