import KeyMetrics
import Testing

@Suite struct ValidationTests {
    let time = MetricsRequest.TimeRange(from: 1_000_000, to: 2_000_000)

    private func error(
        _ request: MetricsRequest, offset: String? = nil, limit: String? = nil, sort: String? = nil
    ) -> MetricsRequestError? {
        do {
            _ = try MetricsQuery(request: request, offset: offset, limit: limit, sort: sort)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFiltersAndTimeAreNamed() {
        #expect(error(MetricsRequest(filters: nil))?.field == "filters")
        #expect(error(MetricsRequest(filters: .init(time: nil)))?.field == "filters.time")
        #expect(error(MetricsRequest(filters: .init(time: .init(from: nil, to: 5))))?.field == "filters.time.from")
        #expect(error(MetricsRequest(filters: .init(time: .init(from: 5, to: nil))))?.field == "filters.time.to")
    }

    @Test func unknownMetricNamesTheIndexAndListsValidValues() throws {
        let request = MetricsRequest(
            filters: .init(time: time), metricsToRetrieveByTime: ["avg_wait_time", "avg_wiat_time"], responseSections: ["all"])
        let failure = try #require(error(request))
        #expect(failure.field == "metricsToRetrieveByTime[1]")
        #expect(failure.message.contains("'avg_wiat_time'"))
        #expect(failure.message.contains("avg_wait_time_first_response"))
        #expect(!failure.message.contains("online_agents"))
    }

    @Test func metricOfTheOtherKindIsRefused() throws {
        let request = MetricsRequest(
            filters: .init(time: time), metricsToRetrieveCurrentValue: ["avg_wait_time"], responseSections: ["all"])
        let failure = try #require(error(request))
        #expect(failure.field == "metricsToRetrieveCurrentValue[0]")
        #expect(failure.message.contains("metricsToRetrieveByTime"))
    }

    @Test func sectionsGroupByAndUserTypes() {
        let base = MetricsRequest.Filters(time: time)
        #expect(error(MetricsRequest(filters: base, responseSections: ["everything"]))?.field == "responseSections[0]")
        #expect(error(MetricsRequest(filters: base, groupBy: "agentId"))?.field == "groupBy")
        #expect(error(MetricsRequest(filters: base))?.field == "groupBy")  // both sections by default
        #expect(error(MetricsRequest(filters: base, responseSections: ["groupBy"]))?.field == "groupBy")
        #expect(error(MetricsRequest(filters: base, responseSections: ["all"])) == nil)
        #expect(error(MetricsRequest(filters: .init(time: time, userTypes: ["HUMAN", "ROBOT"]), responseSections: ["all"]))?.field
            == "filters.userTypes[1]")
    }

    @Test func pagingAndSort() {
        let request = MetricsRequest(filters: .init(time: time), responseSections: ["all"])
        #expect(error(request, limit: "51")?.field == "limit")
        #expect(error(request, limit: "51")?.message.contains("1 to 50") == true)
        #expect(error(request, limit: "0")?.field == "limit")
        #expect(error(request, limit: "ten")?.field == "limit")
        #expect(error(request, offset: "-1")?.field == "offset")
        #expect(error(request, limit: "50", sort: "key:desc") == nil)
        #expect(error(request, sort: "closedByAgent:desc")?.field == "sort")  // not in the seed's sortable list
        #expect(error(request, sort: "avgWaitTime:up")?.message.contains("asc, desc") == true)
        #expect(error(request, sort: "avgWaitTime") == nil)
    }

    @Test func emptyListsMeanNoRestriction() throws {
        let request = MetricsRequest(filters: .init(time: time, agentIds: [], skillIds: [], userTypes: []), responseSections: ["all"])
        let query = try MetricsQuery(request: request)
        #expect(query.agentIds == nil && query.skillIds == nil && query.userTypes == nil)
    }

    @Test func hostileTextIsSanitisedInMessages() throws {
        let request = MetricsRequest(filters: .init(time: time), metricsToRetrieveByTime: ["\u{1b}[2J" + String(repeating: "x", count: 500)])
        let failure = try #require(error(request))
        #expect(!failure.message.contains("\u{1b}"))
        #expect(failure.message.count < 600)
    }
}

@Suite struct TimeWindowTests {
    let minute: Int64 = 60_000
    let now: Int64 = 1_764_000_000_000 - (1_764_000_000_000 % 60_000) + 30_000  // 30 s into a minute

