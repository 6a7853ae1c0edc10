/// The knobs metrics-semantics.md leaves to the server.
public struct EngineSettings: Sendable, Hashable {
    /// An assigned conversation with no message from either side for longer than this is idle, not active.
    public var idleAfterMillis: Int64
    /// A consumer waiting for a human response longer than this makes the conversation overdue.
    public var overdueAfterMillis: Int64
    /// Conversations opened longer ago than this are left out of current conversation counts.
    public var openConversationHorizonMillis: Int64
    /// How far back by-time facts are kept (the API's window limit).
    public var retentionMillis: Int64

    public init(
        idleAfterMillis: Int64 = 10 * 60_000,
        overdueAfterMillis: Int64 = 5 * 60_000,
        openConversationHorizonMillis: Int64 = 30 * 24 * 3_600_000,
        retentionMillis: Int64 = 24 * 3_600_000
    ) {
        self.idleAfterMillis = idleAfterMillis
        self.overdueAfterMillis = overdueAfterMillis
        self.openConversationHorizonMillis = openConversationHorizonMillis
        self.retentionMillis = retentionMillis
    }
}
