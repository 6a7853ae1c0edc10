import KeyMetrics
import Foundation
import Synchronization

/// The engine behind a read-write lock, with the clock it reads "now" from: what the server and the
/// simulator driver share. Queries read, so any number run at once, one per core; ingest writes. A lock
/// rather than an actor: queries take milliseconds and must not hop executors.
public final class SharedEngine: Sendable {
    /// Epoch milliseconds; injected so tests (and the simulator at `--speed`) control time.
    public typealias Clock = @Sendable () -> Int64

    public let accountId: String
    public let clock: Clock
    private let engine: ReadWriteLocked<Engine>

    public init(accountId: String, engine: Engine = Engine(), clock: @escaping Clock = SharedEngine.systemClock) {
        self.accountId = accountId
        self.clock = clock
        self.engine = ReadWriteLocked(engine)
    }

    /// Wall-clock epoch milliseconds.
    public static let systemClock: Clock = {
        EpochClock.now()
    }

    /// The server's current time.
    public var now: Int64 { clock() }

    /// Adds skills, groups and agents; returns the items refused, with why.
    @discardableResult
    public func add(_ items: [WorldItem]) -> [(index: Int, rejection: EventRejection)] {
        engine.write { engine in
            var refused: [(Int, EventRejection)] = []
            for (index, item) in items.enumerated() {
                do throws(EventRejection) { try engine.add(item) } catch { refused.append((index, error)) }
            }
            return refused
        }
    }

    /// Applies events in order; returns the ones refused, with why. Drops facts older than the window.
    @discardableResult
    public func ingest(_ events: [Event]) -> [(index: Int, rejection: EventRejection)] {
        let now = clock()
        return engine.write { engine in
            engine.advance(to: now)
            return engine.ingest(contentsOf: events)
        }
    }

    /// Evaluates a validated query at the clock's now.
    public func evaluate(_ query: MetricsQuery) throws(MetricsRequestError) -> QueryResult {
        let now = clock()
        return try engine.read { engine throws(MetricsRequestError) in
            try engine.evaluate(query, now: now)
        }
    }

    /// Evaluates a validated historical query at the clock's now.
    public func evaluateSeries(_ query: MetricsQuery) throws(MetricsRequestError) -> SeriesResult {
        let now = clock()
        return try engine.read { engine throws(MetricsRequestError) in
            try engine.evaluateSeries(query, now: now)
        }
    }

    /// Reads the engine under the lock (counts, world, statistics).
    public func read<T: Sendable>(_ body: (borrowing Engine) -> T) -> T {
        engine.read { body($0) }
    }
}
