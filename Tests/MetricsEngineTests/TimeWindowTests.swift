import KeyMetrics
import MetricsEngine
import Testing

/// The query window: rounding, clamping, limits, eviction and late facts.
@Suite struct TimeWindowTests {
    static func world() throws -> Engine {
        var e = Engine()
        try e.skill("S1")
        try e.group("G1")
        try e.agent("h1", group: "G1", skills: ["S1"], maxSlots: 5)
        return e
    }

    /// A close of a never-assigned conversation at `t`: one fact in t's minute.
    static func closeAt(_ e: inout Engine, _ id: String, _ t: Int64) throws {
        try e.handled(id, skill: "S1", agent: nil, by: .system, start: t, end: t)
    }

    static func closed(_ e: Engine, from: Int64, to: Int64, now: Int64 = NOW) throws -> MetricValue? {
        try e.query(byTime: [.closedConversations], from: from, to: to, now: now).all?[.closedConversations]
    }

    @Test func fromIsRoundedDownAndToRoundedUp() throws {
        var e = try Self.world()
        let f = NOW - 30 * MIN  // a minute boundary
        let t = NOW - 10 * MIN  // a minute boundary
        try Self.closeAt(&e, "before", f - 1)  // the minute before from's minute: out
        try Self.closeAt(&e, "sameMinuteAsFrom", f + 29_999)  // 1 ms before from, same minute: in
        try Self.closeAt(&e, "middle", f + 10 * MIN)  // in
        try Self.closeAt(&e, "sameMinuteAsTo", t + 59_999)  // after to, same minute: in
        try Self.closeAt(&e, "atRoundedTo", t + 60_000)  // exactly ⌈to⌉: in (bounds are included)
        try Self.closeAt(&e, "after", t + 60_001)  // 1 ms past ⌈to⌉: out
        // window = [⌊from⌋, ⌈to⌉] = [f, t + 1 min], both ends included
        #expect(try Self.closed(e, from: f + 30 * SEC, to: t + 30 * SEC) == .long(4))
        // On exact minute boundaries: [f, t]: "sameMinuteAsTo" and "atRoundedTo" are out.
        #expect(try Self.closed(e, from: f, to: t) == .long(2))
        // One minute on, to = t + 1 min exactly takes "atRoundedTo" in; a millisecond more rounds up to
        // the next minute and takes "after" in too.
        #expect(try Self.closed(e, from: f, to: t + 60_000) == .long(4))
        #expect(try Self.closed(e, from: f, to: t + 60_001) == .long(5))
    }

    /// The seed's "Including bounds", to the millisecond: `[⌊from⌋, ⌈to⌉]`.
    @Test func bothBoundsAreIncludedToTheMillisecond() throws {
        var e = try Self.world()
        let f = NOW - 40 * MIN, t = NOW - 20 * MIN  // minute boundaries
        try Self.closeAt(&e, "oneBeforeFrom", f - 1)
        try Self.closeAt(&e, "atFrom", f)
        try Self.closeAt(&e, "atTo", t)
        try Self.closeAt(&e, "oneAfterTo", t + 1)
        #expect(try Self.closed(e, from: f, to: t) == .long(2))  // atFrom, atTo
        // Rounded to the same bounds: from rounds down to f, to rounds up to t.
        #expect(try Self.closed(e, from: f + 59_999, to: t - 59_999) == .long(2))
        // from = to on a minute: that one instant.
        #expect(try Self.closed(e, from: f, to: f) == .long(1))
        #expect(try Self.closed(e, from: t, to: t) == .long(1))
        #expect(try Self.closed(e, from: f - 1, to: f - 1) == .long(2))  // [f − 1 min, f]: oneBeforeFrom, atFrom
        // from = to inside a minute: that minute and the next one's first millisecond.
        #expect(try Self.closed(e, from: t + 1, to: t + 1) == .long(2))  // [t, t + 1 min]: atTo and oneAfterTo
    }

