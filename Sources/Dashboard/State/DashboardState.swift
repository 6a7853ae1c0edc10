import KeyMetrics
import MetricsClient

/// Everything the board knows, as one value: the data of each view it polled (keyed by the query that
/// produced it), the poll plan, and what the supervisor chose. `layout(state, size)` draws it;
/// `reduce(&state, action)` is the only way it changes.
public struct DashboardState: Sendable, Equatable {
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

    /// What the terminal can show: UTF-8, or ASCII only (a C locale) where borders, arrows, ellipses and
    /// sparklines fall back and names outside ASCII are shown escaped.
    public enum Charset: Sendable, Hashable {
        case utf8, ascii
    }

    /// Views kept with their data, history and breaches, so switching back shows them at once.
    public static let keptViews = 8

    // Identity
    public var account: String
    public var isDemo: Bool

    // Data, by the query that produced it
    public private(set) var views: [ViewKey: ViewData] = [:]
    public var thresholds: ThresholdSet
    public var alerts: AlertSettings
    /// When the bell last rang (it rings at most once per ``AlertSettings/bellInterval``).
    public internal(set) var lastBell: Int64?
    /// Views chosen since the board started whose next judgement is their baseline: what stands there
    /// then was there before anyone looked, and is not news (the board's first view has none: its
    /// breaches are).
    var baselinePending: Set<ViewKey> = []
    /// Per view, the baseline's time: breaches that began by then are not news when they open later
    /// (a `for:` dwell running out after the switch).
    var alertBaseline: [ViewKey: Int64] = [:]
    /// Cells whose breach is being handled (`x` in the breach log): no bell and no command lines for
    /// them until the breach ends. By cell, not by breach, so new limits on reload keep it.
    public internal(set) var acknowledged: Set<AcknowledgedCell> = []
    /// Why the last change of the configuration file was refused, shown until a good one is read.
    public internal(set) var configProblem: String?
    /// The selected entry of the breach log, by identity: a poll that adds an entry does not move it.
    public var breachSelected: Breach.ID?

    public struct AcknowledgedCell: Sendable, Hashable {
        public var view: ViewKey
        public var key: String?
        public var metric: Metric
    }

    /// The breach log's selected index (newest first), kept on the same breach as the list changes.
    public var breachSelection: Int {
        let entries = shown.breaches.breaches
        return breachSelected.flatMap { id in entries.firstIndex { $0.id == id } } ?? 0
    }

    /// The view whose data is on screen (the frozen one while paused).
    public var shownDataKey: ViewKey { frozen?.key ?? shownKey }
    public var plan: PollPlan
    public var budget: BudgetUsage?
    /// The latest time an action brought.
    public private(set) var now: Int64 = 0
    /// Whether any action has brought the time yet: nothing is fetched before the board knows when it is.
    public private(set) var hasClock = false

    // What the supervisor chose, and what is on screen
    public var view: ViewSettings
    /// The view whose numbers are on screen: the chosen one once it has data; until then the one shown
    /// before, under its own label (the header says the chosen one is loading).
    public private(set) var shownKey: ViewKey
    public var paused = false
    /// The shown view as it was when the board was paused (polls go on underneath); its data is
    /// `nil` when it had none yet, and then stays empty until resumed.
    public private(set) var frozen: Frozen?

    public struct Frozen: Sendable, Equatable {
        public var key: ViewKey
        public var data: ViewData?
        /// The view's series and the detail's agent list as they were, so the detail holds still too.
        public var series: SeriesSnapshot?
        public var agents: (key: ViewKey, data: ViewData)?

        public static func == (a: Frozen, b: Frozen) -> Bool {
            a.key == b.key && a.data == b.data && a.series == b.series && a.agents?.key == b.agents?.key && a.agents?.data == b.agents?.data
        }
    }
    /// Polls of the shown view that arrived while paused.
    public var heldCount = 0
    /// The panels on the board and their order (`view.panels`): Tab and the grid follow it.
    public var panels: [Panel] = Panel.allCases {
        didSet {
            if panels.isEmpty { panels = Panel.allCases }
            if !panels.contains(focus) { focus = panels[0] }
        }
    }
    public var focus: Panel = .availability
    public var zoomed = false
    public var sorts: [Panel: PanelSort] = Dictionary(uniqueKeysWithValues: Panel.allCases.map { ($0, $0.defaultSort) })
    public var selectedKey: String?
    public var scroll: [Panel: Int] = [:]
    public var overlay: Overlay = .none
    /// The agent-group tree as probed so far (``GroupTree``).
    public internal(set) var groupTree = GroupTree()
    /// Groups folded in the tree (`-`), their descendants hidden.
    public var collapsed: Set<String> = []
    /// The detail's scroll: the first agent row shown (side by side) or the first line (stacked).
    public var detailScroll = 0
    /// How the detail's agents are ordered (←→ and `r` while the detail is open).
    public var agentSort = AgentList.Sort.default
    public var filter = ""
    public var editingFilter = false
    public var size = Size(columns: 120, rows: 40)
    public var charset: Charset = .utf8
    /// The viewer's offset from UTC, for clock times in the breach log (the shell sets it).
    public var utcOffsetSeconds = 0
    public var quitting = false
    /// Each panel's filtered, sorted rows, kept until the data, filter or sort change.
    var rowCache: [Panel: PanelRows] = [:]

