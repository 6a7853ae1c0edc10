import Foundation
import Hummingbird
import KeyMetrics

/// An error the server answers on purpose: a status, the JSON ``ErrorBody`` and any extra headers
/// (`Retry-After`, `WWW-Authenticate`, `Allow`). Routes and middleware throw it; Hummingbird turns it
/// into a response through ``HTTPResponseError``, and ``JSONErrorMiddleware`` guarantees that anything
/// else thrown ends up in the same shape.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var body: ErrorBody
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.body = ErrorBody(error: code, message: message, field: field)
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(status: status, body)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// The status and JSON body, for ``MetricsChannelHandler``, which writes its own responses.
    func encoded() -> (HTTPResponse.Status, [UInt8]) {
        JSONResponse.encoded(status: status, body)
    }

    // MARK: - The errors the API answers

    static func invalid(_ error: MetricsRequestError) -> APIError {
        APIError(.badRequest, "invalid_request", error.message, field: error.field)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, "not_found", message)
    }

    static func unknownAccount(_ accountId: String) -> APIError {
        notFound("unknown account '\(accountId.sanitizedForMessage)'")
    }

    static func methodNotAllowed(_ method: HTTPRequest.Method, allow: String) -> APIError {
        var headers = HTTPFields()
        headers[.allow] = allow
        return APIError(.methodNotAllowed, "method_not_allowed", "method \(method.rawValue.sanitizedForMessage) is not allowed here; use \(allow)", headers: headers)
    }

    static func payloadTooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, "payload_too_large", "the request body exceeds \(limit / 1024) KiB")
    }

    /// 401 with one `WWW-Authenticate` field per challenge (`Bearer`, `OAuth realm="kmmtop"`).
    static func unauthorized(_ message: String, challenges: [String] = ["Bearer"]) -> APIError {
        var headers = HTTPFields()
        headers[values: .wwwAuthenticate] = challenges
        return APIError(.unauthorized, "unauthorized", message, headers: headers)
    }

    static func rateLimited(_ message: String, retryAfterSeconds: Int) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(max(1, retryAfterSeconds))
        return APIError(.tooManyRequests, "rate_limited", message, headers: headers)
    }

    static let internalError = APIError(.internalServerError, "internal_error", "internal server error")
}
