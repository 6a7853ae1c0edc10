import Dashboard
import Dispatch
import Foundation
import KeyMetrics
import Logging
import MetricsClient
import TerminalUI

/// The board's shell: owns the state on the main actor, turns every key, fetch outcome, tick, resize
/// and signal into an ``Action``, runs the effects `reduce` returns, and draws `layout(state)`. All
/// logic and all timing are in the state; this file only carries things in and out and wakes the
/// board when the state says it must (`nextWake`) or the clock on screen moves.
@MainActor
final class WatchApp {
    /// Why the board ended.
    enum Ending {
        /// `q`, Ctrl-C, SIGTERM.
        case quit
        /// SIGHUP, or the terminal went away: exit status 129.
        case hangup
        /// Plain output's reader is gone (`kmmtop --plain | head -1`).
        case outputClosed
    }

    private var state: DashboardState
    private let client: MetricsClient
    private let settings: WatchSettings
    private let logger: Logger
    private var terminal: Terminal?
    private var events: TerminalEvents?
    private var poller: Poller?
    private var alertCommand: AlertCommand?
    /// The configuration file's `view:` as last read (the board's start view, until a reload).
    private var fileView: ViewSettings
    private var timer: (any DispatchSourceTimer)?
    private var configWatch: ConfigFileWatch?
    private var finished: CheckedContinuation<Ending, Never>?
    private var ending: Ending?

    init(state: DashboardState, client: MetricsClient, settings: WatchSettings, logger: Logger) {
        self.state = state
        fileView = state.view
        self.client = client
        self.settings = settings
        self.logger = logger
    }

    /// Runs until `q`, Ctrl-C, SIGTERM, SIGHUP or the terminal going away, and says which.
    func run() async -> Ending {
        if !settings.plain, let terminal = Terminal(theme: settings.theme, noColor: settings.noColor, mouse: settings.mouse) {
            self.terminal = terminal
            state.size = terminal.size
            state.charset = terminal.charset
        } else {
            state.size = Self.plainSize()
            state.charset = Terminal.localeCharset()
        }
        events = TerminalEvents(watchInput: terminal != nil || Self.stdinIsASession()) { [weak self] event in self?.handle(event) }
        let client = self.client
        poller = Poller(
            fetch: { request in await PollFetcher.fetch(client: client, request, clock: WatchApp.now) },
            deliver: { action in DispatchQueue.main.async { MainActor.assumeIsolated { [weak self] in self?.dispatch(action) } } })
        configWatch = settings.configFile.map(ConfigFileWatch.init(path:))
        logger.info("watching account \(state.account)\(state.isDemo ? " (demo)" : "") every \(state.plan.intervalMillis / 1000) s")
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.setEventHandler(handler: TerminalEvents.onMain { [weak self] in self?.wake() })
        timer.resume()
        self.timer = timer
        dispatch(.tick(now: Self.now()))
        return await withCheckedContinuation { continuation in
            if let ending { continuation.resume(returning: ending) } else { finished = continuation }
        }
    }

    // MARK: - In

    private func handle(_ event: TerminalEvents.Event) {
        switch event {
        case .input:
            guard let terminal else {
                // Plain output: typed lines are dropped; the end of stdin ends the board.
                if !TerminalEvents.drainStdin() { stop(.hangup) }
                return
            }
            let (keys, resized) = terminal.readInput()
            dispatch(.tick(now: Self.now()))
            if resized { resize() }
            for key in keys { dispatch(.key(key)) }
        case .resize:
            resize()
        case .terminate:
            stop(.quit)
        case .hangup:
            stop(.hangup)
        case .reload:
            reloadConfig()
        }
    }

    /// The timer: the clock on screen moved, a fetch is due, or the configuration file may have changed.
    private func wake() {
        if terminal == nil, TerminalEvents.stdoutClosed() {
            stop(.outputClosed)
            return
        }
        if configWatch?.changed() == true { reloadConfig() }
        dispatch(.tick(now: Self.now()))
    }

    private func resize() {
        guard let terminal else { return }
        terminal.handleResize()
        dispatch(.resize(terminal.size))
    }

