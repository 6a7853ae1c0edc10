import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import NIOCore
import Synchronization
import Testing
@testable import MetricsServer

/// The limiter as a value, with exact times.
@Suite struct RateLimiterTests {
    @Test func perMinuteWindowSlides() {
        var limiter = RateLimiter(maxConcurrent: 10, requestsPerMinute: 3)
        for t: Int64 in [0, 10_000, 20_000] {
            #expect(limiter.acquire("a", now: t) == .allowed)
            limiter.release("a")
        }
        #expect(limiter.acquire("a", now: 30_000) == .tooManyPerMinute(retryAfter: 30))
        // Refusals don't count: at 59.5 s the oldest (t=0) still has 0.5 s → rounds up to 1.
        #expect(limiter.acquire("a", now: 59_500) == .tooManyPerMinute(retryAfter: 1))
        #expect(limiter.acquire("a", now: 60_000) == .allowed)  // t=0 left the window
        limiter.release("a")
        #expect(limiter.acquire("a", now: 60_001) == .tooManyPerMinute(retryAfter: 10))  // next to leave: t=10000
        // Another credential has its own budget.
        #expect(limiter.acquire("b", now: 60_001) == .allowed)
    }

    @Test func concurrencyIsBounded() {
        var limiter = RateLimiter(maxConcurrent: 2, requestsPerMinute: 100)
        #expect(limiter.acquire("a", now: 0) == .allowed)
        #expect(limiter.acquire("a", now: 1) == .allowed)
        #expect(limiter.acquire("a", now: 2) == .tooManyConcurrent(retryAfter: 1))
        #expect(limiter.inFlight("a") == 2)
        limiter.release("a")
        #expect(limiter.acquire("a", now: 3) == .allowed)
        limiter.release("a")
        limiter.release("a")
        limiter.release("a")  // an extra release is harmless
        #expect(limiter.inFlight("a") == 0)
    }

    @Test func requestsInOneMillisecondLeaveTogether() {
        var limiter = RateLimiter(maxConcurrent: 100, requestsPerMinute: 5)
        for t: Int64 in [0, 0, 0, 1, 1] { #expect(limiter.acquire("a", now: t) == .allowed) }
        #expect(limiter.acquire("a", now: 2) == .tooManyPerMinute(retryAfter: 60))
        // At 60 s the three from t=0 have left; the two from t=1 leave a millisecond later.
        for _ in 0..<3 { #expect(limiter.acquire("a", now: 60_000) == .allowed) }
        #expect(limiter.acquire("a", now: 60_000) == .tooManyPerMinute(retryAfter: 1))
        #expect(limiter.acquire("a", now: 60_001) == .allowed)
        #expect(limiter.inFlight("a") == 9)
    }

    /// A long, steady stream keeps the window exact across the compaction of its oldest runs.
    @Test func aLongStreamKeepsTheWindowExact() {
        var limiter = RateLimiter(maxConcurrent: 1, requestsPerMinute: 60_000)
        // One expectation for the stream, not one per request: a synchronous test holds a thread of the
        // pool the network tests' timers share.
        var refused = 0
        for t: Int64 in 0..<200_000 {
            if limiter.acquire("a", now: t) != .allowed { refused += 1 }
            limiter.release("a")
        }
        #expect(refused == 0)
        // The window (199_999 − 60 s, 199_999] holds 60,000 starts: full until t=140,000 leaves.
        #expect(limiter.acquire("a", now: 199_999) == .tooManyPerMinute(retryAfter: 1))
        #expect(limiter.acquire("a", now: 200_000) == .allowed)
    }

    @Test func sharedLimiterReadsItsClock() {
        let now = Mutex<Int64>(1_000)
        let shared = SharedRateLimiter(maxConcurrent: 1, requestsPerMinute: 1, clock: { now.withLock { $0 } })
        #expect(shared.acquire("a") == .allowed)
        #expect(shared.acquire("a") == .tooManyConcurrent(retryAfter: 1))
        shared.release("a")
        #expect(shared.acquire("a") == .tooManyPerMinute(retryAfter: 60))
        now.withLock { $0 = 61_000 }
        #expect(shared.acquire("a") == .allowed)
    }
}

/// Both limits over HTTP, with the `Retry-After` header.
@Suite struct RateLimitHTTPTests {
    @Test func perMinuteLimitAnswers429WithRetryAfter() async throws {
        let clock = Mutex<Int64>(0)
        let settings = Fixture.settings(auth: .bearer(tokens: [Fixture.token, Fixture.otherToken]), requestsPerMinute: 3)
        let app = Fixture.app(settings, rateLimitClock: { clock.withLock { $0 } })
        try await app.test(.live) { client in
            func post(_ token: String = Fixture.token) async throws -> TestResponse {
                try await client.execute(uri: Fixture.metricsPath, method: .post, headers: Fixture.bearer(token), body: Fixture.json(Fixture.request()))
            }
            for step in 0..<3 {
                clock.withLock { $0 = Int64(step) * 1_000 }
                #expect(try await post().status == .ok)
            }
            clock.withLock { $0 = 15_000 }
            let limited = try await post()
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "45")
            #expect(limited.errorBody?.error == "rate_limited")
            // The other credential is not affected.
            #expect(try await post(Fixture.otherToken).status == .ok)
            clock.withLock { $0 = 59_200 }
            #expect(try await post().headers[.retryAfter] == "1")
            clock.withLock { $0 = 60_000 }
            #expect(try await post().status == .ok)
        }
    }

    /// A request the server is still working on holds its slot (here the server answers 2 s late on
    /// purpose, `--latency`): a second one at the same time is 429 until it is done.
    @Test func concurrencyLimitAnswers429WithRetryAfter() async throws {
        var settings = Fixture.settings(maxConcurrent: 1)
        settings.latencyMillis = 2_000
        let app = Fixture.app(settings)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)\(Fixture.metricsPath)"
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(Fixture.request())))
            // Two at once: while one is being answered the other is 429. Pairs until they overlap, bounded
            // by time, not a count, so a loaded machine (the whole suite runs in parallel) has as long as
            // it needs to start them together.
            var pair: [HTTPClientResponse] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                async let a = HTTPClient.shared.execute(request, timeout: .seconds(10))
                async let b = HTTPClient.shared.execute(request, timeout: .seconds(10))
                pair = try await [a, b].sorted { $0.status.code < $1.status.code }
                if pair.contains(where: { $0.status == .tooManyRequests }) { break }
                for response in pair { _ = try await response.body.collect(upTo: 1 << 20) }
            }
            #expect(pair.map(\.status) == [.ok, .tooManyRequests])
            let response = try #require(pair.last)
            #expect(response.headers.first(name: "Retry-After") == "1")
            let text = String(buffer: try await response.body.collect(upTo: 1 << 16))
            #expect(text.contains("\"error\":\"rate_limited\""))
            _ = try await pair[0].body.collect(upTo: 1 << 20)
            // The slot is free again.
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status == .ok)
        }
    }
}
