import Dispatch
import MetricsClient
import Synchronization

/// Polls on a `DispatchSourceTimer` of its own queue and hands every outcome to `deliver` as an
/// ``Action`` (the shell forwards it to the main queue). The screen never waits on the network: the
/// fetch runs in a task, and the timer only asks ``PollSchedule`` whether one is due.
public final class Poller: Sendable {
    public typealias Fetch = @Sendable (ViewSettings, Int64) async throws(ClientError) -> PollResult
    public typealias Clock = @Sendable () -> Int64

    private struct Inner {
        var schedule: PollSchedule
        var view: ViewSettings
        var stopped = false
    }

    private let inner: Mutex<Inner>
    private let fetch: Fetch
    private let clock: Clock
    private let deliver: @Sendable (Action) -> Void
    private let queue = DispatchQueue(label: "kmmtop.poller")
    /// Dispatch sources are thread-safe (their methods may be called from any queue), but the type is
    /// not marked `Sendable`.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer

    /// How often the timer looks at the schedule; polls start at most this late.
    static let tickMillis = 200

    public init(intervalMillis: Int64, view: ViewSettings, clock: @escaping Clock, fetch: @escaping Fetch, deliver: @escaping @Sendable (Action) -> Void) {
        inner = Mutex(Inner(schedule: PollSchedule(intervalMillis: intervalMillis, startAt: clock()), view: view))
        self.fetch = fetch
        self.clock = clock
        self.deliver = deliver
        timer = DispatchSource.makeTimerSource(queue: queue)
    }

    public func start() {
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.schedule(deadline: .now(), repeating: .milliseconds(Self.tickMillis), leeway: .milliseconds(20))
        timer.resume()
    }

    /// Poll now (Ctrl-R), or right after the poll in flight.
    public func pollNow() {
        let now = clock()
        inner.withLock { $0.schedule.requestNow(at: now) }
        queue.async { [weak self] in self?.tick() }
    }

    /// The view the next polls use (window, user types, sub-groups).
    public func update(view: ViewSettings) {
        inner.withLock { $0.view = view }
    }

    public func stop() {
        let wasRunning = inner.withLock { inner -> Bool in
            defer { inner.stopped = true }
            return !inner.stopped
        }
        if wasRunning { timer.cancel() }
    }

    private func tick() {
        let now = clock()
        let start: ViewSettings? = inner.withLock { inner in
            !inner.stopped && inner.schedule.shouldStart(at: now) ? inner.view : nil
        }
        guard let view = start else { return }
        deliver(.pollStarted(at: now))
        let fetch = self.fetch
        Task { [weak self] in
            let outcome: Result<PollResult, ClientError>
            do throws(ClientError) { outcome = .success(try await fetch(view, now)) } catch { outcome = .failure(error) }
            self?.finish(outcome)
        }
    }

    private func finish(_ outcome: Result<PollResult, ClientError>) {
        let now = clock()
        let retryAfter: Int64? = if case .failure(let error) = outcome { Self.retryAfterMillis(error) } else { nil }
        let (next, stopped) = inner.withLock { inner in
            (inner.schedule.finished(success: (try? outcome.get()) != nil, at: now, retryAfterMillis: retryAfter), inner.stopped)
        }
        guard !stopped else { return }
        switch outcome {
        case .success(let result):
            deliver(.pollSucceeded(result))
            deliver(.scheduled(nextPollAt: next))
        case .failure(let error):
            deliver(.pollFailed(PollFailure(message: error.description, at: now, retryAt: next)))
        }
    }

    static func retryAfterMillis(_ error: ClientError) -> Int64? {
        switch error {
        case .rateLimited(let seconds?): Int64(seconds * 1000)
        case .page(_, let underlying): retryAfterMillis(underlying)
        default: nil
        }
    }
}
