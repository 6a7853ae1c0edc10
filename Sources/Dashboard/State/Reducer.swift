import KeyMetrics
import MetricsClient

/// The board's one state transition, in place: pure, so every key press, fetch outcome and tick is
/// tested without a terminal (the Elm architecture). Returns the effects for the shell to carry out,
/// the fetches the poll plan says are due among them.
public func reduce(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    var effects = state.apply(action)
    effects += state.startDueFetches()
    state.refreshRows()
    return effects
}

extension DashboardState {
    mutating func apply(_ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            return press(key)
        case .fetched(let result):
            return take(result)
        case .tick(let at):
            advanceClock(to: at)
        case .resize(let size):
            self.size = size
            keepSelectionVisible()
        case .configRejected(let message):
            configProblem = message
        case .reconfigured(let view, let thresholds, let alerts, let panels):
            configProblem = nil
            self.alerts = alerts
            if let panels, panels != self.panels {
                self.panels = panels
                keepSelectionVisible()
            }
            // The view first, so news is judged on the view that will be looked at.
            choose(view)
            var effects: [Effect] = []
            if thresholds != self.thresholds {
                self.thresholds = thresholds
                // New lines can start (or end) breaches on the view in use: as news as a poll's.
                effects = judgeViews { _ in true }
                pruneAcknowledged()
            }
            return effects
        }
        return []
    }

    /// Groups not judged on a view by agent group without sub-groups, when no agent of their own is
    /// signed in: a parent (its probe lists another row), whose numbers are its own agents' only (none),
    /// so per-group lines say nothing true of it ("online 0 < 3" of a region whose teams are staffed);
    /// and a group not probed yet, held until its probe says which it is (judging it first would open
    /// and drop a breach, and alert, on every start). A group given up is judged. With sub-groups on a
    /// parent's numbers are its subtree's, and every group is judged.
    func unjudgedGroups(_ key: ViewKey, _ groups: [MetricsResponse.Group]) -> Set<String> {
        guard key.grouping == .agentGroup, !key.includeSubGroups else { return [] }
        let listed = Set(groups.map(\.key))
        return Set(groups.filter { group in
            let empty = [Metric.onlineAgents, .backSoonAgents, .awayAgents, .assignedConversations].allSatisfy { (group.metrics[$0]?.doubleValue ?? 0) == 0 }
            guard empty else { return false }
            if let subtree = groupTree.subtrees[group.key] { return !subtree.subtracting([group.key]).isDisjoint(with: listed) }
            return !groupTree.unreadable.contains(group.key)
        }.map(\.key))
    }

    /// Judges every view by agent group again (the tree changed).
    mutating func rejudgeGroupViews() -> [Effect] { judgeViews { $0.grouping == .agentGroup } }

    /// Judges the board views `which` selects again, at now, with the thresholds in force and the tree's
    /// rule for empty groups; the changes it makes on the chosen view are alerted like a poll's.
    mutating func judgeViews(_ which: (ViewKey) -> Bool) -> [Effect] {
        let (thresholds, now) = (thresholds, now)
        let before = views[view.key]?.breaches.open ?? []
        for key in Array(views.keys) where key.isBoardView && which(key) {
            let unjudged = unjudgedGroups(key, views[key]?.snapshot?.groups ?? [])
            updateView(key) { $0.judge(thresholds: thresholds, at: now, skipping: unjudged) }
        }
        guard which(view.key), views[view.key]?.snapshot != nil else { return [] }
        return breachAlerts(for: view.key, before: before)
    }

    /// The fetches due now for the views polled, marked in flight. Tree probes only from what the
    /// budget spares after the next poll of the views themselves: reading the tree never makes the
    /// board's own numbers wait.
    mutating func startDueFetches() -> [Effect] {
        guard hasClock else { return [] }
        let own = polledKeys.filter { $0.probeOf == nil }
        var requests = plan.due(own, now: now)
        let spare = plan.budgetFree(at: now) - plan.cost(own)
        if spare > 0 {
            requests += plan.due(Array(polledKeys.filter { $0.probeOf != nil }.prefix(spare)), now: now)
        }
        return requests.map(Effect.fetch)
    }

    /// A finished fetch: its data goes to its own view; the chosen view comes on screen once it has data.
    /// The breaches it starts, raises or ends on the chosen view are alerted (paused or not: a pause
    /// holds the screen, not the news).
    mutating func take(_ result: FetchResult) -> [Effect] {
        advanceClock(to: result.finishedAt)
        budget = result.budget ?? budget
        plan.finished(result, polled: polledKeys)
        if case .failure = result.outcome, let group = result.key.probeOf,
            (plan.state(of: result.key)?.failures ?? 0) >= GroupTree.failuresBeforeGivingUp
        {
            // A probe that keeps failing is given up: the next groups get their turn, and the column
            // title says the tree cannot be read (its failures are in the log of the request).
            groupTree.giveUp(group)
            return rejudgeGroupViews()
        }
        if case .series(let series) = result.outcome {
            let now = now
            updateView(result.key) { data in
                data.series = series
                data.lastUsed = now
            }
            evictViews()
            return []
        }
        guard case .success(let snapshot) = result.outcome else { return [] }
        let (thresholds, windowEnd, now) = (thresholds, result.request.windowEnd, now)
        if let group = result.key.probeOf {
            // A subtree of the group tree: the rows form the tree once every one is read, and the views
            // by agent group are judged again (a group now known to be an empty parent leaves the log; one
            // known to be a leaf is judged, as news).
            let known = Set(views.values.flatMap { $0.snapshot?.query.groupBy == .agentGroupId ? $0.snapshot?.groups.map(\.key) ?? [] : [] })
            groupTree.record(group, subtree: Set(snapshot.groups.map(\.key)), known: known.union([group]), at: windowEnd)
            let effects = rejudgeGroupViews()
            evictViews()
            keepSelectionVisible()
            return effects
        }
        if result.key.agentsOf != nil {
            // A row's agents, for the detail: their own data, never judged or alerted.
            let precision = 2 * effectiveIntervalMillis
            updateView(result.key) { data in
                data.advanceAgents(with: snapshot, at: windowEnd, precision: precision)
                data.lastUsed = now
            }
            evictViews()
            return []
        }
        let before = views[result.key]?.breaches.open ?? []
        let unjudged = unjudgedGroups(result.key, snapshot.groups)
        updateView(result.key) { data in
            data.advance(with: snapshot, thresholds: thresholds, at: windowEnd, skipping: unjudged)
            data.lastUsed = now
        }
        let effects = result.key == view.key ? breachAlerts(for: result.key, before: before) : []
        if paused {
            // The screen holds still; what would change it is counted, and shown on resume.
            if result.key == view.key { heldCount += 1 }
        } else if result.key == view.key, shownKey != view.key {
            switchShown(to: view.key)
        } else if result.key == shownKey {
            dropVanishedSelection()
        }
        evictViews()
        pruneAcknowledged()
        keepSelectionVisible()
        return effects
    }

    /// The supervisor chose `next` (a key, or a reloaded configuration): shown at once when its data is
    /// kept, else loading under the old view's label. A change of view ends a pause.
    mutating func choose(_ next: ViewSettings) {
        guard next != view else { return }
        // What stands on the view chosen is not news to it: its next judgement is its baseline.
        if next.key != view.key { baselinePending.insert(next.key) }
        if paused {
            paused = false
            thaw()
        }
        view = next
        if views[next.key]?.snapshot != nil { switchShown(to: next.key) }
    }

    mutating func switchShown(to key: ViewKey) {
        let groupingChanged = key.grouping != shownKey.grouping
        show(key)
        if groupingChanged {
            selectedKey = nil
            scroll = [:]
            if overlay == .detail { overlay = .none }
        } else {
            dropVanishedSelection()
        }
        refreshRows()
        keepSelectionVisible()
    }

    mutating func dropVanishedSelection() {
        if let key = selectedKey, !(shown.snapshot?.groups.contains { $0.key == key } ?? false) { selectedKey = nil }
    }
}
