/// Everything that can happen to the board: a key, a poll's outcome, the clock, the terminal's size,
/// a reloaded configuration. Each is handled by ``reduce(_:_:)``.
public enum Action: Sendable, Equatable {
    case key(Key)
    case pollStarted(at: Int64)
    case pollSucceeded(PollResult)
    case pollFailed(PollFailure)
    case scheduled(nextPollAt: Int64)
    case tick(now: Int64)
    case resize(DashboardState.Size)
    case reconfigured(view: ViewSettings, thresholds: ThresholdSet)
}

/// What the reducer asks the shell to do; the reducer itself does no I/O.
public enum Effect: Sendable, Equatable {
    /// Poll now (Ctrl-R, or the query changed: window, user types, sub-groups).
    case pollNow
    /// Repaint every cell (Ctrl-L).
    case redraw
    case quit
}
