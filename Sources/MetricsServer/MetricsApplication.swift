import Hummingbird
import HummingbirdCore
import Logging
import MetricsEngine
import NIOCore

/// The concrete Hummingbird application `kmmtop serve` runs.
public typealias MetricsApplication = Application<RouterResponder<ServerRequestContext>>

/// Builds the server: routes, middleware and configuration for `engine`, as `settings` say.
///
/// The metrics routes are answered on the event loop by ``MetricsChannelHandler`` (authentication by
/// bearer token, OAuth 1.0a signature or a token the sentinel route issued; the body's size; the
/// per-credential rate limit; `--latency`), before Hummingbird. Hummingbird's router answers the rest,
/// with the request log outermost (it sees the final status of everything) and the JSON error
/// translator inside it (so every failure, including "no route", is an ``ErrorBody``).
///
/// - Parameters:
///   - rateLimitClock: monotonic milliseconds for the rate limiter; tests pin it.
///   - authClock: wall-clock epoch milliseconds for OAuth 1.0a timestamps and issued tokens' expiry;
///     tests pin it.
///   - onRunning: called with the bound port once the server accepts connections (the port is the
///     system's choice when `settings.port` is 0).
///   - eventLoopGroup: the threads that run the connections, and with them the metrics routes' engine
///     work; NIO's shared group when `nil`. Tests give their servers a group of their own, so a busy
///     server never holds up the event loops their clients and fault servers share.
public func makeMetricsApplication(
    engine: SharedEngine, settings: ServerSettings, logger: Logger,
    rateLimitClock: SharedRateLimiter.Clock? = nil,
    authClock: (@Sendable () -> Int64)? = nil,
    onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in },
    eventLoopGroup: (any EventLoopGroup)? = nil
) -> MetricsApplication {
    makeMetricsApplication(
        source: EngineSource(engine: engine), settings: settings, logger: logger, rateLimitClock: rateLimitClock,
        authClock: authClock, onRunning: onRunning, eventLoopGroup: eventLoopGroup)
}

/// The same server over any source of answers: `kmmtop relay` gives it an upstream account.
public func makeMetricsApplication(
    source: any MetricsSource, settings: ServerSettings, logger: Logger,
    rateLimitClock: SharedRateLimiter.Clock? = nil,
    authClock: (@Sendable () -> Int64)? = nil,
    onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in },
    eventLoopGroup: (any EventLoopGroup)? = nil
) -> MetricsApplication {
    let address = PublicAddress(settings: settings)
    let limiter = SharedRateLimiter(
        maxConcurrent: settings.maxConcurrent, requestsPerMinute: settings.requestsPerMinute, clock: rateLimitClock)
    let views = ServedViews()
    let metrics = MetricsRoute(source: source, address: address, views: views)
    let domain = DomainRoute(accountId: source.accountId, address: address)
    let authenticator = Authenticator(auth: settings.auth, clock: authClock)
    let sentinel = SentinelRoute(accountId: source.accountId, authenticator: authenticator)

    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: JSONErrorMiddleware())
    router.get(RouterPath(DomainRoute.path)) { request, context in try domain.handle(request, context: context) }
    router.get(RouterPath(OpenAPIRoute.path)) { request, context in OpenAPIRoute.handle(request, context: context) }
    let prometheus = PrometheusRoute(source: source, views: views, authentication: RequestAuthentication(authenticator: authenticator, address: address))
    router.get(RouterPath(PrometheusRoute.path)) { request, context in try prometheus.handle(request, context: context) }
    router.on(RouterPath(PrometheusRoute.path), method: .head) { request, context in try withoutBody(prometheus.handle(request, context: context)) }
    router.group().add(middleware: BodyMiddleware(maxBytes: SentinelRoute.maxBodyBytes))
        .post(RouterPath(SentinelRoute.path)) { request, context in try await sentinel.handle(request, context: context) }

    // HEAD on a GET route is the GET's answer without its body (RFC 9110 §9.3.2).
    router.on(RouterPath(DomainRoute.path), method: .head) { request, context in try withoutBody(domain.handle(request, context: context)) }
    router.on(RouterPath(OpenAPIRoute.path), method: .head) { request, context in withoutBody(OpenAPIRoute.handle(request, context: context)) }

    /// The GET answer's status and headers, with no body.
    @Sendable func withoutBody(_ response: Response) -> Response {
        Response(status: response.status, headers: response.headers)
    }

    let limits = settings.limits
    let endpoint = MetricsEndpoint(
        route: metrics, authentication: RequestAuthentication(authenticator: authenticator, address: address),
        limiter: limiter, latencyMillis: settings.latencyMillis, maxBodyBytes: settings.maxBodyBytes, logger: logger)
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in MetricsHTTP1Channel(responder: responder, limits: limits, endpoint: endpoint) },
        configuration: .init(
            address: .hostname(settings.host, port: settings.port), serverName: nil,
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? settings.port
            address.serverRunning(port: port)
            await onRunning(port)
        },
        eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
        logger: logger
    )
}
