import Hummingbird
import HummingbirdCore
import Logging
import MetricsEngine

/// The concrete Hummingbird application `kmmtop serve` runs.
public typealias MetricsApplication = Application<RouterResponder<ServerRequestContext>>

/// Builds the server: routes, middleware and configuration for `engine`, as `settings` say.
///
/// Middleware order, outermost first: the request log (sees the final status of everything), the
/// JSON error translator (so every failure, including "no route", is an ``ErrorBody``), then — on the
/// metrics route only — authentication (bearer tokens, OAuth 1.0a signatures, tokens the sentinel
/// route issued) and the per-credential rate limit.
///
/// - Parameters:
///   - rateLimitClock: monotonic milliseconds for the rate limiter; tests pin it.
///   - authClock: wall-clock epoch milliseconds for OAuth 1.0a timestamps and issued tokens' expiry;
///     tests pin it.
///   - onRunning: called with the bound port once the server accepts connections (the port is the
///     system's choice when `settings.port` is 0).
public func makeMetricsApplication(
    engine: SharedEngine, settings: ServerSettings, logger: Logger,
    rateLimitClock: SharedRateLimiter.Clock? = nil,
    authClock: (@Sendable () -> Int64)? = nil,
    onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> MetricsApplication {
    let address = PublicAddress(settings: settings)
    let limiter = SharedRateLimiter(
        maxConcurrent: settings.maxConcurrent, requestsPerMinute: settings.requestsPerMinute, clock: rateLimitClock)
    let metrics = MetricsRoute(engine: engine, address: address, maxBodyBytes: settings.maxBodyBytes)
    let domain = DomainRoute(accountId: engine.accountId, address: address)
    let authenticator = Authenticator(auth: settings.auth, clock: authClock)
    let sentinel = SentinelRoute(accountId: engine.accountId, authenticator: authenticator)

    let router = Router(context: ServerRequestContext.self)
    router.add(middleware: RequestLogMiddleware(logger: logger))
    router.add(middleware: JSONErrorMiddleware())

    let body = BodyMiddleware<ServerRequestContext>(maxBytes: settings.maxBodyBytes)
    router.group()
        .add(middleware: AuthMiddleware(authenticator: authenticator, address: address))
        .add(middleware: body)
        .add(middleware: RateLimitMiddleware(limiter: limiter))
        .add(middleware: LatencyMiddleware(millis: settings.latencyMillis))
        .post(RouterPath(MetricsRoute.path)) { request, context in try await metrics.handle(request, context: context) }
        .post(RouterPath(MetricsRoute.agentViewPath)) { request, context in try await metrics.handle(request, context: context, kind: .agentView) }
        .post(RouterPath(MetricsRoute.historicalPath)) { request, context in try await metrics.handle(request, context: context, kind: .historical) }
    router.get(RouterPath(DomainRoute.path)) { request, context in try domain.handle(request, context: context) }
    router.get(RouterPath(OpenAPIRoute.path)) { request, context in OpenAPIRoute.handle(request, context: context) }
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
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionGuard(limits: limits)],
            idleTimeout: ConnectionGuard.amount(limits.idleTimeout))),
        configuration: .init(
            address: .hostname(settings.host, port: settings.port), serverName: nil,
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? settings.port
            address.serverRunning(port: port)
            await onRunning(port)
        },
        logger: logger
    )
}
