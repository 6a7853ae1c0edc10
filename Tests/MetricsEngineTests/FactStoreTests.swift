import KeyMetrics
import MetricsEngine
import Testing

/// The cumulative per-minute series and the fact store, on their own.
@Suite struct FactStoreTests {
    /// `n` closes by agent and a wait of `wait` ms.
    static func delta(closes n: Int64, wait: Int64 = 0) -> ByTimeTotals {
        var d = ByTimeTotals()
        d.closedByAgent = n
        if wait > 0 {
            d.waitSum = wait
            d.waitCount = 1
        }
        return d
    }

    static func closes(_ s: CumulativeSeries, _ from: Int32, _ to: Int32) -> Int64 {
        s.totals(from: from, before: to).closedByAgent
    }

    /// A window ends at the first millisecond of minute `to`, included: facts there count, the rest of
    /// that minute does not; late and evicted ones too.
    @Test func theEndInstantIsIncluded() {
        var store = FactStore()
        let key = FactKey(skill: 0, group: WorldIndex.none, agent: WorldIndex.none)
        let other = FactKey(skill: 1, group: WorldIndex.none, agent: WorldIndex.none)
        store.record(Self.delta(closes: 1), key: key, minute: 10, atMinuteStart: true)  // 10:00.000
        store.record(Self.delta(closes: 2), key: key, minute: 10)  // later in minute 10
        store.record(Self.delta(closes: 4), key: key, minute: 12, atMinuteStart: true)
        store.record(Self.delta(closes: 8), key: key, minute: 11, atMinuteStart: true)  // late
        store.record(Self.delta(closes: 16), key: key, minute: 11, atMinuteStart: true)  // late, same instant
        store.record(Self.delta(closes: 32), key: other, minute: 11, atMinuteStart: true)  // another key's
        func closes(_ from: Int32, _ to: Int32) -> Int64 { store.totals(ofKey: 0, from: from, through: to).closedByAgent }
        #expect(closes(0, 10) == 1)  // through 10:00.000
        #expect(closes(10, 10) == 1)  // that instant alone
        #expect(closes(10, 11) == 1 + 2 + 24)
        #expect(closes(11, 12) == 24 + 4)
        #expect(closes(12, 12) == 4)
        #expect(store.instants(at: 11).map(\.totals.closedByAgent) == [24, 32])
        store.evict(before: 11)
        #expect(closes(11, 11) == 24)
        #expect(closes(10, 10) == 0)  // gone with its minute
        #expect(store.instants(at: 10).isEmpty)
    }

    @Test func inOrderAppends() {
        var s = CumulativeSeries()
        #expect(s.totals(from: 0, before: 100).isZero)
        s.add(Self.delta(closes: 1), at: 10)
        s.add(Self.delta(closes: 2), at: 12)
        s.add(Self.delta(closes: 3), at: 15)
        #expect(s.entryCount == 3)
        #expect(Self.closes(s, 10, 16) == 6)
        #expect(Self.closes(s, 0, 100) == 6)
        #expect(Self.closes(s, 11, 15) == 2)  // minute 15 is the exclusive end
        #expect(Self.closes(s, 12, 13) == 2)
        #expect(Self.closes(s, 13, 15) == 0)  // a gap
        #expect(Self.closes(s, 0, 10) == 0)
        #expect(Self.closes(s, 16, 100) == 0)
        #expect(Self.closes(s, 15, 15) == 0)  // empty window
        #expect(Self.closes(s, 16, 10) == 0)  // reversed window
    }

    @Test func sameMinuteMerges() {
        var s = CumulativeSeries()
        s.add(Self.delta(closes: 1, wait: 100), at: 7)
        s.add(Self.delta(closes: 1, wait: 300), at: 7)
        #expect(s.entryCount == 1)
        let t = s.totals(from: 7, before: 8)
        #expect(t.closedByAgent == 2)
        #expect(t.waitSum == 400)
        #expect(t.waitCount == 2)
    }

