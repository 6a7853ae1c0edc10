import Hummingbird

/// The per-request context of the routes Hummingbird answers (the metrics routes are answered before
/// it, by ``MetricsChannelHandler``): Hummingbird's core storage.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

/// Who a request counts as, for rate limits and logs. It names the token by its position in the
/// configuration (or a consumer key or client id), never by a secret, so it is safe to print.
public struct Credential: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public static let anonymous = Credential(name: "anonymous")
    static func token(_ index: Int) -> Credential { Credential(name: "token#\(index + 1)") }
    /// A request signed with OAuth 1.0a app keys, counted by consumer key (an identifier, not a secret).
    static func oauth1(_ consumerKey: String) -> Credential { Credential(name: "oauth1:\(consumerKey)") }
    /// A request with an access token the sentinel route issued, counted by client id.
    static func oauth2(_ clientId: String) -> Credential { Credential(name: "oauth2:\(clientId)") }

    public var description: String { name }
}
