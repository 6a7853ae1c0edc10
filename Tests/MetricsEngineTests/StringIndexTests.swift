import Testing
@testable import MetricsEngine

/// ``StringIndex`` against `Dictionary` under the same random insertions, updates, removals and
/// look-ups: the table grows, wraps around its end and shifts entries back on removal, and must agree
/// with the dictionary after every step. Off the cooperative pool, and one expectation per test: on the
/// suite's two pool threads, 60,000 expectations in a debug build held a thread for seven seconds, and
/// the end-to-end tests' waits with it.
@Suite struct StringIndexTests {
    @Test func agreesWithADictionary() async throws {
        let disagreements = try await offPool { Self.disagreements() }
        #expect(disagreements.count == 0, "\(disagreements.prefix(5))")
    }

    /// Runs the random steps; returns every step where the table and the dictionary differed.
    static func disagreements() -> [String] {
        var found: [String] = []
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
                if index.value(for: key) != model[key] { found.append("step \(step): look-up of '\(key)'") }
            }
            if index.count != model.count { found.append("step \(step): \(index.count) entries, not \(model.count)") }
        }
        for key in pool where index.value(for: key) != model[key] { found.append("at the end: '\(key)'") }
        if model.count < 500 { found.append("only \(model.count) keys at the end: the steps did not fill the table") }
        return found
    }

    @Test func removingEverythingLeavesAnEmptyTable() async throws {
        let (count, leftOver, again) = try await offPool {
            var index = StringIndex()
            let keys = (0..<10_000).map { "k\($0)" }
            for (n, key) in keys.enumerated() { index.set(Int32(n), for: key) }
            for key in keys.shuffled() { index.remove(key) }
            let leftOver = keys.filter { index.value(for: $0) != nil }.count
            let count = index.count
            index.set(1, for: "again")
            return (count, leftOver, index.value(for: "again"))
        }
        #expect(count == 0)
        #expect(leftOver == 0)
        #expect(again == 1)
    }
}
