import Hummingbird
import KeyMetrics
import NIOCore

/// Reads the whole request body before anything that holds a resource (the rate limiter's concurrency
/// slot, the engine): at most `maxBytes`, within `timeout` of the request reaching the route. The routes
/// then find it already collected.
///
/// A body too large (declared or streamed) is 413 and a body too slow 408, both with
/// `Connection: close`: the rest of that request is never read, so the connection cannot carry another
/// (``ConnectionGuard`` closes it).
struct BodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBytes: Int
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maxBytes {
            throw Self.closing(.payloadTooLarge(limit: maxBytes))
        }
        var request = request
        request.body = RequestBody(buffer: try await collect(request))
        return try await next(request, context)
    }

    private func collect(_ request: Request) async throws -> ByteBuffer {
        let (maxBytes, timeout) = (self.maxBytes, self.timeout)
        let body: ByteBuffer? = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await request.body.collect(upTo: maxBytes)
                } catch is NIOTooManyBytesError {
                    throw Self.closing(.payloadTooLarge(limit: maxBytes))
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        // Cancelled from outside (the server shutting down): a part of a body is not the body.
        try Task.checkCancellation()
        guard let body else {
            throw Self.closing(APIError(.requestTimeout, "request_timeout", "the request body did not arrive within \(Self.text(timeout))"))
        }
        return body
    }

    /// `10s`, `500ms`: the limit as the command line spells it.
    static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return millis < 1000 ? "\(Int(millis.rounded()))ms" : DurationText.format(milliseconds: millis, precision: .tenths) ?? "\(seconds)s"
    }

    static func closing(_ error: APIError) -> APIError {
        var error = error
        error.headers[.connection] = "close"
        return error
    }
}
