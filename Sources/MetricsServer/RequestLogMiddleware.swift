import Hummingbird
import KeyMetrics
import Logging

/// One info line per request: method, path, status and duration. Deliberately nothing else: headers
/// carry bearer tokens and bodies carry customer data, and neither belongs in a log. The path is
/// sanitised so a hostile URL can't forge log lines; the query string is left out. A request the client
/// abandoned is logged as 499, not as a server error. The metrics routes (``MetricsChannelHandler``)
/// and the routes Hummingbird answers (``RequestLogMiddleware``) write the same line.
enum RequestLog {
    static func write(_ logger: Logger, method: String, path: String, status: Int, since start: ContinuousClock.Instant) {
        guard logger.logLevel <= .info else { return }
        logger.info("\(method.sanitizedForMessage) \(path.sanitizedForMessage) \(status) \(millis(ContinuousClock.now - start)) ms")
    }

    /// Milliseconds to one decimal, rounded half up (`2.3`, `0.0`, `1250.5`), from whole numbers: a
    /// `Double`'s description was most of the line's cost.
    static func millis(_ elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        guard seconds >= 0, seconds < 86_400 * 365, attoseconds >= 0 else {
            let millis = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            return String((millis * 10).rounded() / 10)
        }
        let tenths = (seconds * 1_000_000_000 + attoseconds / 1_000_000_000 + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}

struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer { RequestLog.write(logger, method: request.method.rawValue, path: request.uri.path, status: status, since: start) }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as ClientGone {
            status = 499
            throw error
        }
    }
}
