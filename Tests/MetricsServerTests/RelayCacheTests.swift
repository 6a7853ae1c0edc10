import Testing

@testable import MetricsServer

/// The relay's decisions: a fresh copy answers, one call per key with the rest joining it, and a
/// failed call answered from the last copy only while it is within the stale bound.
@Suite struct RelayCacheTests {
    @Test func oneCallPerKeyAndCopiesWhileFresh() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 60)
        #expect(isFetch(cache.request("a", now: 0) { 1 }))
        #expect(isJoined(cache.request("a", now: 0.5) { 2 }))
        #expect(isFetch(cache.request("b", now: 0.5) { 3 }), "another key is another call")
        let (waiters, copy) = cache.finish("a", body: [7], now: 1)
        #expect(waiters == [1, 2])
        #expect(copy?.body == [7])
        #expect(cache.inFlight == 1)
        guard case .fresh(let fresh) = cache.request("a", now: 11, waiter: { 4 }) else {
            Issue.record("a copy 10 s old is fresh at max age 10 s")
            return
        }
        #expect(fresh.storedAt == 1)
        #expect(isFetch(cache.request("a", now: 11.01) { 5 }), "past max age: a new call")
    }

    @Test func aFailedCallAnswersFromTheLastCopyWithinTheStaleBound() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 60)
        _ = cache.request("a", now: 0) { 1 }
        _ = cache.finish("a", body: [1, 2], now: 0)
        _ = cache.request("a", now: 30) { 2 }
        let stale = cache.finish("a", body: nil, now: 30)
        #expect(stale.waiters == [2])
        #expect(stale.copy?.body == [1, 2] && stale.copy?.storedAt == 0)
        _ = cache.request("a", now: 61) { 3 }
        let gone = cache.finish("a", body: nil, now: 61)
        #expect(gone.waiters == [3])
        #expect(gone.copy == nil, "61 s old is past the 60 s bound")
        _ = cache.request("a", now: 62) { 4 }
        #expect(cache.finish("a", body: nil, now: 62).copy == nil, "and it was dropped")
    }

    @Test func anUpstreamCopysAgeCounts() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 60)
        _ = cache.request("a", now: 100) { 1 }
        let (_, copy) = cache.finish("a", body: [1], age: 8, now: 100)
        #expect(copy?.storedAt == 92, "8 s old upstream is 8 s old here")
        guard case .fresh = cache.request("a", now: 102, waiter: { 2 }) else {
            Issue.record("10 s old in all is still fresh")
            return
        }
        guard case .fetch = cache.request("a", now: 102.5, waiter: { 3 }) else {
            Issue.record("10.5 s old in all is not")
            return
        }
    }

    @Test func keepsAtMostItsCapacity() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 600, capacity: 3)
        for (index, key) in ["a", "b", "c", "d"].enumerated() {
            _ = cache.request(key, now: Double(index)) { index }
            _ = cache.finish(key, body: [UInt8(index)], now: Double(index))
        }
        #expect(Set(cache.copies.keys) == ["b", "c", "d"], "the oldest copy went")
    }

    private func isFetch(_ decision: RelayCache<Int>.Decision) -> Bool {
        if case .fetch = decision { return true }
        return false
    }

    private func isJoined(_ decision: RelayCache<Int>.Decision) -> Bool {
        if case .joined = decision { return true }
        return false
    }
}
