import Dashboard
import Testing

@Suite struct PollScheduleTests {
    @Test func pollsOnceAtStartThenEveryInterval() {
        var schedule = PollSchedule(intervalMillis: 10_000, startAt: 0)
        do { let started = schedule.shouldStart(at: 0); #expect(started) }
        do { let started = schedule.shouldStart(at: 1); #expect(!started) }  // in flight: never overlaps
        do { let next = schedule.finished(success: true, at: 800); #expect(next == 10_800) }
        do { let started = schedule.shouldStart(at: 10_799); #expect(!started) }
        do { let started = schedule.shouldStart(at: 10_800); #expect(started) }
    }

    @Test func refreshPollsNowOrRightAfterTheOneInFlight() {
        var schedule = PollSchedule(intervalMillis: 10_000, startAt: 0)
        _ = schedule.shouldStart(at: 0)
        schedule.finished(success: true, at: 500)
        schedule.requestNow(at: 2_000)
        do { let started = schedule.shouldStart(at: 2_000); #expect(started) }
        schedule.requestNow(at: 2_100)  // while in flight
        do { let started = schedule.shouldStart(at: 2_100); #expect(!started) }
        do { let next = schedule.finished(success: true, at: 2_500); #expect(next == 2_500) }
        do { let started = schedule.shouldStart(at: 2_500); #expect(started) }
    }

    @Test func failuresRetrySoonerButNeverLaterThanAnInterval() {
        var schedule = PollSchedule(intervalMillis: 10_000, startAt: 0)
        var now: Int64 = 0
        var delays: [Int64] = []
        for _ in 0..<6 {
            do { let started = schedule.shouldStart(at: now); #expect(started) }
            let next = schedule.finished(success: false, at: now)
            delays.append(next - now)
            now = next
        }
        #expect(delays == [1_000, 2_000, 4_000, 8_000, 10_000, 10_000])
        #expect(schedule.failures == 6)
        _ = schedule.shouldStart(at: now)
        do { let next = schedule.finished(success: true, at: now); #expect(next - now == 10_000) }
        #expect(schedule.failures == 0)
    }

    @Test func aServersRetryAfterIsHonoured() {
        var schedule = PollSchedule(intervalMillis: 10_000, startAt: 0)
        _ = schedule.shouldStart(at: 0)
        do { let next = schedule.finished(success: false, at: 0, retryAfterMillis: 30_000); #expect(next == 30_000) }
    }

    @Test func intervalsUnderASecondAreRaised() {
        #expect(PollSchedule(intervalMillis: 10, startAt: 0).intervalMillis == 1_000)
    }
}
