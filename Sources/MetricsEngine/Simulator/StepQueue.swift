/// The simulator's pending steps: a 4-ary min-heap on (time, sequence).
///
/// A plain heap rather than swift-collections' `Heap`, which is a min-max heap: its `removeMin`
/// compares children and grandchildren at every level and was a sixth of `serve`'s start at 5,000
/// agents. Four children per node halve the depth, and the four sit in one or two cache lines. The
/// order is total (sequences are unique), so the steps come out exactly as from any other heap.
struct StepQueue: Sendable {
    private var items: [ScheduledStep] = []

    var count: Int { items.count }
    var min: ScheduledStep? { items.first }

    mutating func insert(_ step: ScheduledStep) {
        items.append(step)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 4
            guard step < items[parent] else { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = step
    }

    /// Removes and returns the earliest step; the queue must not be empty.
    mutating func removeMin() -> ScheduledStep {
        let first = items[0]
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        let count = items.count
        var hole = 0
        while true {
            let firstChild = 4 * hole + 1
            guard firstChild < count else { break }
            var smallest = firstChild
            let end = Swift.min(firstChild + 4, count)
            var child = firstChild + 1
            while child < end {
                if items[child] < items[smallest] { smallest = child }
                child += 1
            }
            guard items[smallest] < last else { break }
            items[hole] = items[smallest]
            hole = smallest
        }
        items[hole] = last
        return first
    }
}
