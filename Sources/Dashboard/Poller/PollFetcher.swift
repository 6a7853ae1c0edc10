import KeyMetrics
import MetricsClient

/// One view's fetch: the query its key stands for, every page of it, with the `all` section (or, for
/// a row's agents, the agent view with the row's filter).
public enum PollFetcher {
    /// The query a view key stands for, for the window ending at `windowEnd`: the board's rows by
    /// default, and what differs for a series, a row's agents and a tree probe on top of that.
    public static func query(_ key: ViewKey, windowEnd: Int64) -> MetricsQuery {
        func split(_ metrics: [Metric]) -> (byTime: [Metric], currentValue: [Metric]) {
            (metrics.filter { $0.kind == .byTime }, metrics.filter { $0.kind == .currentValue })
        }
        let panels = split(Panel.allMetrics)
        var query = MetricsQuery(
            time: RequestedTime(from: windowEnd - key.windowMillis, to: windowEnd), userTypes: key.userTypes.map { [$0] },
            includeSubGroups: key.includeSubGroups, byTime: panels.byTime, currentValue: panels.currentValue,
            sections: [.all, .groupBy], groupBy: key.grouping.groupBy)
        if let row = key.agentsOf {
            // The agent view, filtered to the row's skill or group: its agents, one "group" each.
            (query.byTime, query.currentValue) = split(AgentList.metrics)
            if key.grouping == .skill { query.skillIds = [row] } else { query.agentGroupIds = [row] }
            query.groupBy = nil
            query.endpoint = .agentView
        } else if let group = key.probeOf {
            // The group's subtree: it and every descendant with agents, one cheap metric each.
            query.agentGroupIds = [group]
            (query.byTime, query.currentValue) = ([], [.onlineAgents])
            query.sections = [.groupBy]
        } else if key.isSeries {
            query.currentValue = []
            query.endpoint = .historical(interval: key.seriesIntervalMinutes)
        }
        return query
    }

    /// Runs `request` and words its outcome; never throws (a failure is an outcome too).
    public static func fetch(client: MetricsClient, _ request: FetchRequest, clock: @Sendable () -> Int64) async -> FetchResult {
        do throws(ClientError) {
            if request.key.isSeries {
                var series = try await client.series(query(request.key, windowEnd: request.windowEnd))
                series.fetchedAt = request.windowEnd - series.ageMillis
                return FetchResult(
                    request: request, outcome: .series(series), finishedAt: clock(), requestCount: series.requestCount,
                    budget: client.budgetUsage())
            }
            var snapshot = try await client.snapshot(query(request.key, windowEnd: request.windowEnd))
            // The data describes the window asked for: its age counts from the window's end, and from
            // earlier when a relay answered with a copy it already held (`Age`).
            snapshot.fetchedAt = request.windowEnd - snapshot.ageMillis
            return FetchResult(
                request: request, outcome: .success(snapshot), finishedAt: clock(), requestCount: snapshot.requestCount,
                budget: client.budgetUsage())
        } catch {
            return FetchResult(
                request: request, outcome: .failure(message: error.description, retryAfterMillis: retryAfterMillis(error)),
                finishedAt: clock(), requestCount: 1, budget: client.budgetUsage())
        }
    }

    /// A server's `Retry-After`, in milliseconds (capped at a day: a hostile header cannot trap or stall).
    static func retryAfterMillis(_ error: ClientError) -> Int64? {
        switch error {
        case .rateLimited(let seconds?):
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return Int64(min(seconds, 86_400) * 1000)
        case .page(_, let underlying): return retryAfterMillis(underlying)
        default: return nil
        }
    }
}