    private func dispatch(_ action: Action) {
        guard ending == nil else { return }
        for effect in reduce(&state, action) {
            switch effect {
            case .fetch(let request): poller?.execute(request)
            case .redraw: terminal?.repaintAll()
            case .bell: terminal?.bell()
            case .alert(let lines): alertCommandForState()?.send(lines)
            case .quit:
                stop(.quit)
                return
            }
        }
        if let terminal {
            terminal.draw(layout(state, size: state.size))
        } else if case .fetched(let result) = action, result.key == state.shownKey || result.key == state.view.key {
            printPlainReport()
        }
        armTimer()
    }

    /// Wakes at the next moment the state needs (a fetch due), or when a number of seconds on screen
    /// changes (the data's age counting up, the next poll or a retry counting down), whichever comes
    /// first: an idle board wakes about once a second and draws only what changed.
    private func armTimer() {
        guard let timer else { return }
        let now = state.now
        func nextSecond(from origin: Int64) -> Int64 {
            let phase = ((now - origin) % 1000 + 1000) % 1000
            return now + 1000 - phase
        }
        var wake = nextSecond(from: state.shown.fetchedAt ?? now)
        if let due = state.nextWake {
            wake = min(wake, max(now, due), nextSecond(from: due))
        }
        timer.schedule(deadline: .now() + .milliseconds(Int(max(1, min(60_000, wake - Self.now())))), leeway: .milliseconds(5))
    }

    /// The runner for the configured alert command: one for the board's life, told of a reload's new
    /// command, so an old run and a new one never overlap.
    private func alertCommandForState() -> AlertCommand? {
        guard let command = state.alerts.command else { return nil }
        if let alertCommand {
            alertCommand.update(command: command)
            return alertCommand
        }
        let runner = AlertCommand(command: command, environment: settings.alertEnvironment, logger: logger)
        alertCommand = runner
        return runner
    }

    private func printPlainReport() {
        let frames = PlainReport.render(state, width: state.size.columns)
        let text = frames.map { PlainRenderer.render($0, charset: state.charset) }.joined() + "\n"
        if !StandardStreams.put(text, to: STDOUT_FILENO) { stop(.outputClosed) }
    }

    /// Re-reads the configuration's view and thresholds (SIGUSR1 or a change of the file). A bad file is
    /// logged and ignored: the board keeps what it had rather than running half-configured.
    private func reloadConfig() {
        guard let file = settings.configFile else { return }
        do throws(ConfigError) {
            let config = try ConfigLoader.load(file: file)
            // The file's view applies only when it changed: a save that touches the thresholds keeps
            // the window or grouping the supervisor chose with the keys.
            let fileView = config.dashboard.view
            let view = fileView == self.fileView ? state.view : fileView
            self.fileView = fileView
            dispatch(.reconfigured(view: view, thresholds: config.dashboard.thresholds, alerts: config.dashboard.alerts, panels: config.dashboard.panels))
            logger.info("reloaded view, panels and thresholds from \(file)")
        } catch {
            logger.error("configuration not reloaded: \(error.description)")
            // The file by its name alone: the line and the key are what must fit on the screen.
            let name = URL(fileURLWithPath: file).lastPathComponent
            dispatch(.configRejected(error.description.replacingOccurrences(of: file, with: name)))
        }
    }

    private func stop(_ why: Ending) {
        guard ending == nil else { return }
        ending = why
        poller?.stop()
        timer?.cancel()
        terminal?.restore()
        events?.cancel()
        logger.info("board ended: \(why)")
        finished?.resume(returning: why)
        finished = nil
    }

    // MARK: - Helpers

    /// Without curses, stdin still says when the session ended if it is a terminal, a pipe or a socket
    /// (an ssh channel); `/dev/null` or a file (cron, `nohup`) says nothing and is not watched.
    static func stdinIsASession() -> Bool {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return isatty(STDIN_FILENO) == 1 || type == S_IFIFO || type == S_IFSOCK
    }

    nonisolated static func now() -> Int64 { EpochClock.now() }

    /// The plain renderer's page width: `COLUMNS` when set, else the terminal's, else 120.
    static func plainSize() -> DashboardState.Size {
        let environment = ProcessInfo.processInfo.environment
        var size = winsize()
        let terminalColumns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        let columns = environment["COLUMNS"].flatMap(Int.init) ?? terminalColumns ?? 120
        return DashboardState.Size(columns: max(Layout.minimum.columns, min(columns, 500)), rows: 40)
    }
}
