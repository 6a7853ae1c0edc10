import KeyMetrics
import MetricsClient

/// One view's data (one ``ViewKey``): its latest snapshot, what changed since the one before, its
/// alarms and its history. Only ever advanced by snapshots of its own query, so every ▲/▼, `+`/`-`,
/// breach and sparkline point compares like with like; the first snapshot carries no marks.
public struct ViewData: Sendable, Equatable {
    public var snapshot: Snapshot?
    public var diff = SnapshotDiff()
    public var breaches = BreachLog()
    public var history = History()
    /// For a view's series (``ViewKey/isSeries``): the by-time metrics over the window.
    public var series: SeriesSnapshot?
    /// For a row's agents (``ViewKey/agentsOf``): each agent's state and since when.
    public var agents = AgentList.Tracker()
    /// Bumped with every snapshot: derived rows are cached against it.
    public private(set) var version = 0
    /// When it was last shown or fetched, for keeping the most recently used views.
    public var lastUsed: Int64 = 0

    public init() {}

    /// When its data was asked for (the end of its window): the age the header shows.
    public var fetchedAt: Int64? { snapshot?.fetchedAt }

    /// Takes the next snapshot of this view: diff, alarms and history, judged at `now` (the data's time).
    /// `skipping`: groups not judged (a parent with no agents of its own, ``DashboardState``).
    public mutating func advance(with next: Snapshot, thresholds: ThresholdSet, at now: Int64, skipping: Set<String> = []) {
        diff = SnapshotDiff(previous: snapshot, current: next)
        snapshot = next
        version += 1
        judge(thresholds: thresholds, at: now, skipping: skipping)
        if let all = next.all { history.append(key: nil, values: all) }
        for group in next.groups { history.append(key: group.key, values: group.metrics) }
        if !diff.goneRows.isEmpty {
            breaches.forget(keys: Set(diff.goneRows.map(\.key)), at: now)
            history.retain(keys: Set(next.groups.map(\.key)))
        }
        breaches.sortOpen()
    }

    /// Takes the next poll of a row's agents: their states and times, the diff, never judged (the
    /// thresholds are per group: "online < 3" is no claim about one agent) and with no history.
    /// `precision`: the longest gap between two polls across which a state seen twice is taken as held.
    public mutating func advanceAgents(with next: Snapshot, at now: Int64, precision: Int64) {
        diff = SnapshotDiff(previous: snapshot, current: next)
        snapshot = next
        version += 1
        agents.observe(next.groups, at: now, precision: precision)
    }

    /// Judges the snapshot's ALL row and every group against `thresholds` at `now`; also how new
    /// thresholds judge the data at once (a removed line ends its breach now, not at the next poll).
    public mutating func judge(thresholds: ThresholdSet, at now: Int64, skipping: Set<String> = []) {
        guard let snapshot else { return }
        if let all = snapshot.all { breaches.observe(key: nil, name: "ALL", values: all, thresholds: thresholds, at: now) }
        for group in snapshot.groups where !skipping.contains(group.key) {
            breaches.observe(key: group.key, name: group.keyDescription, values: group.metrics, thresholds: thresholds, at: now)
        }
        if !skipping.isEmpty { breaches.forget(keys: skipping, at: now) }
        breaches.sortOpen()
    }
}