    public init(
        account: String, isDemo: Bool, pollIntervalMillis: Int64 = 10_000, requestsPerMinute: Int = 60,
        view: ViewSettings = ViewSettings(), thresholds: ThresholdSet = ThresholdSet(), alerts: AlertSettings = AlertSettings()
    ) {
        self.alerts = alerts
        self.account = account
        self.isDemo = isDemo
        plan = PollPlan(intervalMillis: pollIntervalMillis, requestsPerMinute: requestsPerMinute)
        self.view = view
        shownKey = view.key
        self.thresholds = thresholds
    }

    // MARK: - Derived

    /// The data on screen: the frozen copy while paused, else the shown view's latest.
    public var shown: ViewData {
        if let frozen { return frozen.data ?? ViewData() }
        if let data = views[shownKey] { return data }
        return ViewData()
    }

    /// The views polled now: the chosen one, then the same query by the other grouping (so `g` is instant),
    /// and while the detail is open the agents of its row.
    public var polledKeys: [ViewKey] {
        [view.key, view.key.sibling, view.key.series] + (agentsKey.map { [$0] } ?? [])
            + groupsToProbe.prefix(Self.probesAtOnce).map { shownKey.probe(of: $0) }
    }

    /// How far the detail scrolls on this screen, and the rows a page of it moves.
    public var detailScrolling: (limit: Int, page: Int) { DetailOverlay.scrolling(self) }

    /// The series of the view on screen, when fetched: the detail's sparklines of by-time metrics.
    public var shownSeries: SeriesSnapshot? {
        if let frozen { return frozen.series }
        return views[shownDataKey.series]?.series
    }

    /// The agents of the row the detail shows, while it is open: the shown view's query, filtered to the row.
    public var agentsKey: ViewKey? {
        guard overlay == .detail, let selectedKey else { return nil }
        return shownKey.agents(of: selectedKey)
    }

    /// The chosen view has no data yet, and the screen shows another one (or none).
    public var isLoading: Bool { views[view.key]?.snapshot == nil }

    /// The interval polls run at: the asked one, or longer when the budget cannot carry it.
    public var effectiveIntervalMillis: Int64 { plan.effectiveInterval(polledKeys) }

    /// The chosen view's polling state.
    public var requestedState: PollPlan.ViewState? { plan.state(of: view.key) }

    /// How old the data on screen is at `now`.
    public var dataAgeMillis: Int64? {
        guard let fetchedAt = shown.fetchedAt else { return nil }
        return now - fetchedAt
    }

    /// Stale: the data on screen is more than `missedIntervals` intervals old (or there is none and
    /// polls fail).
    public func isStale(missedIntervals: Int64 = 3) -> Bool {
        guard let age = dataAgeMillis else { return requestedState?.lastFailure != nil }
        return age > effectiveIntervalMillis * missedIntervals
    }

    /// When the shell must wake the board next: the next fetch that can start.
    public var nextWake: Int64? { plan.nextWake(polledKeys, now: now) }

    /// The grouping of the data on screen (the column title reads it).
    public var shownGrouping: ViewSettings.Grouping { shownKey.grouping }

    public func sort(of panel: Panel) -> PanelSort { sorts[panel] ?? panel.defaultSort }

    /// The rows a panel shows, in its sort order, after the filter (substring of name or id, any case).
    public func rows(of panel: Panel) -> [MetricsResponse.Group] { panelRows(panel).rows }

    /// Rows of body of the focused panel that fit on screen (the same geometry the layout uses).
    public var pageSize: Int { bodyRows(of: focus) }

    /// Rows of body of `panel` on this screen.
    func bodyRows(of panel: Panel) -> Int {
        BoardGeometry.bodyRows(of: panel, size: size, order: panels, zoomed: zoomed, focus: focus)
    }

    /// Where each panel is on this screen: what the layout draws and a click is matched against.
    public var placedPanels: [(panel: Panel, rect: Rect)] {
        BoardGeometry.panels(size: size, order: panels, zoomed: zoomed, focus: focus)
    }

