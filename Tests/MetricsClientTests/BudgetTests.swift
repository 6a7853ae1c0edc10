import Foundation
import Synchronization
import Testing
@testable import MetricsClient

/// The ledger with exact times.
@Suite struct BudgetLedgerTests {
    @Test func slidingMinute() {
        var ledger = BudgetLedger(maxConcurrent: 10, requestsPerMinute: 3)
        for t in [0.0, 10, 20] {
            #expect(ledger.admit(now: t) == .granted)
            ledger.release(now: t)
        }
        #expect(ledger.admit(now: 30) == .waitUntil(60))
        #expect(ledger.usage(now: 30) == BudgetUsage(inFlight: 0, maxConcurrent: 10, usedLastMinute: 3, requestsPerMinute: 3))
        #expect(ledger.admit(now: 60) == .granted)  // t=0 left the window
        #expect(ledger.admit(now: 60.5) == .waitUntil(70))
        #expect(ledger.usage(now: 85).usedLastMinute == 1)  // only t=60 left in (25, 85]
    }

    @Test func concurrency() {
        var ledger = BudgetLedger(maxConcurrent: 2, requestsPerMinute: 100)
        #expect(ledger.admit(now: 0) == .granted)
        #expect(ledger.admit(now: 0) == .granted)
        #expect(ledger.admit(now: 1) == .waitForSlot)
        #expect(ledger.usage(now: 1).inFlight == 2)
        ledger.release(now: 1)
        #expect(ledger.admit(now: 2) == .granted)
        ledger.release(now: 2)
        ledger.release(now: 2)
        ledger.release(now: 2)  // extra releases are harmless
        #expect(ledger.usage(now: 2).usedLastMinute == 3, "three requests ended, none twice")
        #expect(ledger.inFlight == 0)
    }

    /// The server counts a request when it arrives, up to the moment it ends: the ledger lets it leave
    /// the window only 60 s after its end, so the next minute's first request never meets it there.
    @Test func aRequestLeavesTheMinuteSixtySecondsAfterItEnded() {
        var ledger = BudgetLedger(maxConcurrent: 5, requestsPerMinute: 2)
        #expect(ledger.admit(now: 0) == .granted)
        #expect(ledger.admit(now: 0) == .granted)
        ledger.release(now: 5)
        #expect(ledger.admit(now: 30) == .waitUntil(65), "the one that ended at 5 s leaves at 65 s")
        #expect(ledger.waitsForRelease(now: 30) == false, "the clock, not a release, frees that place")
        ledger.release(now: 40)
        #expect(ledger.admit(now: 60) == .waitUntil(65), "60 s after its start is too soon")
        #expect(ledger.admit(now: 65) == .granted)
        #expect(ledger.admit(now: 66) == .waitUntil(100))
    }

    @Test func aMinuteOfRequestsAllInFlightWaitsForOneToEnd() {
        var ledger = BudgetLedger(maxConcurrent: 2, requestsPerMinute: 1)
        #expect(ledger.admit(now: 0) == .granted)
        #expect(ledger.admit(now: 1) == .waitForSlot)
        #expect(ledger.waitsForRelease(now: 1))
        ledger.release(now: 3)
        #expect(!ledger.waitsForRelease(now: 3))
        #expect(ledger.admit(now: 3) == .waitUntil(63))
    }

    @Test func limitsAreAtLeastOne() {
        var ledger = BudgetLedger(maxConcurrent: 0, requestsPerMinute: -5)
        #expect(ledger.admit(now: 0) == .granted)
        #expect(ledger.admit(now: 0) == .waitForSlot)
    }
}

/// A clock the test moves; sleeping moves it instead of waiting.
final class ManualClock: Sendable {
    private let now = Mutex(0.0)
    private let slept = Mutex<[Double]>([])
    var clock: RequestBudget.Clock { { self.now.withLock { $0 } } }
    var sleep: RequestBudget.Sleep { { seconds in self.advance(seconds) } }
    var sleeps: [Double] { slept.withLock { $0 } }
    var current: Double { now.withLock { $0 } }
    func advance(_ seconds: Double) {
        slept.withLock { $0.append(seconds) }
        now.withLock { $0 += seconds }
    }
}

