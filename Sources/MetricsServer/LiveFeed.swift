import Logging
import MetricsEngine

/// Anything that produces the events up to a given time: the simulator, or a fake in tests.
public protocol EventSource: Sendable {
    /// The events in `(previous time, time]`, in time order.
    mutating func advance(to time: Int64) -> [Event]
}

/// Keeps an engine fed: on each tick, advances the source to the engine's clock and ingests what it
/// produced. Small on purpose: `tick()` is the whole logic (tested directly), `run` only repeats it.
public struct LiveFeed<Source: EventSource>: Sendable {
    public private(set) var source: Source
    public let engine: SharedEngine

    public init(source: Source, engine: SharedEngine) {
        self.source = source
        self.engine = engine
    }

    /// Brings the engine up to its clock's now; returns how many events were accepted and refused.
    @discardableResult
    public mutating func tick() -> (accepted: Int, rejected: Int) {
        let events = source.advance(to: engine.now)
        guard !events.isEmpty else { return (0, 0) }
        let refused = engine.ingest(events)
        return (events.count - refused.count, refused.count)
    }

    /// Ticks at once, then every `interval`, until the task is cancelled.
    public mutating func run(every interval: Duration, logger: Logger) async {
        repeat {
            let (accepted, rejected) = tick()
            if rejected > 0 {
                logger.warning("simulator produced \(rejected) events the engine refused (\(accepted) accepted)")
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        } while !Task.isCancelled
    }
}
