/// The `alerts:` section: how a breach reaches a person who is not looking at the board.
public struct AlertSettings: Sendable, Hashable {
    /// Ring the terminal's bell on a new critical breach, at most once per ``bellInterval``.
    public var bell: Bool
    /// A program of the user's (run by `/bin/sh -c`) that gets one JSON line per breach change on
    /// stdin; `nil` for none.
    public var command: String?

    /// The least time between two bells, in milliseconds: a wall that rings every poll gets muted.
    public static let bellInterval: Int64 = 60_000

    public init(bell: Bool = true, command: String? = nil) {
        self.bell = bell
        self.command = command
    }
}
