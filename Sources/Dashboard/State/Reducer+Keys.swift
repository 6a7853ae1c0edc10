import KeyMetrics

extension DashboardState {
    mutating func press(_ key: Key) -> [Effect] {
        if case .click(let column, let row) = key { return editingFilter ? [] : click(column: column, row: row) }
        if editingFilter { return editFilter(key) }
        guard let command = KeyMap.command(for: key) else { return [] }
        if overlay == .help, command != .quit, command != .help, command != .closeOverlay { return [] }
        if overlay == .breachLog, moveBreachSelection(command) { return [] }
        if overlay == .detail, moveInDetail(command) { return [] }
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
        case .nextPanel, .previousPanel:
            let index = panels.firstIndex(of: focus) ?? 0
            focus = panels[(index + (command == .nextPanel ? 1 : panels.count - 1)) % panels.count]
            keepSelectionVisible()
        case .focus(let panel):
            // A panel left out of `view.panels` is not on the board: its key does nothing.
            guard panels.contains(panel) else { break }
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
                detailScroll = 0
            }
        case .toggleGrouping:
            var next = view
            next.grouping = next.grouping == .skill ? .agentGroup : .skill
            choose(next)
        case .toggleSubGroups:
            var next = view
            next.includeSubGroups.toggle()
            choose(next)
        case .cycleUserTypes:
            var next = view
            next.userTypes = next.nextUserTypes()
            choose(next)
        case .cycleWindow:
            var next = view
            next.windowMillis = next.nextWindow()
            choose(next)
        case .filter:
            editingFilter = true
            if overlay != .none { overlay = .none }
        case .breachLog:
            overlay = overlay == .breachLog ? .none : .breachLog
            breachSelected = shown.breaches.breaches.first?.id
        case .acknowledge:
            // Only in the breach log, on an open breach; `x` again takes it back.
            let entries = shown.breaches.breaches
            guard overlay == .breachLog, entries.indices.contains(breachSelection) else { break }
            let breach = entries[breachSelection]
            guard breach.isOpen else { break }
            let cell = AcknowledgedCell(view: shownDataKey, key: breach.key, metric: breach.metric)
            if acknowledged.remove(cell) == nil { acknowledged.insert(cell) }
        case .pause:
            paused.toggle()
            if paused {
                freeze()
            } else {
                thaw()
                if shownKey != view.key, views[view.key]?.snapshot != nil { switchShown(to: view.key) }
            }
            keepSelectionVisible()
        case .refresh:
            for key in polledKeys { plan.refresh(key, now: now) }
        case .redraw:
            return [.redraw]
        case .expand, .collapse:
            fold(expand: command == .expand)
        }
        return []
    }

    /// `+` unfolds the selected group; `-` folds it, or on a group without children folds its parent
    /// and selects it (as htop's tree does). Only in a tree: by agent group, once it is known.
    mutating func fold(expand: Bool) {
        refreshRows()
        let rows = panelRows(focus)
        guard rows.inputs.treeVersion != nil, let key = selectedKey ?? rows.rows.first?.key else { return }
        if expand {
            collapsed.remove(key)
        } else if rows.parents.contains(key), !collapsed.contains(key) {
            collapsed.insert(key)
        } else if let parent = rows.parentOf[key] {
            collapsed.insert(parent)
            selectedKey = parent
        }
        refreshRows()
        keepSelectionVisible()
    }

    /// The movement keys in the breach log move its selection; `true` when `command` was one of them.
    mutating func moveBreachSelection(_ command: Command) -> Bool {
        let count = shown.breaches.breaches.count
        let page = max(1, size.rows - 4)
        let target: Int
        switch command {
        case .up: target = breachSelection - 1
        case .down: target = breachSelection + 1
        case .pageUp: target = breachSelection - page
        case .pageDown: target = breachSelection + page
        case .home: target = 0
        case .end: target = count - 1
        default: return false
        }
        let entries = shown.breaches.breaches
        if !entries.isEmpty { breachSelected = entries[max(0, min(target, count - 1))].id }
        return true
    }

    /// In the detail the movement keys scroll it and the sort keys order its agents, as in a panel;
    /// `true` when `command` was one of them.
    mutating func moveInDetail(_ command: Command) -> Bool {
        let (limit, page) = DetailOverlay.scrolling(self)
        // From where the detail is now: a list that shrank brought its end up.
        detailScroll = max(0, min(detailScroll, limit))
        switch command {
        case .up: detailScroll -= 1
        case .down: detailScroll += 1
        case .pageUp: detailScroll -= page
        case .pageDown: detailScroll += page
        case .home: detailScroll = 0
        case .end: detailScroll = limit
        case .sortLeft, .sortRight:
            let columns = AgentList.Column.allCases
            let index = columns.firstIndex(of: agentSort.column) ?? 0
            let next = columns[max(0, min(columns.count - 1, index + (command == .sortLeft ? -1 : 1)))]
            if next != agentSort.column { agentSort = AgentList.Sort(column: next, descending: next.descendingByDefault) }
        case .reverseSort:
            agentSort.descending.toggle()
        default:
            return false
        }
        detailScroll = max(0, min(detailScroll, limit))
        return true
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
        refreshRows()
        let rows = panelRows(focus)
        guard !rows.rows.isEmpty else { return }
        guard let key = selectedKey, let index = rows.positions[key] else {
            moveSelection(to: step < 0 ? rows.rows.count - 1 : 0)
            return
        }
        moveSelection(to: index + step)
    }

    mutating func moveSelection(to index: Int) {
        refreshRows()
        let rows = panelRows(focus).rows
        guard !rows.isEmpty else { return }
        selectedKey = rows[max(0, min(rows.count - 1, index))].key
        keepSelectionVisible()
    }

    /// Scrolls the focused panel so the selected row is on screen, and no panel past its end.
    mutating func keepSelectionVisible() {
        refreshRows()
        // A selection folded away (its parent folded, or a tree drawn over a flat list) moves up to the
        // nearest ancestor on screen.
        let focused = panelRows(focus)
        if focused.inputs.treeVersion != nil, let key = selectedKey, focused.positions[key] == nil {
            var up = focused.parentOf[key]
            var steps = 0  // answers that contradict each other can make a loop of parents
            while let ancestor = up, focused.positions[ancestor] == nil, steps < focused.parentOf.count {
                up = focused.parentOf[ancestor]
                steps += 1
            }
            if let up, focused.positions[up] != nil { selectedKey = up }
        }
        for panel in Panel.allCases {
            let page = bodyRows(of: panel)
            let rows = panelRows(panel)
            var top = scroll[panel] ?? 0
            if panel == focus, let key = selectedKey, let index = rows.positions[key] {
                if index < top { top = index }
                if index >= top + page { top = index - page + 1 }
            }
            top = max(0, min(top, rows.rows.count - page))
            scroll[panel] = top
        }
    }
}
