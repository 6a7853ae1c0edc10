import KeyMetrics
import MetricsClient

/// The board's one state transition: pure, so every key press and poll result is tested without a
/// terminal (the Elm architecture). Returns the effects for the shell to carry out.
public func reduce(_ state: DashboardState, _ action: Action) -> (DashboardState, [Effect]) {
    var next = state
    let effects = next.apply(action)
    return (next, effects)
}

extension DashboardState {
    mutating func apply(_ action: Action) -> [Effect] {
        switch action {
        case .key(let key):
            return press(key)
        case .pollStarted(let at):
            polling = true
            now = max(now, at)
        case .pollSucceeded(let result):
            polling = false
            now = max(now, result.at)
            lastSuccessAt = result.at
            lastFailure = nil
            consecutiveFailures = 0
            budget = result.budget ?? budget
            if paused {
                held = result
                heldCount += 1
            } else {
                show(result)
            }
        case .pollFailed(let failure):
            polling = false
            now = max(now, failure.at)
            lastFailure = failure
            consecutiveFailures += 1
            nextPollAt = failure.retryAt
        case .scheduled(let at):
            nextPollAt = at
        case .tick(let at):
            now = max(now, at)
        case .resize(let size):
            self.size = size
            keepSelectionVisible()
        case .reconfigured(let view, let thresholds):
            let queryChanged = view.windowMillis != self.view.windowMillis || view.userTypes != self.view.userTypes
                || view.includeSubGroups != self.view.includeSubGroups
            self.view = view
            if thresholds != self.thresholds {
                self.thresholds = thresholds
                rejudgeAlarms()
            }
            return queryChanged ? [.pollNow] : []
        }
        return []
    }

    /// Takes a poll's result onto the board: diff, alarms and history for both groupings.
    mutating func show(_ result: PollResult) {
        bySkill = Self.advance(bySkill, with: result.bySkill, thresholds: thresholds, at: result.at)
        byGroup = Self.advance(byGroup, with: result.byGroup, thresholds: thresholds, at: result.at)
        if let key = selectedKey, !(current.snapshot?.groups.contains { $0.key == key } ?? false) {
            selectedKey = nil
        }
        keepSelectionVisible()
    }

    /// New thresholds judge the data on screen at once: a removed line ends its breach now, not at the
    /// next poll.
    mutating func rejudgeAlarms() {
        for grouping in ViewSettings.Grouping.allCases {
            var data = grouping == .skill ? bySkill : byGroup
            guard let snapshot = data.snapshot else { continue }
            if let all = snapshot.all { data.breaches.observe(key: nil, name: "ALL", values: all, thresholds: thresholds, at: now) }
            for group in snapshot.groups {
                data.breaches.observe(key: group.key, name: group.keyDescription, values: group.metrics, thresholds: thresholds, at: now)
            }
            if grouping == .skill { bySkill = data } else { byGroup = data }
        }
    }

    static func advance(_ data: GroupingData, with snapshot: Snapshot, thresholds: ThresholdSet, at now: Int64) -> GroupingData {
        var next = data
        next.diff = SnapshotDiff(previous: data.snapshot, current: snapshot)
        next.snapshot = snapshot
        if let all = snapshot.all {
            next.breaches.observe(key: nil, name: "ALL", values: all, thresholds: thresholds, at: now)
            next.history.append(key: nil, values: all)
        }
        for group in snapshot.groups {
            next.breaches.observe(key: group.key, name: group.keyDescription, values: group.metrics, thresholds: thresholds, at: now)
            next.history.append(key: group.key, values: group.metrics)
        }
        next.breaches.forget(keys: Set(next.diff.goneRows.map(\.key)), at: now)
        next.history.retain(keys: Set(snapshot.groups.map(\.key)))
        return next
    }

    // MARK: - Keys

    mutating func press(_ key: Key) -> [Effect] {
        if editingFilter { return editFilter(key) }
        guard let command = KeyMap.command(for: key) else { return [] }
        if overlay == .help, command != .quit, command != .help, command != .closeOverlay { return [] }
        return run(command)
    }

