import MetricsClient

/// One request of the board's for one view's data, as the reducer asks for it (``Effect/fetch(_:)``).
public struct FetchRequest: Sendable, Hashable {
    /// Unique per board run, so a result is matched with the request that asked for it.
    public var id: Int
    public var key: ViewKey
    /// The end of the window asked for, epoch ms: the moment the data describes.
    public var windowEnd: Int64

    public init(id: Int, key: ViewKey, windowEnd: Int64) {
        self.id = id
        self.key = key
        self.windowEnd = windowEnd
    }
}

/// What came of a ``FetchRequest``: one action (``Action/fetched(_:)``).
public struct FetchResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case success(Snapshot)
        /// A view's series (``ViewKey/isSeries``).
        case series(SeriesSnapshot)
        /// Worded for the header; `retryAfterMillis` when the server said how long to wait.
        case failure(message: String, retryAfterMillis: Int64?)
    }

    public var request: FetchRequest
    public var outcome: Outcome
    /// When it ended, epoch ms.
    public var finishedAt: Int64
    /// Requests it took (pages, retries); 1 when it failed before knowing.
    public var requestCount: Int
    /// The client's budget right after it.
    public var budget: BudgetUsage?

    public init(request: FetchRequest, outcome: Outcome, finishedAt: Int64, requestCount: Int = 1, budget: BudgetUsage? = nil) {
        self.request = request
        self.outcome = outcome
        self.finishedAt = finishedAt
        self.requestCount = requestCount
        self.budget = budget
    }

    public var key: ViewKey { request.key }
    public var isSuccess: Bool { if case .failure = outcome { false } else { true } }
}

/// A failed fetch as the header words it.
public struct FetchFailure: Sendable, Equatable {
    public var message: String
    public var at: Int64

    public init(message: String, at: Int64) {
        self.message = message
        self.at = at
    }
}
