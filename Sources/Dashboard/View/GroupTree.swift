import KeyMetrics

/// The agent-group tree, as the API reveals it: its answers name no parents, but a query filtered to one
/// group with sub-groups on lists that group and every descendant with agents (metrics-semantics.md:
/// "with includeSubGroups, agentGroupIds also admits descendants"). One such probe per group gives
/// each group's subtree; a group's parent is then the smallest subtree that holds it. Probes go from
/// the budget's spare requests while the board shows agent groups, and each group is probed again once
/// its reading is ``staleAfterMillis`` old (groups move, and a new team is in no older subtree).
///
/// Until every row on screen has been probed the board lists the groups flat, and says so: a partial
/// tree would put a group at the top that is in fact under another. A group whose probe keeps failing
/// is given up (``unreadable``): the list then stays flat and the column title says why.
public struct GroupTree: Sendable, Equatable {
    /// Each probed group's subtree: itself and the descendants the API listed that the board has rows for.
    public private(set) var subtrees: [String: Set<String>] = [:]
    /// When each group was last probed (the window's end of its probe).
    public private(set) var probedAt: [String: Int64] = [:]
    /// Groups whose probe failed ``failuresBeforeGivingUp`` times in a row.
    public private(set) var unreadable: Set<String> = []
    /// Bumped with every change: what derived rows are cached against (cheaper than comparing trees).
    public private(set) var version = 0

    public static let staleAfterMillis: Int64 = 15 * 60_000
    public static let failuresBeforeGivingUp = 3

    public init() {}

    /// Records `group`'s subtree as a probe at `at` listed it, kept to the groups in `known` (the rows the
    /// board has: a hostile answer of twenty thousand keys costs nothing).
    public mutating func record(_ group: String, subtree: Set<String>, known: Set<String>, at: Int64) {
        subtrees[group] = subtree.intersection(known).union([group])
        probedAt[group] = at
        unreadable.remove(group)
        version += 1
    }

    public mutating func giveUp(_ group: String) {
        if unreadable.insert(group).inserted { version += 1 }
    }

    public func isProbed(_ group: String) -> Bool { subtrees[group] != nil }

    /// Whether every one of `keys` has been probed.
    public func isComplete(for keys: some Sequence<String>) -> Bool { keys.allSatisfy { subtrees[$0] != nil } }

    /// Whether `group` is due a probe at `now`: never read, or read long enough ago (and not given up).
    public func needsProbe(_ group: String, now: Int64) -> Bool {
        guard !unreadable.contains(group) else { return false }
        guard let at = probedAt[group] else { return true }
        return now - at >= Self.staleAfterMillis
    }

    /// Each of `keys`' parent among `keys`: the nearest ancestor on the list (a group whose own parent
    /// is not listed hangs from the next one up, or is a root). One walk over each subtree's members,
    /// not every pair of rows: a deep account costs the sum of its subtrees.
    public func parents(among keys: [String]) -> [String: String] {
        let listed = Set(keys)
        var best: [String: (key: String, size: Int)] = [:]
        for candidate in keys {
            guard let subtree = subtrees[candidate] else { continue }
            for member in subtree where member != candidate && listed.contains(member) {
                if let current = best[member], (subtree.count, candidate) >= (current.size, current.key) { continue }
                best[member] = (candidate, subtree.count)
            }
        }
        return best.mapValues(\.key)
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