    @Test func roundsFromDownAndToUp() throws {
        let window = try RequestedTime(from: now - 3_600_000, to: now - 1).window(now: now)
        #expect(window.fromMillis == now - 30_000 - 3_600_000)
        #expect(window.toMillis == now + 30_000)
    }

    @Test func toLaterThanNowMeansNow() throws {
        let window = try RequestedTime(from: now - minute, to: now + 3_600_000).window(now: now)
        #expect(window.toMillis == now + 30_000)
    }

    @Test func limits() {
        #expect(throws: MetricsRequestError(field: "filters.time", message: "the time window spans 25 hours; at most 24 hours are allowed")) {
            try RequestedTime(from: now - 25 * 3_600_000, to: now).window(now: now)
        }
        #expect { try RequestedTime(from: now - 24 * 3_600_000 - 2 * minute, to: now - 3 * minute).window(now: now) }
            throws: { ($0 as? MetricsRequestError)?.field == "filters.time.from" }
        #expect { try RequestedTime(from: now, to: now - 1).window(now: now) }
            throws: { ($0 as? MetricsRequestError)?.field == "filters.time.from" }
        #expect { try RequestedTime(from: now + minute, to: now + 2 * minute).window(now: now) }
            throws: { ($0 as? MetricsRequestError)?.message.contains("future") == true }
        // Exactly 24 hours back is allowed, though rounding moves `from` a little further.
        #expect((try? RequestedTime(from: now - 24 * 3_600_000, to: now).window(now: now)) != nil)
    }
}

@Suite struct PageLinksTests {
    func href(_ offset: Int) -> String { "o=\(offset)" }

    @Test func firstPageHasNoFirstOrPrev() {
        let links = PageLinks(offset: 0, limit: 2, count: 5, href: href)
        #expect(links.first == nil && links.prev == nil)
        #expect(links.selfLink?.href == "o=0" && links.next?.href == "o=2" && links.last?.href == "o=4")
    }

    /// The agent view pages no further than its 1000th agent: no link points where it would be refused.
    @Test func aReachKeepsNextAndLastWithinIt() {
        // 990 + 30 would pass 1000: next is the last reachable page, 970…999, which overlaps this one.
        let near = PageLinks(offset: 960, limit: 30, count: 5000, reach: 1000, href: href)
        #expect(near.next?.href == "o=970")
        #expect(near.last?.href == "o=970")
        let atLast = PageLinks(offset: 970, limit: 30, count: 5000, reach: 1000, href: href)
        #expect(atLast.next == nil)
        let before = PageLinks(offset: 900, limit: 50, count: 5000, reach: 1000, href: href)
        #expect(before.next?.href == "o=950" && before.last?.href == "o=950")
        let small = PageLinks(offset: 0, limit: 50, count: 3, reach: 1000, href: href)
        #expect(small.next == nil && small.last?.href == "o=0")
    }

    @Test func agentViewQueriesRefuseAPagePastTheThousandth() throws {
        let request = MetricsRequest(filters: .init(time: .init(from: 0, to: 1)))
        #expect(throws: MetricsRequestError.self) {
            try MetricsQuery(request: request, offset: "951", limit: "50", endpoint: .agentView)
        }
        let edge = try MetricsQuery(request: request, offset: "950", limit: "50", endpoint: .agentView)
        #expect(edge.groupByField == "agentId")
        // The metrics route has no such reach.
        #expect(try MetricsQuery(request: MetricsRequest(filters: request.filters, groupBy: "skillId"), offset: "5000").offset == 5000)
    }

    @Test func lastPageHasNoNext() {
        let links = PageLinks(offset: 4, limit: 2, count: 5, href: href)
        #expect(links.next == nil)
        #expect(links.first?.href == "o=0" && links.prev?.href == "o=2" && links.last?.href == "o=4")
    }

    @Test func singleAndEmpty() {
        let single = PageLinks(offset: 0, limit: 50, count: 3, href: href)
        #expect(single.first == nil && single.prev == nil && single.next == nil && single.last?.href == "o=0")
        let empty = PageLinks(offset: 0, limit: 50, count: 0, href: href)
        #expect(empty.selfLink?.href == "o=0" && empty.last?.href == "o=0" && empty.next == nil)
    }
}
