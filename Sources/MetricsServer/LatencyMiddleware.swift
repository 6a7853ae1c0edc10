import Hummingbird

/// Holds every metrics answer `millis` longer (`kmmtop serve --latency`), inside the credential's rate
/// limit slot as a slow server would: for trying a client's "waiting on server" handling, its timeouts
/// and its budget under slow answers.
struct LatencyMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let millis: Int64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if millis > 0 { try await Task.sleep(for: .milliseconds(millis)) }
        return try await next(request, context)
    }
}
