import KeyMetrics
import MetricsEngine
import Testing

/// ``FactStore``'s anchor (everything before the start of the last hour, per key, kept at write time)
/// must give exactly what each series' own search gives, whatever comes: late facts before the anchor,
/// facts in the current minute, new keys, a moving anchor, eviction. Against a plain model of every
/// delta, over random steps.
@Suite struct AnchorTests {
    @Test func anchoredWindowsEqualTheSeriesOwnAnswer() async throws {
        let mismatches = try await offPool { Self.mismatches() }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    /// Every step and window where the anchored totals, the searched ones and the model disagree.
    static func mismatches() -> [String] {
        var random = TestRandom(seed: 2026)
        var store = FactStore()
        let keys = (0..<6).map { FactKey(skill: Int32($0), group: WorldIndex.none, agent: WorldIndex.none) }
        var model: [[(minute: Int32, closes: Int64)]] = Array(repeating: [], count: keys.count)
        var now: Int32 = 200
        var cutoff: Int32 = .min
        var mismatches: [String] = []
        for step in 0..<2_000 {
            switch random.next(20) {
            case 0:
                now += Int32(1 + random.next(3))
                store.setAnchor(now - 60)
            case 1:
                cutoff = now - 150
                store.evict(before: cutoff)
            default:
                // Mostly the current minute or just before it; sometimes far back, before the anchor.
                let back = random.next(4) == 0 ? random.next(120) : random.next(2)
                let minute = now - Int32(back)
                let key = random.next(keys.count)
                let closes = Int64(1 + random.next(9))
                store.record(FactStoreTests.delta(closes: closes), key: keys[key], minute: minute)
                if minute >= cutoff { model[key].append((minute, closes)) }
            }
            guard store.anchorMinute != .min else { continue }
            let from = store.anchorMinute
            for to in [now, now + 1, now - 1, from + 1, from] {
                for index in store.keys.indices {
                    let key = keys.firstIndex(of: store.keys[index]) ?? 0
                    let expected = model[key].filter { $0.minute >= from && $0.minute < to }.reduce(0) { $0 + $1.closes }
                    let anchored = store.totals(ofKey: index, from: from, before: to).closedByAgent
                    let searched = store.series[index].totals(from: from, before: to).closedByAgent
                    if anchored != expected || searched != expected {
                        mismatches.append("step \(step), key \(key), \(from)..<\(to): anchored \(anchored), searched \(searched), model \(expected)")
                    }
                }
            }
        }
        return mismatches
    }
}
