/// Where a by-time fact is attributed: its skill, and the agent (and that agent's group) involved.
/// `WorldIndex.none` marks a fact with no agent, such as the close of a never-assigned conversation.
public struct FactKey: Sendable, Hashable {
    public var skill: WorldIndex.Index
    public var group: WorldIndex.Index
    public var agent: WorldIndex.Index

    public init(skill: WorldIndex.Index, group: WorldIndex.Index, agent: WorldIndex.Index) {
        self.skill = skill
        self.group = group
        self.agent = agent
    }
}

/// Facts that happened at exactly the first millisecond of a minute, for one key.
public struct InstantFact: Sendable, Equatable {
    /// The fact key's index in ``FactStore/keys``.
    public var key: Int
    public var totals: ByTimeTotals
}

/// All by-time facts: one ``CumulativeSeries`` per fact key, in flat arrays a query can sweep, and,
/// apart, the facts at a minute's first millisecond by minute.
///
/// A window `[from, to]` is the whole minutes `from ..< to` of every series plus the instant at `to`.
/// That instant is one dictionary look-up per query (an event has one chance in 60,000 of landing on
/// it), so it costs the sweep over thousands of keys nothing.
public struct FactStore: Sendable {
    public private(set) var keys: [FactKey] = []
    public private(set) var series: [CumulativeSeries] = []
    private var slot = FactKeyIndex()
    private var instants: [Int32: [InstantFact]] = [:]
    /// Minutes before this are gone: facts for them are dropped on arrival.
    public private(set) var cutoffMinute: Int32 = .min
    /// Where the last hour began when facts last came in (``setAnchor(_:)``), and per key everything
    /// before that minute: a window starting there (the board's default, the seed's example) reads its
    /// start from here instead of searching and decoding each key's blocks, which was most of a query.
    public private(set) var anchorMinute: Int32 = .min
    private var anchors: [ByTimeTotals] = []
    /// Between ``beginBatch()`` and ``endBatch()``: the deltas for the series, in arrival order.
    private var pending: [PendingFact] = []
    private var batching = false

    private struct PendingFact {
        var series: Int32
        var minute: Int32
        var delta: ByTimeTotals
    }

    public init() {}

    /// Records `delta` for `key` in `minute`; `atMinuteStart` when it happened at the minute's first
    /// millisecond (so a window ending at that instant includes it). Within a batch the series part
    /// waits for ``endBatch()``.
    public mutating func record(_ delta: ByTimeTotals, key: FactKey, minute: Int32, atMinuteStart: Bool = false) {
        guard minute >= cutoffMinute else { return }
        let index: Int
        if let known = slot.value(for: key) {
            index = known
        } else {
            index = keys.count
            slot.insert(key, value: index)
            keys.append(key)
            series.append(CumulativeSeries())
            anchors.append(.zero)
        }
        // A fact before the anchor (events arrive late) moves it; any other leaves it as it is.
        if minute < anchorMinute { anchors[index] += delta }
        if batching {
            pending.append(PendingFact(series: Int32(truncatingIfNeeded: index), minute: minute, delta: delta))
        } else {
            series[index].add(delta, at: minute)
        }
        if atMinuteStart {
            var list = instants[minute] ?? []
            if let at = list.firstIndex(where: { $0.key == index }) {
                list[at].totals += delta
            } else {
                list.append(InstantFact(key: index, totals: delta))
            }
            instants[minute] = list
        }
    }

    /// From here to ``endBatch()``, ``record(_:key:minute:atMinuteStart:)`` only notes each delta; the
    /// store reads as before the batch until it ends (the engine's writer holds its lock throughout).
    public mutating func beginBatch() {
        batching = true
    }

    /// Adds the batch's deltas to their series, key by key (each key's in the order they came).
    ///
    /// Why: events touch keys at random, and a delta for a key's new minute moves its last one into the
    /// key's blocks: three arrays of its own, each a cache miss, which made this store half of ingest.
    /// Ten minutes of events hold several deltas per key; taken together, one key's arrays are fetched
    /// once for all of them, and the keys are visited in the order they lie in memory.
    public mutating func endBatch() {
        batching = false
        guard !pending.isEmpty else { return }
        // A counting sort by series index: stable, so each key's deltas keep their order (and so the
        // store is exactly what adding them one by one would have made).
        var starts = [Int32](repeating: 0, count: series.count + 1)
        for fact in pending { starts[Int(fact.series) + 1] &+= 1 }
        for index in 1..<starts.count { starts[index] &+= starts[index - 1] }
        var order = [Int32](repeating: 0, count: pending.count)
        for (position, fact) in pending.enumerated() {
            order[Int(starts[Int(fact.series)])] = Int32(truncatingIfNeeded: position)
            starts[Int(fact.series)] &+= 1
        }
        pending.withUnsafeBufferPointer { facts in
            for position in order {
                let fact = facts[Int(position)]
                series[Int(fact.series)].add(fact.delta, at: fact.minute)
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Moves the anchor to `minute`, computing every key's totals before it (once a minute: a search
    /// and a short decode per key). Not within a batch: the series must hold every delta.
    public mutating func setAnchor(_ minute: Int32) {
        guard minute != anchorMinute, !batching else { return }
        anchorMinute = minute
        for index in series.indices { anchors[index] = series[index].total(before: minute) }
    }

    /// One key's totals over the whole minutes `from ..< to`: from the anchor when the window starts
    /// there, else by the series' own search.
    @inline(__always)
    public func totals(ofKey index: Int, from: Int32, before to: Int32) -> ByTimeTotals {
        from == anchorMinute
            ? series[index].totals(anchoredAt: from, anchors[index], before: to)
            : series[index].totals(from: from, before: to)
    }

    /// Every minute that has facts at its first millisecond, with them (for exports and checks).
    public func forEachInstant(_ body: (Int32, InstantFact) -> Void) {
        for (minute, facts) in instants.sorted(by: { $0.key < $1.key }) { for fact in facts { body(minute, fact) } }
    }

    /// The facts at the first millisecond of `minute`.
    public func instants(at minute: Int32) -> [InstantFact] { instants[minute] ?? [] }

    /// One key's totals over the closed window from the start of minute `from` through the first
    /// millisecond of minute `to`.
    public func totals(ofKey index: Int, from: Int32, through to: Int32) -> ByTimeTotals {
        guard to >= from else { return .zero }
        var total = totals(ofKey: index, from: from, before: to)
        for fact in instants(at: to) where fact.key == index { total += fact.totals }
        return total
    }

    /// Forgets minutes before `minute`; cheap to call often, works only when the cutoff moves.
    public mutating func evict(before minute: Int32) {
        guard minute > cutoffMinute else { return }
        if batching {
            // What the batch noted so far goes in first, as it would have one by one.
            endBatch()
            batching = true
        }
        cutoffMinute = minute
        for index in series.indices { series[index].evict(before: minute) }
        if instants.keys.contains(where: { $0 < minute }) { instants = instants.filter { $0.key >= minute } }
    }

    /// Kept minute entries over all keys: the store's size, for benchmarks and the memory bound.
    public var entryCount: Int { series.reduce(0) { $0 + $1.entryCount } }
}

extension FactStore {
    /// Bytes the store holds for its facts: the series' inline parts, their encoded minutes and
    /// blocks, and the keys (not the instants, a few per minute). For the benchmark's bytes per entry.
    public var heldBytes: Int {
        series.capacity * MemoryLayout<CumulativeSeries>.stride + keys.capacity * MemoryLayout<FactKey>.stride
            + series.reduce(0) { $0 + $1.encodedBytes }
    }
}