    @Test func waitsCountWhenTheyEndInTheWindow() throws {
        var e = try Self.world()
        // w1 starts 10 min before the window and ends inside it: 11 min, counted.
        try e.wait("w1", skill: "S1", agent: "h1", start: NOW - 40 * MIN, length: 11 * MIN)
        // w2 starts inside the window and ends after it: not counted.
        try e.wait("w2", skill: "S1", agent: "h1", start: NOW - 15 * MIN, length: 10 * MIN)
        let r = try e.query(byTime: [.avgWaitTime], from: NOW - 30 * MIN, to: NOW - 10 * MIN)
        #expect(r.all?[.avgWaitTime] == .double(660_000))
        let later = try e.query(byTime: [.avgWaitTime], from: NOW - 10 * MIN, to: NOW)
        #expect(later.all?[.avgWaitTime] == .double(600_000))
        let both = try e.query(byTime: [.avgWaitTime], from: NOW - HOUR, to: NOW)
        #expect(both.all?[.avgWaitTime] == .double(630_000))  // (660 000 + 600 000) / 2
    }

    @Test func toLaterThanNowMeansNow() throws {
        var e = try Self.world()
        try Self.closeAt(&e, "justBeforeNow", NOW - 1)
        try Self.closeAt(&e, "future", NOW + 30 * SEC)  // the engine has it, but it is after now
        #expect(try Self.closed(e, from: NOW - HOUR, to: NOW + HOUR) == .long(1))
        let clamped = try e.query(byTime: allByTime, current: allCurrent, groupBy: .skillId, from: NOW - HOUR, to: NOW + HOUR)
        let exact = try e.query(byTime: allByTime, current: allCurrent, groupBy: .skillId, from: NOW - HOUR, to: NOW)
        #expect(clamped == exact)
    }

