import KeyMetrics

/// The query a view's numbers come from: grouping × user types × window × sub-groups. Everything the
/// board derives from data (changes, new and gone marks, breaches, history) lives under one key and is
/// never compared across keys: `closed 923 ▲788` after switching 1h → 4h was a diff of two different
/// questions. A filter carried by the request (none yet) would join the key.
public struct ViewKey: Sendable, Hashable, CustomStringConvertible {
    public var grouping: ViewSettings.Grouping
    public var userTypes: UserType?
    public var windowMillis: Int64
    public var includeSubGroups: Bool
    /// The agents of one row (its skill or agent group, by `grouping`), from the agent view with the
    /// row's filter, instead of the rows themselves: what the detail lists. `nil` for a board view.
    public var agentsOf: String?
    /// The by-time metrics of the view as a series over its window (the historical route), instead of
    /// one value each: what the detail's sparklines start from.
    public var isSeries: Bool

    public init(
        grouping: ViewSettings.Grouping, userTypes: UserType?, windowMillis: Int64, includeSubGroups: Bool, agentsOf: String? = nil,
        isSeries: Bool = false, probeOf: String? = nil
    ) {
        self.probeOf = probeOf
        self.grouping = grouping
        self.userTypes = userTypes
        self.windowMillis = windowMillis
        self.includeSubGroups = includeSubGroups
        self.agentsOf = agentsOf
        self.isSeries = isSeries
    }

    /// A probe of the group tree: group `probeOf` with its sub-groups (``GroupTree``).
    public var probeOf: String?

    /// The probe of `group`'s subtree: by agent group, filtered to it, sub-groups on, all user types,
    /// over the longest window (a group with facts in any window the board shows is listed).
    public func probe(of group: String) -> ViewKey {
        ViewKey(grouping: .agentGroup, userTypes: nil, windowMillis: 24 * 3_600_000, includeSubGroups: true, probeOf: group)
    }

    /// A key for data the board shows as rows (not a series, an agent list or a probe).
    public var isBoardView: Bool { agentsOf == nil && !isSeries && probeOf == nil }

    /// This view's series: the same query on the historical route.
    public var series: ViewKey {
        var series = self
        series.isSeries = true
        series.agentsOf = nil
        series.probeOf = nil
        return series
    }

    /// Points a series cuts its window into: about a sparkline's width, whole minutes each.
    public static let seriesPoints: Int64 = 15

    /// Minutes per point of this view's series (15m → 1, 1h → 4, 4h → 16, 24h → 96).
    public var seriesIntervalMinutes: Int {
        let minutes = max(1, windowMillis / 60_000)
        return Int((minutes + Self.seriesPoints - 1) / Self.seriesPoints)
    }

    /// How often it is worth fetching again, at the least: a series gains a point once an interval; the
    /// rows are fetched every poll (0).
    public var refreshMillis: Int64 { isSeries ? Int64(seriesIntervalMinutes) * 60_000 : 0 }

    /// The agents behind row `key` of this view: the same window, user types and sub-groups.
    public func agents(of key: String) -> ViewKey {
        var agents = self
        agents.agentsOf = key
        agents.probeOf = nil
        agents.isSeries = false
        return agents
    }

    /// The same query grouped the other way: polled alongside, so `g` is instant.
    public var sibling: ViewKey {
        var other = self
        other.grouping = grouping == .skill ? .agentGroup : .skill
        return other
    }

    /// `last 1h`, `last 15m`.
    public var windowLabel: String { "last " + Self.span(windowMillis) }
    public var userTypesLabel: String { userTypes?.rawValue ?? "all users" }
    public var subGroupsLabel: String { "subgroups \(includeSubGroups ? "on" : "off")" }

    /// The header's facts, long and compact (`by skill`/`skill`, `last 1h`/`1h`, `subgroups off`/`-sub`),
    /// in the order they are dropped last to first when even the compact form does not fit.
    public var facts: [(long: String, short: String)] {
        [
            (grouping.label, grouping == .skill ? "skill" : "group"),
            (windowLabel, Self.span(windowMillis)),
            (userTypesLabel, userTypes?.rawValue ?? "all"),
            (subGroupsLabel, includeSubGroups ? "+sub" : "-sub"),
        ]
    }

    /// What differs from `other`, in words, for `loading 4h…`: the facts of this key that `other` lacks.
    public func difference(from other: ViewKey) -> String {
        var parts: [String] = []
        if grouping != other.grouping { parts.append(grouping.label) }
        if windowMillis != other.windowMillis { parts.append(Self.span(windowMillis)) }
        if userTypes != other.userTypes { parts.append(userTypesLabel) }
        if includeSubGroups != other.includeSubGroups { parts.append(subGroupsLabel) }
        return parts.joined(separator: ", ")
    }

    public var description: String {
        facts.map(\.long).joined(separator: " · ") + (isSeries ? " · series" : "") + (agentsOf.map { " · agents of \($0)" } ?? "")
            + (probeOf.map { " · subtree of \($0)" } ?? "")
    }

    /// `1h`, `15m`, `90s`.
    static func span(_ millis: Int64) -> String {
        if millis % 3_600_000 == 0 { return "\(millis / 3_600_000)h" }
        if millis % 60_000 == 0 { return "\(millis / 60_000)m" }
        return "\(millis / 1000)s"
    }
}
