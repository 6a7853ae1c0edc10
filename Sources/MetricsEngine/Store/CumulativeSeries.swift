import DequeModule

/// One fact key's by-time totals as a running sum per minute, sparse (only minutes with facts).
///
/// Any window's totals are two binary searches and one subtraction, whatever its length, which is
/// what makes a 24-hour query cheap. Minutes that fall out of retention are folded into `base`, so
/// memory stays bounded by the minutes with activity in the last 24 hours.
public struct CumulativeSeries: Sendable {
    private var minutes: Deque<Int32> = []
    /// `totals[i]` = everything up to and including `minutes[i]`.
    private var totals: Deque<ByTimeTotals> = []
    /// Everything before the first kept minute.
    private var base = ByTimeTotals.zero

    public init() {}

    public var entryCount: Int { minutes.count }

    /// Adds `delta` at `minute`. In-order minutes append in O(1); a late minute is inserted and the
    /// running sums after it are corrected.
    public mutating func add(_ delta: ByTimeTotals, at minute: Int32) {
        if let last = minutes.last, minute < last {
            let index = firstIndex(notBefore: minute)
            if minutes[index] != minute {
                let previous = index > 0 ? totals[index - 1] : base
                minutes.insert(minute, at: index)
                totals.insert(previous, at: index)
            }
            for i in index..<totals.count { totals[i] += delta }
        } else if let last = minutes.last, minute == last {
            totals[totals.count - 1] += delta
        } else {
            minutes.append(minute)
            totals.append((totals.last ?? base) + delta)
        }
    }

    /// Totals of every minute `m` with `from ≤ m < to`.
    public func totals(from: Int32, to: Int32) -> ByTimeTotals {
        guard to > from, !minutes.isEmpty else { return .zero }
        return cumulative(before: to) - cumulative(before: from)
    }

    /// Folds minutes before `cutoff` into the base.
    public mutating func evict(before cutoff: Int32) {
        while let first = minutes.first, first < cutoff {
            minutes.removeFirst()
            base = totals.removeFirst()
        }
    }

    private func cumulative(before minute: Int32) -> ByTimeTotals {
        let index = firstIndex(notBefore: minute)
        return index > 0 ? totals[index - 1] : base
    }

    /// The first index whose minute is ≥ `minute` (or `count`).
    private func firstIndex(notBefore minute: Int32) -> Int {
        var low = 0
        var high = minutes.count
        while low < high {
            let mid = (low + high) / 2
            if minutes[mid] < minute { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
