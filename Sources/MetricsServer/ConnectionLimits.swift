/// How long and how many: the bounds that keep a client from holding the server. Every one of them is
/// a socket or a task a hostile or broken client could otherwise keep for ever.
public struct ConnectionLimits: Sendable, Hashable {
    /// From a connection's start to its first complete request head. A client that trickles its
    /// header, or opens a connection and says nothing, is closed after this.
    public var headerTimeout: Duration
    /// From a request head to its complete body. A body that stalls is answered 408 and closed, and it
    /// never holds a concurrency slot: the rate limit is taken only once the body is in.
    public var bodyTimeout: Duration
    /// A kept-alive connection with no complete request part arriving (between requests, and a head
    /// trickled after a pause).
    public var idleTimeout: Duration
    /// Open connections at once; further clients wait in the listen backlog until one closes. (The
    /// bound is checked per accepted connection, and one accept pass takes up to four, so it may be
    /// overshot by three.)
    public var maxConnections: Int
    /// After a response that ends a connection (an error, `Connection: close`), how long the rest of
    /// the client's request is read and dropped (so the client sees the response, not a reset) before
    /// the socket is closed regardless.
    public var linger: Duration

    public static let standard = ConnectionLimits()

    public init(
        headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 512, linger: Duration = .seconds(2)
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
        self.linger = linger
    }
}
