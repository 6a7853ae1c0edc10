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

/// All by-time facts: one ``CumulativeSeries`` per fact key, in flat arrays a query can sweep.
public struct FactStore: Sendable {
    public private(set) var keys: [FactKey] = []
    public private(set) var series: [CumulativeSeries] = []
    private var slot: [FactKey: Int] = [:]
    /// Minutes before this are gone: facts for them are dropped on arrival.
    public private(set) var cutoffMinute: Int32 = .min

    public init() {}

    /// Records `delta` for `key` in `minute`; `atMinuteStart` when it happened at the minute's first
    /// millisecond (so a window ending at that instant includes it).
    public mutating func record(_ delta: ByTimeTotals, key: FactKey, minute: Int32, atMinuteStart: Bool = false) {
        guard minute >= cutoffMinute else { return }
        if let index = slot[key] {
            series[index].add(delta, at: minute, atMinuteStart: atMinuteStart)
        } else {
            slot[key] = keys.count
            keys.append(key)
            var fresh = CumulativeSeries()
            fresh.add(delta, at: minute, atMinuteStart: atMinuteStart)
            series.append(fresh)
        }
    }

    /// Forgets minutes before `minute`; cheap to call often, works only when the cutoff moves.
    public mutating func evict(before minute: Int32) {
        guard minute > cutoffMinute else { return }
        cutoffMinute = minute
        for index in series.indices { series[index].evict(before: minute) }
    }

    /// Kept minute entries over all keys: the store's size, for benchmarks and the memory bound.
    public var entryCount: Int { series.reduce(0) { $0 + $1.entryCount } }
}
