import KeyMetrics

/// A panel's rows after the filter, in its sort order, with each row's position: derived from the data,
/// the filter and the sort, and kept until one of them changes, so a clock tick or a cursor move never
/// re-sorts 2,000 rows.
struct PanelRows: Sendable, Equatable {
    struct Inputs: Sendable, Equatable {
        var key: ViewKey
        var version: Int
        var filter: String
        var sort: PanelSort
        /// The version of the group tree the rows are arranged by (agent groups, every row probed, no
        /// filter), and the groups folded away; `nil` for a flat list.
        var treeVersion: Int?
        var collapsed: Set<String> = []
    }

    var inputs: Inputs
    var rows: [MetricsResponse.Group]
    var positions: [String: Int]
    /// In a tree: each row's depth and parent, and the rows that have children (`+`/`-` fold them).
    var depth: [String: Int] = [:]
    var parentOf: [String: String] = [:]
    var parents: Set<String> = []

    /// `tree`: the tree of `inputs.treeVersion` (ignored when that is `nil`).
    init(_ groups: [MetricsResponse.Group], inputs: Inputs, tree: GroupTree? = nil) {
        self.inputs = inputs
        rows = Self.sorted(groups, filter: inputs.filter, sort: inputs.sort)
        if inputs.treeVersion != nil, let tree {
            (rows, depth, parentOf) = tree.arrange(rows, collapsed: inputs.collapsed)
            parents = Set(parentOf.values)
        }
        var positions: [String: Int] = [:]
        positions.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() where positions[row.key] == nil { positions[row.key] = index }
        self.positions = positions
    }

    /// The filter's rule: the name or the id contains `needle` (already lowercased), in any case.
    static func matches(_ group: MetricsResponse.Group, _ needle: String) -> Bool {
        needle.isEmpty || group.keyDescription.lowercased().contains(needle) || group.key.lowercased().contains(needle)
    }

    /// Rows whose name or id contains `filter` (any case), sorted: by the column's value with "no data"
    /// last in both directions, ties by name then key; by name A→Z (or Z→A), ties by key. Sort keys are
    /// computed once per row, not once per comparison.
    static func sorted(_ groups: [MetricsResponse.Group], filter: String, sort: PanelSort) -> [MetricsResponse.Group] {
        let needle = filter.lowercased()
        var indices = Array(groups.indices)
        if !needle.isEmpty { indices = indices.filter { matches(groups[$0], needle) } }
        switch sort.column {
        case .name:
            let names = groups.map { $0.keyDescription.lowercased() }
            indices.sort { a, b in
                if names[a] != names[b] { return sort.descending ? names[a] > names[b] : names[a] < names[b] }
                return groups[a].key < groups[b].key
            }
        case .metric(let metric):
            let values = groups.map { $0.metrics[metric]?.doubleValue }
            indices.sort { a, b in
                switch (values[a], values[b]) {
                case (let x?, let y?) where x != y: return sort.descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: break
                }
                if groups[a].keyDescription != groups[b].keyDescription { return groups[a].keyDescription < groups[b].keyDescription }
                return groups[a].key < groups[b].key
            }
        }
        return indices.map { groups[$0] }
    }
}
