import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes the main queue when there is something for the terminal to do: stdin readable, the window
/// resized, the process asked to stop or to reload, the terminal gone.
///
/// Everything is built here, in nonisolated code, and each event handler is an explicit `@Sendable`
/// closure that enters the main actor with `MainActor.assumeIsolated` (its source targets `.main`).
/// A closure written inside `@MainActor` code would be inferred main-actor-isolated, and Swift 6's
/// runtime check traps when Dispatch calls it (pitfall in architecture.md).
public final class TerminalEvents: Sendable {
    public enum Event: Sendable {
        /// stdin has input: call `Terminal.readInput()`.
        case input
        /// SIGWINCH: call `Terminal.handleResize()` and redraw.
        case resize
        /// SIGTERM or SIGINT (Ctrl-C): leave cleanly.
        case terminate
        /// SIGHUP, or stdin at its end or failing (the ssh session or terminal went away): leave at once.
        case hangup
        /// SIGUSR1: reload the configuration.
        case reload
    }

    private static let signals: [(signal: Int32, event: Event)] = [
        (SIGWINCH, .resize), (SIGTERM, .terminate), (SIGINT, .terminate), (SIGHUP, .hangup), (SIGUSR1, .reload),
    ]

    private let sources: [Source]

    /// - Parameter watchInput: whether stdin is the board's keyboard (a terminal, or a pipe whose end
    ///   means the session ended); `/dev/null` or a file under `--plain` is not watched.
    public init(watchInput: Bool = true, handler: @escaping @MainActor @Sendable (Event) -> Void) {
        var sources: [Source] = []
        // A reader that went away (`kmmtop --plain | head -1`) is an error on write, not a signal.
        signal(SIGPIPE, SIG_IGN)

        if watchInput {
            let input = Source(DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main))
            input.source.setEventHandler(handler: TerminalEvents.inputHandler(input, handler))
            sources.append(input)
        }

        for (number, event) in TerminalEvents.signals {
            // Ignore the default action first, or the signal kills the process (SIGTERM, SIGINT, SIGHUP)
            // before the source sees it; this also replaces ncurses' own SIGWINCH and SIGINT handlers.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler(handler: TerminalEvents.mainHandler(event, handler))
            sources.append(Source(source))
        }
        self.sources = sources
        for source in sources { source.source.resume() }
    }

    /// Stops watching and gives the signals their default actions back (Ctrl-C kills again), so call
    /// it after `Terminal.restore()`. Safe to call twice.
    public func cancel() {
        for source in sources { source.cancel() }
        for (number, _) in TerminalEvents.signals { signal(number, SIG_DFL) }
    }

    private static func mainHandler(_ event: Event, _ handler: @escaping @MainActor @Sendable (Event) -> Void) -> @Sendable () -> Void {
        onMain { handler(event) }
    }

    /// A Dispatch handler for a source that targets `.main`, entering the main actor: built here, in
    /// nonisolated code, because a closure written inside `@MainActor` code is inferred main-actor
    /// isolated and traps when Dispatch calls it (architecture.md's pitfall).
    public nonisolated static func onMain(_ body: @escaping @MainActor () -> Void) -> @Sendable () -> Void {
        { @Sendable in MainActor.assumeIsolated { body() } }
    }

    /// A read source fires forever once stdin is at end of file (the terminal closed under us), so the
    /// end is checked before each read and reported once, and the source is cancelled.
    private static func inputHandler(_ source: Source, _ handler: @escaping @MainActor @Sendable (Event) -> Void) -> @Sendable () -> Void {
        { @Sendable in
            MainActor.assumeIsolated {
                if stdinEnded() {
                    source.cancel()
                    handler(.hangup)
                } else {
                    handler(.input)
                }
            }
        }
    }

    /// Whether stdin has hung up, failed, or is at its end: readable with no byte to read.
    public static func stdinEnded() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        if ready < 0 { return errno != EINTR }
        guard ready == 1 else { return false }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        var pending: Int32 = 0
        guard ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0 else { return true }
        return pending == 0
    }

    /// Without curses, stdin is only watched for its end: what was typed is read and dropped (so the
    /// read source does not fire for ever), and `false` when stdin is at its end or failing.
    public static func drainStdin() -> Bool {
        var pending: Int32 = 0
        guard ioctl(STDIN_FILENO, UInt(FIONREAD), &pending) == 0, pending > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: Int(min(pending, 4096)))
        return buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) } > 0
    }

    /// Whether stdout's reader is gone (a closed pipe): checked on the clock, so `--plain | head -1`
    /// ends at once, not at the next poll's write.
    public static func stdoutClosed() -> Bool {
        var descriptor = pollfd(fd: STDOUT_FILENO, events: 0, revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        return descriptor.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0
    }

    /// A Dispatch source, which is thread-safe (libdispatch documents `cancel` and `isCancelled` as
    /// callable from any thread) but whose Swift overlay on Linux is not annotated `Sendable`.
    private struct Source: @unchecked Sendable {
        let source: any DispatchSourceProtocol

        init(_ source: any DispatchSourceProtocol) {
            self.source = source
        }

        func cancel() {
            if !source.isCancelled { source.cancel() }
        }
    }
}
