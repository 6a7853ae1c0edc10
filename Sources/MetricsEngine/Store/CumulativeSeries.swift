import DequeModule

/// One fact key's by-time totals as a running sum per minute, sparse (only minutes with facts).
///
/// Any window's totals are two binary searches and one subtraction, whatever its length, which is
/// what makes a 24-hour query cheap. Minutes that fall out of retention are folded into `base`, so
/// memory stays bounded by the minutes with activity in the last 24 hours.
///
/// Whole minutes only: a window's end instant (the first millisecond of the minute after its last
/// whole one, which the seed's "including bounds" takes in) is kept by ``FactStore`` apart from the
/// series, so the sweep over every key never looks for it.
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

    /// Totals of the whole minutes `from ..< to`.
    public func totals(from: Int32, before to: Int32) -> ByTimeTotals {
        guard to > from, !minutes.isEmpty else { return .zero }
        return cumulative(before: to) - cumulative(before: from)
    }

    /// Totals between consecutive minute `boundaries` (ascending, at least two): `spans[k]` gets the
    /// whole minutes `boundaries[k] ..< boundaries[k+1]`, so the spans add up to
    /// ``totals(from:before:)`` over the whole range exactly. Each boundary is searched for only among
    /// the minutes after the previous one.
    public func partition(_ boundaries: [Int32], into spans: inout [ByTimeTotals]) {
        guard !minutes.isEmpty else {
            for k in spans.indices { spans[k] = .zero }
            return
        }
        var low = 0
        var previous = ByTimeTotals.zero
        for (k, boundary) in boundaries.enumerated() {
            low = Self.firstIndex(notBefore: boundary, in: minutes, from: low)
            let cumulative = low > 0 ? totals[low - 1] : base
            if k > 0 { spans[k - 1] = cumulative - previous }
            previous = cumulative
        }
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
    private func firstIndex(notBefore minute: Int32) -> Int { Self.firstIndex(notBefore: minute, in: minutes) }

    /// The ends are checked first: a window that ends now lies past a key's last minute, and a 24-hour
    /// window starts before its first, so most queries need no search at all for those bounds (the
    /// sweep over thousands of keys is bound by the latency of each search's dependent loads).
    private static func firstIndex(notBefore minute: Int32, in minutes: Deque<Int32>, from start: Int = 0) -> Int {
        let count = minutes.count
        guard start < count else { return count }
        if minutes[count - 1] < minute { return count }
        if minute <= minutes[start] { return start }
        var low = start
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if minutes[mid] < minute { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
