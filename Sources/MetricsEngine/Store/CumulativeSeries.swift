import DequeModule

/// One fact key's by-time totals as a running sum per minute, sparse (only minutes with facts).
///
/// Any window's totals are two binary searches and one subtraction, whatever its length, which is
/// what makes a 24-hour query cheap. Minutes that fall out of retention are folded into `base`, so
/// memory stays bounded by the minutes with activity in the last 24 hours.
///
/// A window includes its end instant (`[floor(from), ceil(to)]`, the seed's "including bounds"), and
/// that instant is the first millisecond of the minute after the last whole one. Facts at exactly a
/// minute's first millisecond are therefore also kept, per minute, in a second sparse list: it is
/// empty for almost every key (an event has one chance in 60,000 of landing there), so the end
/// instant costs a query nothing unless such a fact exists.
public struct CumulativeSeries: Sendable {
    private var minutes: Deque<Int32> = []
    /// `totals[i]` = everything up to and including `minutes[i]`.
    private var totals: Deque<ByTimeTotals> = []
    /// Everything before the first kept minute.
    private var base = ByTimeTotals.zero
    /// Minutes with facts at their first millisecond, ascending, and those facts (not running sums).
    private var instants: Deque<Int32> = []
    private var instantTotals: Deque<ByTimeTotals> = []
    /// `!instants.isEmpty`, kept inline: a query sweeping thousands of keys reads it without following
    /// the deque's storage pointer (the sweep is bound by memory latency).
    private var hasInstants = false

    public init() {}

    public var entryCount: Int { minutes.count }

    /// Adds `delta` at `minute`; `atMinuteStart` when it happened at the minute's first millisecond.
    /// In-order minutes append in O(1); a late minute is inserted and the running sums after it are
    /// corrected.
    public mutating func add(_ delta: ByTimeTotals, at minute: Int32, atMinuteStart: Bool = false) {
        if atMinuteStart { addInstant(delta, at: minute) }
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

    /// Totals of every fact from the start of minute `from` through the first millisecond of minute
    /// `to`, both included: the closed window `[from × 60 000, to × 60 000]` in milliseconds.
    public func totals(from: Int32, through to: Int32) -> ByTimeTotals {
        guard to >= from, !minutes.isEmpty else { return .zero }
        let whole = to > from ? cumulative(before: to) - cumulative(before: from) : .zero
        return hasInstants ? whole + instant(at: to) : whole
    }

    /// Totals between consecutive minute `boundaries` (ascending, at least two): `spans[k]` gets
    /// `[boundaries[k], boundaries[k+1])` and the last span also the first millisecond of the last
    /// boundary, so the spans add up to ``totals(from:through:)`` over the whole range exactly.
    /// Each boundary is searched for only among the minutes after the previous one.
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
        if hasInstants, let end = boundaries.last, !spans.isEmpty { spans[spans.count - 1] += instant(at: end) }
    }

    /// Folds minutes before `cutoff` into the base.
    public mutating func evict(before cutoff: Int32) {
        while let first = minutes.first, first < cutoff {
            minutes.removeFirst()
            base = totals.removeFirst()
        }
        while hasInstants, let first = instants.first, first < cutoff {
            instants.removeFirst()
            instantTotals.removeFirst()
            hasInstants = !instants.isEmpty
        }
    }

    private mutating func addInstant(_ delta: ByTimeTotals, at minute: Int32) {
        hasInstants = true
        if let last = instants.last, last == minute {
            instantTotals[instantTotals.count - 1] += delta
        } else if let last = instants.last, minute < last {
            let index = Self.firstIndex(notBefore: minute, in: instants)
            if instants[index] == minute {
                instantTotals[index] += delta
            } else {
                instants.insert(minute, at: index)
                instantTotals.insert(delta, at: index)
            }
        } else {
            instants.append(minute)
            instantTotals.append(delta)
        }
    }

    /// The facts at the first millisecond of `minute`.
    private func instant(at minute: Int32) -> ByTimeTotals {
        let index = Self.firstIndex(notBefore: minute, in: instants)
        return index < instants.count && instants[index] == minute ? instantTotals[index] : .zero
    }

    private func cumulative(before minute: Int32) -> ByTimeTotals {
        let index = firstIndex(notBefore: minute)
        return index > 0 ? totals[index - 1] : base
    }

    /// The first index whose minute is ≥ `minute` (or `count`).
    private func firstIndex(notBefore minute: Int32) -> Int { Self.firstIndex(notBefore: minute, in: minutes) }

    private static func firstIndex(notBefore minute: Int32, in minutes: Deque<Int32>, from start: Int = 0) -> Int {
        var low = start
        var high = minutes.count
        while low < high {
            let mid = (low + high) / 2
            if minutes[mid] < minute { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
