import Testing

@testable import MetricsEngine

/// The fact-key table against a plain dictionary: thousands of keys (negative `none` indices among
/// them), through every growth, each found with its value and no absent one found.
@Suite struct FactKeyIndexTests {
    @Test func agreesWithADictionary() {
        var index = FactKeyIndex()
        var model: [FactKey: Int] = [:]
        var state: UInt64 = 0x1234_5678
        func next(_ bound: Int32) -> Int32 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int32(truncatingIfNeeded: state >> 33) % bound - 1
        }
        for _ in 0..<20_000 {
            let key = FactKey(skill: next(300), group: next(40), agent: next(2_000))
            if model[key] == nil {
                #expect(index.value(for: key) == nil)
                model[key] = model.count
                index.insert(key, value: model[key] ?? -1)
            }
            #expect(index.value(for: key) == model[key])
        }
        #expect(index.count == model.count)
        for (key, value) in model { #expect(index.value(for: key) == value) }
        #expect(index.value(for: FactKey(skill: 9_999, group: 0, agent: 0)) == nil)
    }
}
