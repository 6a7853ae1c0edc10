import Testing
@testable import MetricsEngine

/// ``StringIndex`` against `Dictionary` under the same random insertions, updates, removals and
/// look-ups: the table grows, wraps around its end and shifts entries back on removal, and must agree
/// with the dictionary after every step.
@Suite struct StringIndexTests {
    @Test func agreesWithADictionary() {
        var random = TestRandom(seed: 42)
        var index = StringIndex()
        var model: [String: Int32] = [:]
        // Short ids (small strings), long ones (heap strings, several 16-byte rounds), non-ASCII, empty.
        let pool = (0..<3_000).map { n -> String in
            switch n % 4 {
            case 0: "c\(n)"
            case 1: "conversation-\(n)-of-a-long-running-simulation"
            case 2: "agent-\(n)-é-日本"
            default: n == 3 ? "" : "\(n * 7919)"
            }
        }
        for step in 0..<60_000 {
            let key = pool[random.next(pool.count)]
            switch random.next(10) {
            case 0...3:
                index.set(Int32(step), for: key)
                model[key] = Int32(step)
            case 4...6:
                index.remove(key)
                model[key] = nil
            default:
                #expect(index.value(for: key) == model[key], "step \(step): \(key)")
            }
            #expect(index.count == model.count)
        }
        for key in pool { #expect(index.value(for: key) == model[key]) }
        #expect(model.count > 500)
    }

    @Test func removingEverythingLeavesAnEmptyTable() {
        var index = StringIndex()
        let keys = (0..<10_000).map { "k\($0)" }
        for (n, key) in keys.enumerated() { index.set(Int32(n), for: key) }
        for key in keys.shuffled() { index.remove(key) }
        #expect(index.count == 0)
        #expect(keys.allSatisfy { index.value(for: $0) == nil })
        index.set(1, for: "again")
        #expect(index.value(for: "again") == 1)
    }
}
