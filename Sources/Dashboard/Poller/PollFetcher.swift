import KeyMetrics
import MetricsClient

/// One poll: both groupings (so `g` is instant) for the same window and filters, asked concurrently;
/// the `all` section comes with the skill grouping and is shared by both.
public enum PollFetcher {
    /// The query for one grouping under the current view settings, for the window ending at `now`.
    public static func query(_ view: ViewSettings, groupBy: GroupBy, withAll: Bool, now: Int64) -> MetricsQuery {
        let metrics = Panel.allMetrics
        return MetricsQuery(
            time: RequestedTime(from: now - view.windowMillis, to: now),
            userTypes: view.userTypes.map { [$0] },
            includeSubGroups: view.includeSubGroups,
            byTime: metrics.filter { $0.kind == .byTime },
            currentValue: metrics.filter { $0.kind == .currentValue },
            sections: withAll ? [.all, .groupBy] : [.groupBy],
            groupBy: groupBy)
    }

    public static func fetch(client: MetricsClient, view: ViewSettings, now: Int64) async throws(ClientError) -> PollResult {
        let skillQuery = query(view, groupBy: .skillId, withAll: true, now: now)
        let groupQuery = query(view, groupBy: .agentGroupId, withAll: false, now: now)
        async let skills = Result { () async throws(ClientError) -> Snapshot in try await client.snapshot(skillQuery) }
        async let groups = Result { () async throws(ClientError) -> Snapshot in try await client.snapshot(groupQuery) }
        var bySkill = try await skills.get()
        var byGroup = try await groups.get()
        byGroup.all = bySkill.all
        bySkill.fetchedAt = now
        byGroup.fetchedAt = now
        return PollResult(bySkill: bySkill, byGroup: byGroup, at: now, budget: client.budgetUsage())
    }
}

extension Result where Failure == ClientError {
    /// `Result` from an async typed-throwing body (the standard library has only the synchronous form).
    init(_ body: () async throws(ClientError) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
