import Foundation
import MetricsEngine

/// Fills an engine with a simulated past while streaming: the simulator runs on a thread of its own,
/// ten simulated minutes at a time, and hands each slice to the engine as it goes, with at most a few
/// slices waiting between the two. So the fill takes about as long as the slower of the two instead of
/// their sum, and no whole-day array of events is ever held: peak memory stays close to the engine's own.
enum HistoryFill {
    /// Simulated time per slice.
    static let slice: Int64 = 10 * 60_000

    /// Runs `simulator` from `from` to `end` into `engine`; returns the simulator as it is at `end`, and
    /// how many events it produced and the engine refused.
    static func run(_ simulator: Simulator, from: Int64, to end: Int64, into engine: SharedEngine) -> (simulator: Simulator, events: Int, refused: Int) {
        let queue = Handoff<[Event]>(capacity: 4)
        let box = SimulatorBox(simulator)
        let producer = Thread {
            var time = from
            repeat {
                time = min(time + slice, end)
                queue.put(box.simulator.advance(to: time))
            } while time < end
            queue.finish()
        }
        producer.name = "kmmtop-simulator"
        producer.start()
        var events = 0
        var refused = 0
        while let batch = queue.take() {
            events += batch.count
            refused += engine.ingest(batch).count
        }
        // `take` returned nil only after `finish`, which the producer calls after its last advance.
        return (box.simulator, events, refused)
    }
}

/// The simulator, handed to the producer thread and back (only one thread touches it at a time: the
/// producer until it finishes, the caller after `take` returns nil).
private final class SimulatorBox: @unchecked Sendable {
    var simulator: Simulator
    init(_ simulator: Simulator) { self.simulator = simulator }
}

/// A bounded queue between two threads: `put` waits while it is full, `take` while it is empty.
final class Handoff<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func put(_ item: Item) {
        condition.lock()
        while items.count >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// No more items will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or nil once the queue is finished and empty.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }
}
