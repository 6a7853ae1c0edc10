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
            take(result)
        case .tick(let at):
            advanceClock(to: at)
        case .resize(let size):
            self.size = size
            keepSelectionVisible()
        case .reconfigured(let view, let thresholds):
            if thresholds != self.thresholds {
                self.thresholds = thresholds
                let now = now
                updateViews { $0.judge(thresholds: thresholds, at: now) }
            }
            choose(view)
        }
        return []
    }

    /// The fetches due now for the views polled, marked in flight.
    mutating func startDueFetches() -> [Effect] {
        guard hasClock else { return [] }
        return plan.due(polledKeys, now: now).map(Effect.fetch)
    }

    /// A finished fetch: its data goes to its own view; the chosen view comes on screen once it has data.
    mutating func take(_ result: FetchResult) {
        advanceClock(to: result.finishedAt)
        budget = result.budget ?? budget
        plan.finished(result, polled: polledKeys)
        guard case .success(let snapshot) = result.outcome else { return }
        let (thresholds, windowEnd, now) = (thresholds, result.request.windowEnd, now)
        updateView(result.key) { data in
            data.advance(with: snapshot, thresholds: thresholds, at: windowEnd)
            data.lastUsed = now
        }
        if paused {
            // The screen holds still; what would change it is counted, and shown on resume.
            if result.key == view.key { heldCount += 1 }
        } else if result.key == view.key, shownKey != view.key {
            switchShown(to: view.key)
        } else if result.key == shownKey {
            dropVanishedSelection()
        }
        evictViews()
        keepSelectionVisible()
    }

    /// The supervisor chose `next` (a key, or a reloaded configuration): shown at once when its data is
    /// kept, else loading under the old view's label. A change of view ends a pause.
    mutating func choose(_ next: ViewSettings) {
        guard next != view else { return }
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
