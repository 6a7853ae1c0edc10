import Hummingbird
import NIOCore

/// Reads the whole request body before anything that holds a resource (the rate limiter's concurrency
/// slot, the engine): at most `maxBytes`. The routes then find it already collected. The time limit is
/// the connection's (``ConnectionGuard``'s body timeout, answered 408).
///
/// A body too large (declared or streamed) is 413 with `Connection: close`: the rest of that request
/// is never read, so the connection cannot carry another (``ConnectionGuard`` closes it).
struct BodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw Self.closing(.payloadTooLarge(limit: maxBytes))
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw Self.closing(.payloadTooLarge(limit: maxBytes))
        }
        return try await next(request, context)
    }

    /// The error, answered with `Connection: close`.
    static func closing(_ error: APIError) -> APIError {
        var error = error
        error.headers[.connection] = "close"
        return error
    }
}
