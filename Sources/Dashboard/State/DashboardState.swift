import KeyMetrics
import MetricsClient

/// Everything the board shows, as one value: data from the polls, their status, and what the
/// supervisor chose. `layout(state, size)` draws it; `reduce(state, action)` is the only way it changes.
public struct DashboardState: Sendable, Equatable {
    /// One grouping's data: the latest snapshot, what changed, the alarms, and recent history.
    public struct GroupingData: Sendable, Equatable {
        public var snapshot: Snapshot?
        public var diff = SnapshotDiff()
        public var breaches = BreachLog()
        public var history = History()

        public init() {}
    }

    /// What the board overlays on the panels.
    public enum Overlay: Sendable, Hashable {
        case none, help, detail, breachLog
    }

    public struct Size: Sendable, Hashable {
        public var columns: Int
        public var rows: Int

        public init(columns: Int, rows: Int) {
            self.columns = columns
            self.rows = rows
        }
    }

    // Identity
    public var account: String
    public var isDemo: Bool
    public var pollIntervalMillis: Int64

    // Data
    public var bySkill = GroupingData()
    public var byGroup = GroupingData()
    public var thresholds: ThresholdSet

    // Poll status
    public var now: Int64 = 0
    public var lastSuccessAt: Int64?
    public var lastFailure: PollFailure?
    public var consecutiveFailures = 0
    public var nextPollAt: Int64?
    public var polling = false
    public var budget: BudgetUsage?

    // What the supervisor chose
    public var view: ViewSettings
    public var focus: Panel = .availability
    public var zoomed = false
    public var sorts: [Panel: PanelSort] = Dictionary(uniqueKeysWithValues: Panel.allCases.map { ($0, $0.defaultSort) })
    public var selectedKey: String?
    public var scroll: [Panel: Int] = [:]
    public var overlay: Overlay = .none
    public var filter = ""
    public var editingFilter = false
    public var paused = false
    /// Poll results that arrived while paused: the latest is shown on resume.
    public var held: PollResult?
    public var heldCount = 0
    public var size = Size(columns: 120, rows: 40)
    /// The viewer's offset from UTC, for clock times in the breach log (the shell sets it).
    public var utcOffsetSeconds = 0
    public var quitting = false

    public init(account: String, isDemo: Bool, pollIntervalMillis: Int64 = 10_000, view: ViewSettings = ViewSettings(), thresholds: ThresholdSet = ThresholdSet()) {
        self.account = account
        self.isDemo = isDemo
        self.pollIntervalMillis = pollIntervalMillis
        self.view = view
        self.thresholds = thresholds
    }

    /// The data of the grouping on screen.
    public var current: GroupingData {
        get { view.grouping == .skill ? bySkill : byGroup }
        set { if view.grouping == .skill { bySkill = newValue } else { byGroup = newValue } }
    }

    public func sort(of panel: Panel) -> PanelSort { sorts[panel] ?? panel.defaultSort }

    /// The rows a panel shows, in its sort order, after the filter (substring of name or id, any case).
    /// Sorting: by the column's value with "no data" last in both directions, ties by name then key.
    public func rows(of panel: Panel) -> [MetricsResponse.Group] {
        let groups = current.snapshot?.groups ?? []
        let needle = filter.lowercased()
        let visible = needle.isEmpty ? groups : groups.filter {
            $0.keyDescription.lowercased().contains(needle) || $0.key.lowercased().contains(needle)
        }
        let sort = sort(of: panel)
        return visible.sorted { a, b in
            switch sort.column {
            case .name:
                let (x, y) = (a.keyDescription.lowercased(), b.keyDescription.lowercased())
                if x != y { return sort.descending ? x > y : x < y }
            case .metric(let metric):
                switch (a.metrics[metric]?.doubleValue, b.metrics[metric]?.doubleValue) {
                case (let x?, let y?) where x != y: return sort.descending ? x > y : x < y
                case (nil, _?): return false
                case (_?, nil): return true
                default: break
                }
                if a.keyDescription != b.keyDescription { return a.keyDescription < b.keyDescription }
            }
            return a.key < b.key
        }
    }

    /// Rows of panel body that fit on screen (the same arithmetic the layout uses).
    public var pageSize: Int { PanelGeometry.bodyRows(size: size, zoomed: zoomed) }

    /// How old the shown data is at `now`.
    public var dataAgeMillis: Int64? { lastSuccessAt.map { now - $0 } }

    /// Stale: the last success is more than `missedIntervals` intervals old.
    public func isStale(missedIntervals: Int64 = 3) -> Bool {
        guard let age = dataAgeMillis else { return lastFailure != nil }
        return age > pollIntervalMillis * missedIntervals
    }
}

/// One successful poll: both groupings with the same filters and window, and the budget after it.
public struct PollResult: Sendable, Equatable {
    public var bySkill: Snapshot
    public var byGroup: Snapshot
    public var at: Int64
    public var budget: BudgetUsage?

    public init(bySkill: Snapshot, byGroup: Snapshot, at: Int64, budget: BudgetUsage? = nil) {
        self.bySkill = bySkill
        self.byGroup = byGroup
        self.at = at
        self.budget = budget
    }
}

/// One failed poll, worded for the header, and when the poller will try again.
public struct PollFailure: Sendable, Equatable {
    public var message: String
    public var at: Int64
    public var retryAt: Int64

    public init(message: String, at: Int64, retryAt: Int64) {
        self.message = message
        self.at = at
        self.retryAt = retryAt
    }
}

/// Screen arithmetic shared by the reducer (page size) and the layout: two header lines, two footer
/// lines, panels in a 2×2 grid (or one when zoomed), each with a border and a column-title line.
public enum PanelGeometry {
    public static let headerRows = 2
    public static let footerRows = 2

    public static func bodyRows(size: DashboardState.Size, zoomed: Bool) -> Int {
        let available = size.rows - headerRows - footerRows
        let panelHeight = zoomed ? available : available / 2
        return max(1, panelHeight - 3)
    }
}
