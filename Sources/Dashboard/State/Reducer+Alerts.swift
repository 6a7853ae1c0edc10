extension DashboardState {
    /// The effects of one judgement of `key`, the chosen view, whose open breaches were `before`: the
    /// bell for a breach that became critical (at most once per interval, when it is on), and the
    /// command's lines for every change (when one is configured). What is not news is left out:
    /// - the view's first judgement after it was chosen (its baseline), and breaches that began by then;
    /// - changes of an acknowledged cell, until its breach really ends (that end is told).
    /// A breach under moved limits goes on in the log itself (``BreachLog``): a reload needs no case here.
    mutating func breachAlerts(for key: ViewKey, before: [Breach]) -> [Effect] {
        guard let data = views[key] else { return [] }
        if baselinePending.remove(key) != nil {
            alertBaseline[key] = now
            return []
        }
        var changes = BreachChange.between(before, data.breaches)
        if let baseline = alertBaseline[key] { changes.removeAll { $0.previous == .ok && $0.onset <= baseline } }
        changes = changes.filter { change in
            let acknowledgement = AcknowledgedCell(view: key, key: change.key, metric: change.metric)
            guard acknowledged.contains(acknowledgement) else { return true }
            guard change.level == .ok else { return false }
            acknowledged.remove(acknowledgement)
            return true
        }
        guard !changes.isEmpty else { return [] }
        var effects: [Effect] = []
        // A clock that stepped back does not silence the bell for the size of the step.
        let bellDue = lastBell.map { now - $0 >= AlertSettings.bellInterval || now < $0 } ?? true
        if alerts.bell, bellDue, changes.contains(where: \.becameCritical) {
            lastBell = now
            effects.append(.bell)
        }
        if alerts.command != nil { effects.append(.alert(lines: changes.map { $0.jsonLine(view: key) })) }
        return effects
    }

    /// Acknowledgements of views no longer kept, and of cells no longer past any line, go.
    mutating func pruneAcknowledged() {
        guard !acknowledged.isEmpty else { return }
        acknowledged = acknowledged.filter { cell in
            guard let data = views[cell.view] else { return false }
            return !data.breaches.alarm(key: cell.key, metric: cell.metric).isQuiet
        }
        alertBaseline = alertBaseline.filter { views[$0.key] != nil || baselinePending.contains($0.key) || $0.key == view.key }
    }
}
