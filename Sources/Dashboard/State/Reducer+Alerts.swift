extension DashboardState {
    /// The effects of one judgement of `key`, the chosen view, whose open breaches were `before`: the
    /// bell for a breach that became critical (at most once per interval, when it is on), and the
    /// command's lines for every change (when one is configured). What is not news is left out:
    /// - the view's first judgement after it was chosen (its baseline), and breaches that began by then;
    /// - the "end" of a breach whose cell is still past a line (new limits on reload restart it): the
    ///   breach goes on, and a restart in the same judgement is a change of level, if any;
    /// - changes of an acknowledged cell, until its breach really ends (that end is told).
    mutating func breachAlerts(for key: ViewKey, before: [Breach]) -> [Effect] {
        guard let data = views[key] else { return [] }
        if baselinePending.remove(key) != nil {
            alertBaseline[key] = now
            return []
        }
        var changes = BreachChange.between(before, data.breaches)
        if let baseline = alertBaseline[key] { changes.removeAll { $0.previous == .ok && $0.onset <= baseline } }
        let restarted = Dictionary(
            changes.filter { $0.level == .ok && !data.breaches.alarm(key: $0.key, metric: $0.metric).isQuiet }
                .map { (BreachLog.CellKey(key: $0.key, metric: $0.metric), $0.previous) },
            uniquingKeysWith: { first, _ in first })
        changes = changes.compactMap { change in
            var change = change
            let cell = BreachLog.CellKey(key: change.key, metric: change.metric)
            if change.level == .ok, restarted[cell] != nil { return nil }
            if change.previous == .ok, let previous = restarted[cell] {
                change.previous = previous
                if change.level == previous { return nil }
            }
            let acknowledgement = AcknowledgedCell(view: key, key: change.key, metric: change.metric)
            if acknowledged.contains(acknowledgement) {
                guard change.level == .ok else { return nil }
                acknowledged.remove(acknowledgement)
            }
            return change
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
