import KeyMetrics
import MetricsClient

/// One view's fetch: the query its key stands for, every page of it, with the `all` section (or, for
/// a row's agents, the agent view with the row's filter).
public enum PollFetcher {
    /// The query a view key stands for, for the window ending at `windowEnd`.
    public static func query(_ key: ViewKey, windowEnd: Int64) -> MetricsQuery {
        if let row = key.agentsOf {
            // The agent view, filtered to the row's skill or group: its agents, one "group" each.
            let metrics = AgentList.metrics
            return MetricsQuery(
                time: RequestedTime(from: windowEnd - key.windowMillis, to: windowEnd),
                agentGroupIds: key.grouping == .agentGroup ? [row] : nil,
                skillIds: key.grouping == .skill ? [row] : nil,
                userTypes: key.userTypes.map { [$0] },
                includeSubGroups: key.includeSubGroups,
                byTime: metrics.filter { $0.kind == .byTime },
                currentValue: metrics.filter { $0.kind == .currentValue },
                sections: [.all, .groupBy],
                endpoint: .agentView)
        }
        if let group = key.probeOf {
            // The group's subtree: it and every descendant with agents, one cheap metric each.
            return MetricsQuery(
                time: RequestedTime(from: windowEnd - key.windowMillis, to: windowEnd), agentGroupIds: [group],
                includeSubGroups: true, currentValue: [.onlineAgents], sections: [.groupBy], groupBy: .agentGroupId)
        }
        if key.isSeries {
            return MetricsQuery(
                time: RequestedTime(from: windowEnd - key.windowMillis, to: windowEnd),
                userTypes: key.userTypes.map { [$0] },
                includeSubGroups: key.includeSubGroups,
                byTime: Panel.allMetrics.filter { $0.kind == .byTime },
                sections: [.all, .groupBy],
                groupBy: key.grouping.groupBy,
                endpoint: .historical(interval: key.seriesIntervalMinutes))
        }
        let metrics = Panel.allMetrics
        return MetricsQuery(
            time: RequestedTime(from: windowEnd - key.windowMillis, to: windowEnd),
            userTypes: key.userTypes.map { [$0] },
            includeSubGroups: key.includeSubGroups,
            byTime: metrics.filter { $0.kind == .byTime },
            currentValue: metrics.filter { $0.kind == .currentValue },
            sections: [.all, .groupBy],
            groupBy: key.grouping.groupBy)
    }

    /// Runs `request` and words its outcome; never throws (a failure is an outcome too).
    public static func fetch(client: MetricsClient, _ request: FetchRequest, clock: @Sendable () -> Int64) async -> FetchResult {
        do throws(ClientError) {
            if request.key.isSeries {
                var series = try await client.series(query(request.key, windowEnd: request.windowEnd))
                series.fetchedAt = request.windowEnd
                return FetchResult(
                    request: request, outcome: .series(series), finishedAt: clock(), requestCount: series.requestCount,
                    budget: client.budgetUsage())
            }
            var snapshot = try await client.snapshot(query(request.key, windowEnd: request.windowEnd))
            // The data describes the window asked for: its age counts from the window's end.
            snapshot.fetchedAt = request.windowEnd
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