@Suite struct RequestBudgetTests {
    @Test func waitsForTheWindowWithoutRealTime() async throws {
        let clock = ManualClock()
        let budget = RequestBudget(maxConcurrent: 5, requestsPerMinute: 2, clock: clock.clock, sleep: clock.sleep)
        for _ in 0..<2 {
            try await budget.acquire()
            budget.release()
        }
        try await budget.acquire()  // the third has to wait for the first to leave the window
        budget.release()
        #expect(clock.sleeps == [60])
        #expect(clock.current == 60)
        #expect(budget.usage() == BudgetUsage(inFlight: 0, maxConcurrent: 5, usedLastMinute: 1, requestsPerMinute: 2))  // the two at t=0 left
    }

    @Test func waitsForASlot() async throws {
        let clock = ManualClock()
        let budget = RequestBudget(maxConcurrent: 1, requestsPerMinute: 100, clock: clock.clock, sleep: clock.sleep)
        try await budget.acquire()
        let second = Task { try await budget.acquire() }
        while budget.waitingForSlot == 0 { await Task.yield() }
        #expect(budget.usage().inFlight == 1)
        budget.release()
        try await second.value
        #expect(budget.usage().inFlight == 1)
        #expect(budget.usage().usedLastMinute == 2)
        #expect(clock.sleeps.isEmpty)
        budget.release()
    }

    @Test func manyCallersNeverExceedTheSlots() async throws {
        let budget = RequestBudget(maxConcurrent: 3, requestsPerMinute: 1000)
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await budget.acquire()
                    peak.enter()
                    await Task.yield()
                    peak.leave()
                    budget.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.max <= 3)
        #expect(budget.usage().usedLastMinute == 40)
        #expect(budget.usage().inFlight == 0)
    }

    @Test func cancelledWhileWaitingForTheWindow() async {
        let budget = RequestBudget(maxConcurrent: 1, requestsPerMinute: 1)
        try? await budget.acquire()
        budget.release()
        let waiting = Task { try await budget.acquire() }
        waiting.cancel()
        await #expect(throws: ClientError.cancelled) { try await waiting.value }
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func retryAfterWinsButNeverUnderOneSecond() {
        #expect(policy.delay(retry: 0, retryAfter: 5, unit: 0.5) == 5)
        #expect(policy.delay(retry: 0, retryAfter: 0, unit: 0.5) == 1)
        #expect(policy.delay(retry: 0, retryAfter: 3600, unit: 0.5) == nil)  // give up rather than freeze
    }

    @Test func fullJitterBackoff() {
        #expect(policy.delay(retry: 0, retryAfter: nil, unit: 0) == 1)
        #expect(policy.delay(retry: 2, retryAfter: nil, unit: 0.999)! < 4)
        #expect(policy.delay(retry: 2, retryAfter: nil, unit: 0.5) == 2)
        #expect(policy.delay(retry: 2, retryAfter: nil, unit: 0.1) == 1)
        #expect(RetryPolicy(maxRetries: 10).delay(retry: 9, retryAfter: nil, unit: 1) == 30)  // capped
    }

    @Test func boundedRetries() {
        #expect(policy.delay(retry: 3, retryAfter: 1, unit: 0) == nil)
        #expect(policy.delay(retry: 2, retryAfter: 1, unit: 0) == 1)
    }

    @Test func parsesRetryAfter() {
        #expect(RetryPolicy.parseRetryAfter("7") == 7)
        #expect(RetryPolicy.parseRetryAfter(" 2 ") == 2)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
    }
}

/// The most callers ever inside at once.
final class Peak: Sendable {
    private let state = Mutex((now: 0, max: 0))
    func enter() { state.withLock { $0.now += 1; $0.max = Swift.max($0.max, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var max: Int { state.withLock { $0.max } }
}