    mutating func run(_ command: Command) -> [Effect] {
        switch command {
        case .help:
            overlay = overlay == .help ? .none : .help
        case .quit:
            quitting = true
            return [.quit]
        case .closeOverlay:
            if overlay != .none {
                overlay = .none
            } else if !filter.isEmpty {
                filter = ""
                keepSelectionVisible()
            }
        case .nextPanel:
            focus = Panel(rawValue: (focus.rawValue + 1) % Panel.allCases.count)!
            keepSelectionVisible()
        case .previousPanel:
            focus = Panel(rawValue: (focus.rawValue + Panel.allCases.count - 1) % Panel.allCases.count)!
            keepSelectionVisible()
        case .focus(let panel):
            focus = panel
            keepSelectionVisible()
        case .zoom:
            zoomed.toggle()
            keepSelectionVisible()
        case .sortLeft, .sortRight:
            moveSortColumn(by: command == .sortLeft ? -1 : 1)
        case .reverseSort:
            var sort = sort(of: focus)
            sort.descending.toggle()
            sorts[focus] = sort
            keepSelectionVisible()
        case .up: moveSelection(by: -1)
        case .down: moveSelection(by: 1)
        case .pageUp: moveSelection(by: -pageSize)
        case .pageDown: moveSelection(by: pageSize)
        case .home: moveSelection(to: 0)
        case .end: moveSelection(to: Int.max)
        case .detail:
            if overlay == .detail {
                overlay = .none
            } else if selectedKey != nil || !rows(of: focus).isEmpty {
                if selectedKey == nil { selectedKey = rows(of: focus).first?.key }
                overlay = .detail
            }
        case .toggleGrouping:
            view.grouping = view.grouping == .skill ? .agentGroup : .skill
            selectedKey = nil
            scroll = [:]
            if overlay == .detail { overlay = .none }
        case .toggleSubGroups:
            view.includeSubGroups.toggle()
            return [.pollNow]
        case .cycleUserTypes:
            view.userTypes = view.nextUserTypes()
            return [.pollNow]
        case .cycleWindow:
            view.windowMillis = view.nextWindow()
            return [.pollNow]
        case .filter:
            editingFilter = true
            if overlay != .none { overlay = .none }
        case .breachLog:
            overlay = overlay == .breachLog ? .none : .breachLog
        case .pause:
            paused.toggle()
            if !paused, let held {
                show(held)
                self.held = nil
                heldCount = 0
            }
        case .refresh:
            return [.pollNow]
        case .redraw:
            return [.redraw]
        }
        return []
    }

    /// Typing a filter: characters go into it, Enter keeps it, Esc drops it.
    mutating func editFilter(_ key: Key) -> [Effect] {
        switch key {
        case .enter:
            editingFilter = false
        case .escape:
            editingFilter = false
            filter = ""
        case .backspace:
            if !filter.isEmpty { filter.removeLast() }
        case .char(let character) where !character.isNewline && filter.count < 64:
            filter.append(character)
        case .ctrl("c"):
            editingFilter = false
            quitting = true
            return [.quit]
        default:
            return []
        }
        keepSelectionVisible()
        return []
    }

    mutating func moveSortColumn(by step: Int) {
        let columns: [PanelSort.Column] = [.name] + focus.metrics.map { .metric($0) }
        var sort = sort(of: focus)
        let index = columns.firstIndex(of: sort.column) ?? 0
        sort.column = columns[max(0, min(columns.count - 1, index + step))]
        // Names read best A→Z; numbers worst-first.
        if sort.column != self.sort(of: focus).column { sort.descending = sort.column != .name }
        sorts[focus] = sort
        keepSelectionVisible()
    }

    mutating func moveSelection(by step: Int) {
        let rows = rows(of: focus)
        guard !rows.isEmpty else { return }
        guard let key = selectedKey, let index = rows.firstIndex(where: { $0.key == key }) else {
            moveSelection(to: step < 0 ? rows.count - 1 : 0)
            return
        }
        moveSelection(to: index + step)
    }

    mutating func moveSelection(to index: Int) {
        let rows = rows(of: focus)
        guard !rows.isEmpty else { return }
        selectedKey = rows[max(0, min(rows.count - 1, index))].key
        keepSelectionVisible()
    }

    /// Scrolls the focused panel so the selected row is on screen, and no panel past its end.
    mutating func keepSelectionVisible() {
        let page = pageSize
        for panel in Panel.allCases {
            let rows = rows(of: panel)
            var top = scroll[panel] ?? 0
            if panel == focus, let key = selectedKey, let index = rows.firstIndex(where: { $0.key == key }) {
                if index < top { top = index }
                if index >= top + page { top = index - page + 1 }
            }
            top = max(0, min(top, rows.count - page))
            scroll[panel] = top
        }
    }
}
