import Testing

@testable import MetricsServer

/// The relay's decisions: a fresh copy answers, one call per key with the rest joining it, and a
/// failed call answered from the last copy (the request's own, else its view's at an earlier minute)
/// only while it is within the stale bound, and only for the failures that allow it.
@Suite struct RelayCacheTests {
    @Test func oneCallPerKeyAndCopiesWhileFresh() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 60)
        #expect(isFetch(cache.request("a", now: 0) { 1 }))
        #expect(isJoined(cache.request("a", now: 0.5) { 2 }))
        #expect(isFetch(cache.request("b", now: 0.5) { 3 }), "another key is another call")
        let (waiters, copy) = cache.finish("a", view: "v", body: [7], now: 1)
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
        _ = cache.finish("a", view: "v", body: [1, 2], now: 0)
        _ = cache.request("a", now: 30) { 2 }
        let stale = cache.finish("a", view: "v", body: nil, now: 30)
        #expect(stale.waiters == [2])
        #expect(stale.copy?.body == [1, 2] && stale.copy?.storedAt == 0)
        _ = cache.request("a", now: 61) { 3 }
        let gone = cache.finish("a", view: "v", body: nil, now: 61)
        #expect(gone.waiters == [3])
        #expect(gone.copy == nil, "61 s old is past the 60 s bound")
        #expect(cache.copies.isEmpty, "and it was dropped")
    }

    /// A moving window's key changes every minute: a stale answer may come from the same view's copy
    /// at an earlier minute, the newest one there is.
    @Test func aStaleAnswerFromTheViewsEarlierMinute() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 300)
        for (minute, at) in [("m1", 0.0), ("m2", 60)] {
            _ = cache.request(minute, now: at) { 0 }
            _ = cache.finish(minute, view: "v", body: [UInt8(at)], now: at)
        }
        _ = cache.request("m4", now: 200) { 1 }
        let (_, copy) = cache.finish("m4", view: "v", body: nil, now: 200)
        #expect(copy?.body == [60] && copy?.storedAt == 60, "the view's newest copy, 140 s old")
        _ = cache.request("x", now: 200) { 2 }
        #expect(cache.finish("x", view: "other", body: nil, now: 200).copy == nil, "another view has none")
    }

    @Test func noStaleAnswerWhenTheUpstreamRefusedTheRequest() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 60)
        _ = cache.request("a", now: 0) { 1 }
        _ = cache.finish("a", view: "v", body: [1], now: 0)
        _ = cache.request("a", now: 20) { 2 }
        #expect(cache.finish("a", view: "v", body: nil, staleAllowed: false, now: 20).copy == nil)
    }

    @Test func anUpstreamCopysAgeCounts() {
        var cache = RelayCache<Int>(maxAge: 10, maxStale: 60)
        _ = cache.request("a", now: 100) { 1 }
        let (_, copy) = cache.finish("a", view: "v", body: [1], age: 8, now: 100)
        #expect(copy?.storedAt == 92, "8 s old upstream is 8 s old here")
        guard case .fresh = cache.request("a", now: 102, waiter: { 2 }) else {
            Issue.record("10 s old in all is still fresh")
            return
        }
        #expect(isFetch(cache.request("a", now: 102.5) { 3 }), "10.5 s old in all is not")
    }

    @Test func keepsWithinItsCountBytesAndStaleBound() {
        var counted = RelayCache<Int>(maxAge: 10, maxStale: 600, capacity: 3)
        for (index, key) in ["a", "b", "c", "d"].enumerated() {
            _ = counted.request(key, now: Double(index)) { index }
            _ = counted.finish(key, view: key, body: [UInt8(index)], now: Double(index))
        }
        #expect(Set(counted.copies.keys) == ["b", "c", "d"], "the oldest copy went")

        var sized = RelayCache<Int>(maxAge: 10, maxStale: 600, maxBytes: 10)
        for (index, key) in ["a", "b", "c"].enumerated() {
            _ = sized.request(key, now: Double(index)) { index }
            _ = sized.finish(key, view: key, body: [UInt8](repeating: 0, count: 4), now: Double(index))
        }
        #expect(Set(sized.copies.keys) == ["b", "c"] && sized.bytes == 8, "12 bytes over a 10-byte bound: the oldest went")

        var aging = RelayCache<Int>(maxAge: 10, maxStale: 60)
        _ = aging.request("old", now: 0) { 0 }
        _ = aging.finish("old", view: "v", body: [1], now: 0)
        _ = aging.request("new", now: 100) { 1 }
        _ = aging.finish("new", view: "w", body: [2], now: 100)
        #expect(Set(aging.copies.keys) == ["new"], "past the stale bound, nothing can use it: swept")
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
