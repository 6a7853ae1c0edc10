import Dispatch
import MetricsClient
import Synchronization

/// Carries out the reducer's fetches: each in a task, its result handed to `deliver` as one action.
/// It keeps no schedule and no view of its own (the poll plan lives in the state); `stop()` makes it
/// drop whatever finishes afterwards.
public final class Poller: Sendable {
    public typealias Fetch = @Sendable (FetchRequest) async -> FetchResult

    private let fetch: Fetch
    private let deliver: @Sendable (Action) -> Void
    private let stopped = Atomic(false)

    public init(fetch: @escaping Fetch, deliver: @escaping @Sendable (Action) -> Void) {
        self.fetch = fetch
        self.deliver = deliver
    }

    public func execute(_ request: FetchRequest) {
        guard !stopped.load(ordering: .relaxed) else { return }
        let fetch = self.fetch
        Task { [weak self] in
            let result = await fetch(request)
            guard let self, !self.stopped.load(ordering: .relaxed) else { return }
            self.deliver(.fetched(result))
        }
    }

    public func stop() { stopped.store(true, ordering: .relaxed) }
}