    func rowInputs(_ panel: Panel) -> PanelRows.Inputs {
        PanelRows.Inputs(key: shownKey, version: shown.version, filter: filter, sort: sort(of: panel), treeVersion: shownTree?.version, collapsed: collapsed)
    }

    /// The tree the shown rows are arranged by: by agent group, once every row has been probed, and
    /// not while a filter is typed (matches are listed flat, each on its own).
    public var shownTree: GroupTree? {
        guard shownKey.grouping == .agentGroup, filter.isEmpty, let groups = shown.snapshot?.groups, !groups.isEmpty,
            groupTree.isComplete(for: groups.map(\.key)), groupTree.unreadable.isDisjoint(with: groups.map(\.key))
        else { return nil }
        return groupTree
    }

    /// Groups of the shown view to probe next, never-read ones first, then stale ones, each in key
    /// order; none while paused (the held screen must not rearrange into a tree).
    public var groupsToProbe: [String] {
        guard !paused, shownKey.grouping == .agentGroup, let groups = shown.snapshot?.groups else { return [] }
        let due = groups.map(\.key).filter { groupTree.needsProbe($0, now: now) }
        return due.filter { !groupTree.isProbed($0) }.sorted() + due.filter(groupTree.isProbed).sorted()
    }

    /// Probes sent at once while reading the tree: the budget holds each, and the board's own polls
    /// come first in the plan.
    static let probesAtOnce = 2

    /// The cached rows when they are current, else computed (a state built without the reducer).
    func panelRows(_ panel: Panel) -> PanelRows {
        let inputs = rowInputs(panel)
        if let cached = rowCache[panel], cached.inputs == inputs { return cached }
        return PanelRows(shown.snapshot?.groups ?? [], inputs: inputs, tree: groupTree)
    }

    // MARK: - Changes the reducer makes

    /// Brings every panel's cached rows up to date (cheap when nothing changed).
    mutating func refreshRows() {
        for panel in Panel.allCases {
            let inputs = rowInputs(panel)
            if rowCache[panel]?.inputs != inputs { rowCache[panel] = PanelRows(shown.snapshot?.groups ?? [], inputs: inputs, tree: groupTree) }
        }
    }

    /// Changes one view's data in place (no copy of its history and alarms), creating it if new.
    mutating func updateView(_ key: ViewKey, _ body: (inout ViewData) -> Void) { body(&views[key, default: ViewData()]) }

    /// Time only moves on, except when the wall clock was stepped back (NTP, a resumed machine): then
    /// the plan moves back with it, or nothing would be fetched until the clock caught up again.
    mutating func advanceClock(to time: Int64) {
        defer { hasClock = true }
        guard hasClock else {
            now = time
            return
        }
        if time < now - Self.clockStepMillis {
            plan.shift(by: time - now)
            now = time
        } else {
            now = max(now, time)
        }
    }

    /// A step back of the wall clock larger than this is taken as the clock being reset.
    static let clockStepMillis: Int64 = 2_000

    mutating func updateViews(_ body: (inout ViewData) -> Void) {
        for key in Array(views.keys) { body(&views[key, default: ViewData()]) }
    }

    mutating func show(_ key: ViewKey) {
        shownKey = key
        views[key]?.lastUsed = now
    }

    mutating func freeze() {
        let agents = agentsKey.flatMap { key in views[key].map { (key: key, data: $0) } }
        frozen = Frozen(key: shownKey, data: views[shownKey], series: views[shownKey.series]?.series, agents: agents)
    }

    mutating func thaw() {
        frozen = nil
        heldCount = 0
    }

    /// Keeps the `keptViews` most recently used board views (never the ones polled or shown) with their
    /// series, the `keptAgentLists` most recently used agent lists, and the plan's state for them.
    mutating func evictViews() {
        let keep = Set(polledKeys + [shownKey, shownKey.series])
        func evict(_ kind: (ViewKey) -> Bool, beyond limit: Int) {
            while views.keys.filter(kind).count > limit {
                let candidates = views.filter { kind($0.key) && !keep.contains($0.key) }
                guard let oldest = candidates.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key else { break }
                views[oldest] = nil
            }
        }
        evict(\.isBoardView, beyond: Self.keptViews)
        evict({ $0.agentsOf != nil }, beyond: Self.keptAgentLists)
        // A series goes with its view.
        for key in Array(views.keys) where key.isSeries && !keep.contains(key) {
            var board = key
            board.isSeries = false
            if views[board] == nil { views[key] = nil }
        }
        plan.retain(Set(views.keys).union(keep))
    }

    /// Agent lists kept after their detail closes, so reopening one shows it at once and its agents'
    /// times in state go on.
    public static let keptAgentLists = 4

}
