/// Everything that can happen to the board: a key, a fetch's outcome, the clock, the terminal's size,
/// a reloaded configuration. Each is handled by ``reduce(_:_:)``; time only ever arrives in actions.
public enum Action: Sendable, Equatable {
    case key(Key)
    case fetched(FetchResult)
    case tick(now: Int64)
    case resize(DashboardState.Size)
    /// `panels`: the board's panels and their order (`nil` keeps them).
    case reconfigured(view: ViewSettings, thresholds: ThresholdSet, alerts: AlertSettings = AlertSettings(), panels: [Panel]? = nil)
    /// A changed configuration file was refused (the message names the file, line and key): the board
    /// keeps what it had, and says so until a good file is read.
    case configRejected(String)
}

/// What the reducer asks the shell to do; the reducer itself does no I/O.
public enum Effect: Sendable, Equatable {
    /// Fetch one view's data; the outcome comes back as ``Action/fetched(_:)``.
    case fetch(FetchRequest)
    /// Repaint every cell (Ctrl-L).
    case redraw
    /// Ring the terminal's bell: a new critical breach (at most once a minute).
    case bell
    /// Hand these JSON lines, one per breach change, to the configured alert command.
    case alert(lines: [String])
    case quit
}