    @Test func lateInserts() {
        var s = CumulativeSeries()
        s.add(Self.delta(closes: 1), at: 10)
        s.add(Self.delta(closes: 2), at: 12)
        s.add(Self.delta(closes: 3), at: 15)
        s.add(Self.delta(closes: 10), at: 11)  // a new minute between two
        #expect(s.entryCount == 4)
        s.add(Self.delta(closes: 20), at: 12)  // late, into an existing minute
        #expect(s.entryCount == 4)
        s.add(Self.delta(closes: 100), at: 5)  // before the first minute
        #expect(s.entryCount == 5)
        // minutes: 5→100, 10→1, 11→10, 12→22, 15→3
        #expect(Self.closes(s, 0, 100) == 136)
        #expect(Self.closes(s, 5, 6) == 100)
        #expect(Self.closes(s, 6, 11) == 1)
        #expect(Self.closes(s, 11, 12) == 10)
        #expect(Self.closes(s, 12, 13) == 22)
        #expect(Self.closes(s, 13, 16) == 3)
        #expect(Self.closes(s, 10, 15) == 33)
        // An append after late inserts continues from the right running sum.
        s.add(Self.delta(closes: 1000), at: 20)
        #expect(Self.closes(s, 16, 21) == 1000)
        #expect(Self.closes(s, 0, 21) == 1136)
    }

    @Test func windowsOfAnyLength() {
        var s = CumulativeSeries()
        // One fact per minute 0 … 1439 with waitSum = minute, plus one close: sums are arithmetic series.
        for m in Int32(0)..<1440 { s.add(Self.delta(closes: 1, wait: Int64(m)), at: m) }
        #expect(s.entryCount == 1440)
        for (from, to) in [(0, 1440), (0, 1), (1439, 1440), (100, 160), (7, 1000), (720, 721), (1000, 2000), (-50, 10)] {
            let a = Int64(max(0, from))
            let b = Int64(min(1440, to))
            let t = s.totals(from: Int32(from), before: Int32(to))
            #expect(t.closedByAgent == b - a, "[\(from), \(to))")
            // minute 0 has a wait of 0 ms, which `delta` leaves out (no sample)
            #expect(t.waitCount == b - a - (a == 0 ? 1 : 0), "[\(from), \(to))")
            #expect(t.waitSum == (a + b - 1) * (b - a) / 2, "[\(from), \(to))")
        }
    }

    @Test func evictThenQuery() {
        var s = CumulativeSeries()
        s.add(Self.delta(closes: 1), at: 10)
        s.add(Self.delta(closes: 2), at: 12)
        s.add(Self.delta(closes: 3), at: 15)
        s.evict(before: 12)
        #expect(s.entryCount == 2)
        #expect(Self.closes(s, 12, 16) == 5)
        #expect(Self.closes(s, 15, 16) == 3)
        // A window reaching before the cutoff sees only what is kept.
        #expect(Self.closes(s, 0, 100) == 5)
        #expect(Self.closes(s, 0, 12) == 0)
        // Appends and late inserts after an eviction keep the sums right.
        s.add(Self.delta(closes: 4), at: 20)
        s.add(Self.delta(closes: 8), at: 13)
        #expect(Self.closes(s, 12, 21) == 17)
        #expect(Self.closes(s, 13, 15) == 8)
        // Evicting everything, then adding again.
        s.evict(before: 1000)
        #expect(s.entryCount == 0)
        #expect(Self.closes(s, 0, 2000) == 0)
        s.add(Self.delta(closes: 5), at: 1001)
        #expect(Self.closes(s, 0, 2000) == 5)
        #expect(Self.closes(s, 1001, 1002) == 5)
        #expect(Self.closes(s, 1002, 2000) == 0)
    }

    @Test func storeKeepsOneSeriesPerKeyAndDropsFactsBeforeTheCutoff() {
        var store = FactStore()
        let k1 = FactKey(skill: 0, group: 0, agent: 0)
        let k2 = FactKey(skill: 1, group: WorldIndex.none, agent: WorldIndex.none)
        store.record(Self.delta(closes: 1), key: k1, minute: 100)
        store.record(Self.delta(closes: 2), key: k2, minute: 101)
        store.record(Self.delta(closes: 4), key: k1, minute: 102)
        store.record(Self.delta(closes: 8), key: k1, minute: 102)
        #expect(store.keys == [k1, k2])
        #expect(store.entryCount == 3)  // k1: 100, 102; k2: 101
        #expect(store.series[0].totals(from: 0, before: 200).closedByAgent == 13)
        #expect(store.series[1].totals(from: 0, before: 200).closedByAgent == 2)

        store.evict(before: 101)
        #expect(store.cutoffMinute == 101)
        #expect(store.entryCount == 2)
        #expect(store.series[0].totals(from: 101, before: 200).closedByAgent == 12)
        // A fact for a minute before the cutoff is dropped; one at the cutoff is kept.
        store.record(Self.delta(closes: 16), key: k1, minute: 100)
        store.record(Self.delta(closes: 32), key: k2, minute: 101)
        #expect(store.series[0].totals(from: 0, before: 200).closedByAgent == 12)
        #expect(store.series[1].totals(from: 0, before: 200).closedByAgent == 34)
        // The cutoff never moves back.
        store.evict(before: 50)
        #expect(store.cutoffMinute == 101)
        store.record(Self.delta(closes: 64), key: k1, minute: 60)
        #expect(store.series[0].totals(from: 0, before: 200).closedByAgent == 12)
    }

