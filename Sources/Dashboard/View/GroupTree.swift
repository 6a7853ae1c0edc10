import KeyMetrics

/// The agent-group tree, as the API reveals it: its answers name no parents, but a query filtered to one
/// group with sub-groups on lists that group and every descendant with agents (metrics-semantics.md:
/// "with includeSubGroups, agentGroupIds also admits descendants"). One such probe per group gives
/// each group's subtree; a group's parent is then the smallest subtree that holds it. Read once per
/// group per run (groups move rarely), within the request budget, while the board shows agent groups.
///
/// Until every row on screen has been probed the board lists the groups flat, and says so: a partial
/// tree would put a group at the top that is in fact under another.
public struct GroupTree: Sendable, Equatable {
    /// Each probed group's subtree: itself and the descendants the API listed.
    public private(set) var subtrees: [String: Set<String>] = [:]

    public init() {}

    public mutating func record(_ group: String, subtree: Set<String>) {
        subtrees[group] = subtree.union([group])
    }

    public func isProbed(_ group: String) -> Bool { subtrees[group] != nil }

    /// Whether every one of `keys` has been probed.
    public func isComplete(for keys: some Sequence<String>) -> Bool { keys.allSatisfy { subtrees[$0] != nil } }

    /// Each of `keys`' parent among `keys`: the nearest ancestor on the list (a group whose own parent
    /// is not listed hangs from the next one up, or is a root).
    public func parents(among keys: [String]) -> [String: String] {
        var parents: [String: String] = [:]
        for child in keys {
            var best: (key: String, size: Int)?
            for candidate in keys where candidate != child {
                guard let subtree = subtrees[candidate], subtree.contains(child) else { continue }
                if let current = best, (subtree.count, candidate) >= (current.size, current.key) { continue }
                best = (candidate, subtree.count)
            }
            if let best { parents[child] = best.key }
        }
        return parents
    }

    /// `rows` as a tree: each root, then its children, each level in `rows`' order (the panel's sort),
    /// the descendants of `collapsed` groups left out; with each row's depth and parent.
    public func arrange(
        _ rows: [MetricsResponse.Group], collapsed: Set<String>
    ) -> (rows: [MetricsResponse.Group], depth: [String: Int], parentOf: [String: String]) {
        let keys = rows.map(\.key)
        let parent = parents(among: keys)
        var children: [String: [MetricsResponse.Group]] = [:]
        var roots: [MetricsResponse.Group] = []
        for row in rows {
            if let up = parent[row.key] { children[up, default: []].append(row) } else { roots.append(row) }
        }
        var ordered: [MetricsResponse.Group] = []
        var depth: [String: Int] = [:]
        ordered.reserveCapacity(rows.count)
        // Iterative, depth first; `rows` is already in the sort's order, so each level keeps it. Rows no
        // root reaches (answers that contradict each other: A under B and B under A) follow as roots:
        // shown flat rather than lost.
        var seen = Set<String>()
        var hidden = Set<String>()
        func walk(from start: MetricsResponse.Group) {
            var stack: [(MetricsResponse.Group, Int)] = [(start, 0)]
            while let (row, level) = stack.popLast() {
                guard seen.insert(row.key).inserted else { continue }
                ordered.append(row)
                depth[row.key] = level
                let below = children[row.key] ?? []
                if collapsed.contains(row.key) {
                    markHidden(below)
                } else {
                    for child in below.reversed() { stack.append((child, level + 1)) }
                }
            }
        }
        func markHidden(_ rows: [MetricsResponse.Group]) {
            var stack = rows
            while let row = stack.popLast() {
                guard hidden.insert(row.key).inserted, seen.insert(row.key).inserted else { continue }
                stack += children[row.key] ?? []
            }
        }
        for root in roots { walk(from: root) }
        for row in rows where !seen.contains(row.key) { walk(from: row) }
        return (ordered, depth, parent)
    }
}
