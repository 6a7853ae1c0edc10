import Hummingbird

/// The per-request context: Hummingbird's core storage plus the credential ``BearerAuthMiddleware``
/// recognised, which ``RateLimitMiddleware`` counts against.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `nil` until authentication ran.
    public var credential: Credential?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.credential = nil
    }
}

/// Who a request counts as, for rate limits and logs. It names the token by its position in the
/// configuration, never by its value, so it is safe to print.
public struct Credential: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public static let anonymous = Credential(name: "anonymous")
    static func token(_ index: Int) -> Credential { Credential(name: "token#\(index + 1)") }

    public var description: String { name }
}
