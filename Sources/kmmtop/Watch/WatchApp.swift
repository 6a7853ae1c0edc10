import Dashboard
import Dispatch
import Foundation
import Logging
import MetricsClient
import TerminalUI

/// The board's shell: owns the state on the main actor, turns every key, poll outcome, tick, resize and
/// signal into an ``Action``, and draws `layout(state)` after each. All logic is in `reduce` and
/// `layout`; this file only carries things in and out.
@MainActor
final class WatchApp {
    private var state: DashboardState
    private let client: MetricsClient
    private let settings: WatchSettings
    private let logger: Logger
    private var terminal: Terminal?
    private var events: TerminalEvents?
    private var poller: Poller?
    private var ticker: (any DispatchSourceTimer)?
    private var configWatch: ConfigFileWatch?
    private var finished: CheckedContinuation<Void, Never>?
    private var stopped = false

    init(state: DashboardState, client: MetricsClient, settings: WatchSettings, logger: Logger) {
        self.state = state
        self.client = client
        self.settings = settings
        self.logger = logger
    }

    /// Runs until `q`, Ctrl-C, SIGTERM or the terminal going away.
    func run() async {
        if !settings.plain, let terminal = Terminal(theme: settings.theme, noColor: settings.noColor) {
            self.terminal = terminal
            state.size = terminal.size
        } else {
            state.size = Self.plainSize()
        }
        events = TerminalEvents { [weak self] event in self?.handle(event) }
        let client = self.client
        let poller = Poller(
            intervalMillis: state.pollIntervalMillis, view: state.view, clock: Self.now,
            fetch: { view, now throws(ClientError) in try await PollFetcher.fetch(client: client, view: view, now: now) },
            deliver: { action in DispatchQueue.main.async { MainActor.assumeIsolated { [weak self] in self?.dispatch(action) } } })
        self.poller = poller
        startTicker()
        configWatch = settings.configFile.map(ConfigFileWatch.init(path:))
        logger.info("watching account \(state.account)\(state.isDemo ? " (demo)" : "") every \(state.pollIntervalMillis / 1000) s")
        draw()
        poller.start()
        await withCheckedContinuation { continuation in finished = continuation }
    }

    // MARK: - In

    private func handle(_ event: TerminalEvents.Event) {
        switch event {
        case .input:
            guard let terminal else { return }
            let (keys, resized) = terminal.readInput()
            if resized { resize() }
            for key in keys { dispatch(.key(key)) }
            // Readable with nothing to read, and hung up: the terminal is gone (ssh dropped).
            if keys.isEmpty && !resized && Self.inputHungUp() { stop() }
        case .resize:
            resize()
        case .terminate:
            stop()
        case .hangup:
            // SIGHUP reloads the configuration (a vanished terminal is noticed on stdin instead).
            reloadConfig()
        }
    }

    private func resize() {
        guard let terminal else { return }
        terminal.handleResize()
        dispatch(.resize(terminal.size))
    }

    private func dispatch(_ action: Action) {
        guard !stopped else { return }
        let before = state.view
        let (next, effects) = reduce(state, action)
        state = next
        if state.view != before { poller?.update(view: state.view) }
        for effect in effects {
            switch effect {
            case .pollNow: poller?.pollNow()
            case .redraw: terminal?.repaintAll()
            case .quit:
                stop()
                return
            }
        }
        switch action {
        case .pollSucceeded, .pollFailed:
            if terminal == nil { printPlainFrame() } else { draw() }
        case .tick, .pollStarted, .scheduled:
            if terminal != nil { draw() }
        default:
            draw()
        }
    }

    private func draw() {
        guard let terminal else { return }
        terminal.draw(layout(state, size: state.size))
    }

    private func printPlainFrame() {
        let text = PlainRenderer.render(layout(state, size: state.size))
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    private func startTicker() {
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.setEventHandler(handler: Self.tickHandler { [weak self] in
            guard let self else { return }
            if self.configWatch?.changed() == true { self.reloadConfig() }
            self.dispatch(.tick(now: Self.now()))
        })
        timer.schedule(deadline: .now() + 1, repeating: 1, leeway: .milliseconds(50))
        timer.resume()
        ticker = timer
    }

    /// Built outside the main actor's inference: a closure written inline here would be main-actor
    /// isolated and trap when Dispatch calls it (architecture.md's pitfall). Its source targets `.main`.
    nonisolated private static func tickHandler(_ body: @escaping @MainActor () -> Void) -> @Sendable () -> Void {
        { MainActor.assumeIsolated { body() } }
    }

    /// Re-reads the configuration's view and thresholds (SIGHUP or a change of the file). A bad file is
    /// logged and ignored: the board keeps what it had rather than starting half-configured.
    private func reloadConfig() {
        guard let file = settings.configFile else { return }
        do throws(ConfigError) {
            let config = try ConfigLoader.load(file: file)
            dispatch(.reconfigured(view: config.dashboard.view, thresholds: config.dashboard.thresholds))
            logger.info("reloaded view and thresholds from \(file)")
        } catch {
            logger.error("configuration not reloaded: \(error.description)")
        }
    }

    private func stop() {
        guard !stopped else { return }
        stopped = true
        poller?.stop()
        ticker?.cancel()
        terminal?.restore()
        events?.cancel()
        finished?.resume()
        finished = nil
    }

    // MARK: - Helpers

    /// Whether stdin reports a hang-up (its terminal closed).
    static func inputHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return true }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    nonisolated static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The plain renderer's page: `COLUMNS`×`LINES` when set, else 120×40.
    static func plainSize() -> DashboardState.Size {
        let environment = ProcessInfo.processInfo.environment
        let columns = environment["COLUMNS"].flatMap(Int.init) ?? 120
        let rows = environment["LINES"].flatMap(Int.init) ?? 40
        return DashboardState.Size(columns: max(20, columns), rows: max(5, rows))
    }
}