    /// The compact series against a plain dictionary of minutes, through appends, merges, late
    /// minutes (before, between and inside blocks), evictions and windows of every kind, with
    /// deltas that set different fields, large and negative values included.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func compactSeriesMatchesAPlainModel(seed: UInt64) {
        var random = TestRandom(seed: seed)
        func next(_ bound: Int) -> Int { random.next(bound) }
        var s = CumulativeSeries()
        var model: [Int32: ByTimeTotals] = [:]
        var cutoff: Int32 = .min
        var clock: Int32 = 1_000
        func modelTotals(_ from: Int32, _ to: Int32) -> ByTimeTotals {
            guard to > from else { return .zero }
            var total = ByTimeTotals.zero
            for (minute, delta) in model where minute >= from && minute < to { total += delta }
            return total
        }
        for step in 0..<1_200 {
            var delta = ByTimeTotals.zero
            for _ in 0..<(1 + next(4)) {
                let field = next(ByTimeTotals.fieldCount)
                delta[field: field] &+= [1, 2, 7, 130, 255, 256, 65_000, 70_000, 16_777_215, 16_777_216, 9_000_000_000, -3, .max][next(13)]
            }
            let minute: Int32
            switch next(10) {
            case 0...4: clock += Int32(next(3)); minute = clock  // in order or the same minute
            case 5...7: minute = clock - Int32(next(200))  // late
            default: minute = clock - Int32(next(5))  // a little late
            }
            if minute >= cutoff {
                s.add(delta, at: minute)
                model[minute, default: .zero] += delta
            }
            if step % 97 == 96 {
                cutoff = max(cutoff, clock - Int32(next(150)))
                s.evict(before: cutoff)
                for minute in model.keys where minute < cutoff { model[minute] = nil }
            }
            #expect(s.entryCount == model.count)
            // Windows every few steps only: the suite's synchronous tests share the cooperative pool with
            // the network tests' timers, so this one must stay cheap.
            for _ in 0..<(step % 8 == 0 ? 3 : 0) {
                let from = clock - Int32(next(400))
                let to = from + Int32(next(450))
                #expect(s.totals(from: from, before: to) == modelTotals(from, to), "step \(step): [\(from), \(to))")
            }
            if step % 50 == 0 {
                var boundaries = [clock - 500]
                for _ in 0..<(2 + next(8)) { boundaries.append(boundaries[boundaries.count - 1] + Int32(next(120))) }
                var spans = [ByTimeTotals](repeating: .zero, count: boundaries.count - 1)
                s.partition(boundaries, into: &spans)
                for k in spans.indices { #expect(spans[k] == modelTotals(boundaries[k], boundaries[k + 1])) }
            }
        }
        #expect(s.totals(from: .min, before: .max) == modelTotals(.min, .max))
    }

    /// The decoder adds to field i at byte offset 8 × i.
    @Test func fieldsLieWhereTheDecoderAddsThem() {
        #expect(ByTimeTotals.fieldsLieInOrder)
        var t = ByTimeTotals()
        for field in 0..<ByTimeTotals.fieldCount { t[field: field] = Int64(field + 1) }
        #expect(t.waitSum == 1 && t.responseSum == 5 && t.autoClosed == 11 && t.csatCount == 15)
    }

    @Test func totalsArithmetic() {
        var a = ByTimeTotals()
        a.waitSum = 10
        a.waitCount = 1
        a.csatTopTwo = 1
        a.csatCount = 2
        var b = ByTimeTotals()
        b.waitSum = 5
        b.waitCount = 1
        b.durationSum = 7
        b.durationCount = 1
        let sum = a + b
        #expect(sum.waitSum == 15)
        #expect(sum.waitCount == 2)
        #expect(sum.durationSum == 7)
        #expect(sum.csatCount == 2)
        #expect(sum - b == a)
        #expect((sum - a - b).isZero)
        #expect(ByTimeTotals.zero.isZero)
        #expect(!a.isZero)
    }
}