    @Test func twentyFourHoursIsAllowed() throws {
        var e = try Self.world()
        try Self.closeAt(&e, "oldest", NOW - DAY)  // in the first minute of the widest window
        try Self.closeAt(&e, "recent", NOW - MIN)
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW) == .long(2))
    }

    @Test func aSpanOverTwentyFourHoursIsRejected() throws {
        let e = try Self.world()
        // The span is 24 h 30 min (checked before the age of `from`, so the field is filters.time).
        let error = #expect(throws: MetricsRequestError.self) {
            try e.query(from: NOW - 25 * HOUR, to: NOW - 30 * MIN)
        }
        #expect(error?.field == "filters.time")
        // `to` in the future is clamped to now first: a client clock 12 h ahead still gets its 12 h.
        #expect(throws: Never.self) { try e.query(from: NOW - 12 * HOUR, to: NOW + 12 * HOUR + 1) }
    }

    @Test func fromOlderThanTwentyFourHoursIsRejected() throws {
        let e = try Self.world()
        // One minute of grace for clock skew: from = now − 24 h − 1 ms rounds down to the minute before
        // now − 24 h and is accepted; from = now − 24 h − 1 min − 1 ms is two minutes before, refused.
        #expect(throws: Never.self) { try e.query(from: NOW - DAY - 1, to: NOW - HOUR) }
        let error = #expect(throws: MetricsRequestError.self) {
            try e.query(from: NOW - DAY - MIN - 1, to: NOW - HOUR)
        }
        #expect(error?.field == "filters.time.from")
        let older = #expect(throws: MetricsRequestError.self) {
            try e.query(from: NOW - 2 * DAY, to: NOW - 47 * HOUR)
        }
        #expect(older?.field == "filters.time.from")
        // Rounding is by minutes: with now 30 s into a minute, from = NOW − 24 h (24 h 30 s before
        // that now) is in the same minute as now − 24 h, so it is accepted.
        let now2 = NOW + 30 * SEC
        #expect(throws: Never.self) { try e.query(from: NOW - DAY, to: NOW, now: now2) }
        let error2 = #expect(throws: MetricsRequestError.self) {
            try e.query(from: NOW - DAY - MIN - 1, to: NOW - HOUR, now: now2)
        }
        #expect(error2?.field == "filters.time.from")
    }

    @Test func fromAfterToIsRejected() throws {
        let e = try Self.world()
        let error = #expect(throws: MetricsRequestError.self) {
            try e.query(from: NOW - 10 * MIN, to: NOW - 20 * MIN)
        }
        #expect(error?.field == "filters.time.from")
        // Equal bounds are a (one-minute) window, not an error.
        #expect(throws: Never.self) { try e.query(from: NOW - 10 * MIN, to: NOW - 10 * MIN) }
    }

    @Test func fromInTheFutureIsRejected() throws {
        let e = try Self.world()
        let error = #expect(throws: MetricsRequestError.self) {
            try e.query(from: NOW + MIN, to: NOW + 2 * MIN)
        }
        #expect(error?.field == "filters.time.from")
    }

    @Test func evictionKeepsTheLastTwentyFourHoursAnswerable() throws {
        var e = try Self.world()
        try Self.closeAt(&e, "c25h", NOW - 25 * HOUR)
        try Self.closeAt(&e, "c23h", NOW - 23 * HOUR)
        try Self.closeAt(&e, "c1h", NOW - HOUR)
        #expect(e.facts.entryCount == 3)  // one key (S1, no agent), three minutes
        let before = try e.fullSnapshot(groupBy: .skillId)
        e.advance(to: NOW)
        #expect(e.facts.entryCount == 2)  // the minute 25 h ago is gone
        #expect(try e.fullSnapshot(groupBy: .skillId) == before)
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW) == .long(2))
        #expect(try Self.closed(e, from: NOW - 2 * HOUR, to: NOW) == .long(1))
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW - 22 * HOUR) == .long(1))

        // A late fact from before the cutoff is accepted as an event but can no longer be stored.
        try Self.closeAt(&e, "tooLate", NOW - 25 * HOUR)
        #expect(e.facts.entryCount == 2)
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW) == .long(2))
        // A late fact inside the retained day is inserted and counted.
        try Self.closeAt(&e, "late", NOW - 23 * HOUR - 30 * MIN)
        #expect(e.facts.entryCount == 3)
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW) == .long(3))
        // The late one and c23h, exactly at the window's end (bounds are included).
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW - 23 * HOUR) == .long(2))
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW - 23 * HOUR - 1) == .long(2))  // ⌈to⌉ is NOW − 23 h
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW - 23 * HOUR - MIN) == .long(1))
    }

    @Test func repeatedAdvanceKeepsAnswersRight() throws {
        var e = try Self.world()
        // One close every hour for 30 hours: at NOW − 30 h, …, NOW − 1 h.
        for k in 1...30 {
            try Self.closeAt(&e, "c\(k)", NOW - Int64(k) * HOUR)
        }
        for k in (0...6).reversed() { e.advance(to: NOW - Int64(k) * HOUR) }
        // The last 24 h hold the closes at 1 … 24 h ago.
        #expect(try Self.closed(e, from: NOW - DAY, to: NOW) == .long(24))
        // 6 h … 3 h ago, both bounds included: 6, 5, 4, 3 h
        #expect(try Self.closed(e, from: NOW - 6 * HOUR, to: NOW - 3 * HOUR) == .long(4))
    }

    @Test func lateFactsLandInTheirMinutes() throws {
        var e = try Self.world()
        try Self.closeAt(&e, "c10", NOW - 10 * MIN)
        try Self.closeAt(&e, "c50", NOW - 50 * MIN)  // arrives after a later minute
        try Self.closeAt(&e, "c30", NOW - 30 * MIN)
        try Self.closeAt(&e, "c50b", NOW - 50 * MIN + 15 * SEC)  // same minute as c50
        #expect(e.facts.entryCount == 3)
        #expect(try Self.closed(e, from: NOW - HOUR, to: NOW - 40 * MIN) == .long(2))
        #expect(try Self.closed(e, from: NOW - 40 * MIN, to: NOW - 20 * MIN) == .long(1))
        #expect(try Self.closed(e, from: NOW - 20 * MIN, to: NOW) == .long(1))
        #expect(try Self.closed(e, from: NOW - HOUR, to: NOW) == .long(4))
        // from = to in the middle of a minute: that one minute, [⌊t⌋, ⌈t⌉).
        let mid = NOW - 50 * MIN + 20 * SEC
        #expect(try Self.closed(e, from: mid, to: mid) == .long(2))
        // from = to exactly on a minute boundary is that instant (a late fact there counts too).
        #expect(try Self.closed(e, from: NOW - 50 * MIN, to: NOW - 50 * MIN) == .long(1))
    }
}
