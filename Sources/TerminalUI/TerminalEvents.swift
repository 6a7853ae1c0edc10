import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wakes the main queue when there is something for the terminal to do: stdin readable, the window
/// resized, the process asked to stop, the terminal gone.
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
        /// SIGHUP, or stdin hung up (the ssh session or terminal went away): leave without drawing.
        case hangup
    }

    private static let signals: [(signal: Int32, event: Event)] = [
        (SIGWINCH, .resize), (SIGTERM, .terminate), (SIGINT, .terminate), (SIGHUP, .hangup),
    ]

    private let sources: [Source]

    public init(handler: @escaping @MainActor @Sendable (Event) -> Void) {
        var sources: [Source] = []

        let input = Source(DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main))
        input.source.setEventHandler(handler: TerminalEvents.inputHandler(input, handler))
        sources.append(input)

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
        { @Sendable in MainActor.assumeIsolated { handler(event) } }
    }

    /// A read source fires forever once stdin is at end of file (the terminal closed under us), so a
    /// hang-up is checked with `poll` and reported once, and the source is cancelled.
    private static func inputHandler(_ source: Source, _ handler: @escaping @MainActor @Sendable (Event) -> Void) -> @Sendable () -> Void {
        { @Sendable in
            MainActor.assumeIsolated {
                if stdinHungUp() {
                    source.cancel()
                    handler(.hangup)
                } else {
                    handler(.input)
                }
            }
        }
    }

    private static func stdinHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
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
