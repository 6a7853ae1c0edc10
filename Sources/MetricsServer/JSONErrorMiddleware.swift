import Hummingbird
import KeyMetrics
import Logging
import NIOCore
import NIOHTTP1

/// Turns whatever a request throws into a JSON ``ErrorBody`` with the right status, so a client never
/// sees Hummingbird's empty or HTML-ish defaults, and a bug answers a bare 500 that says nothing
/// about the inside (the details go to the log only, by type, never the request's headers or body).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            return try Self.translate(status: error.status, headers: error.headers, request: request)
                .response(from: request, context: context)
        } catch let error as HTTPParserError {
            // The client went away mid-request: there is no one to answer. Hummingbird ends the connection.
            if error == .invalidEOFState { throw ClientGone() }
            // Broken framing (a chunk size that is not hex, ...): the client's fault, and the rest of the
            // stream cannot be trusted, so the connection ends with the answer.
            return try BodyMiddleware<Context>.closing(
                APIError(.badRequest, "malformed_request", "the request is not valid HTTP/1.1 (\(Self.describe(error)))")
            ).response(from: request, context: context)
        } catch is BodyTimeout {
            return try BodyMiddleware<Context>.closing(
                APIError(.requestTimeout, "request_timeout", "the request body did not arrive in time")
            ).response(from: request, context: context)
        } catch is IOError {
            throw ClientGone()
        } catch let error as ChannelError where error == .ioOnClosedChannel || error == .eof || error == .outputClosed {
            throw ClientGone()
        } catch is NIOTooManyBytesError {
            return try APIError.payloadTooLarge(limit: ServerSettings.defaultMaxBodyBytes).response(from: request, context: context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return try Self.translate(status: error.status, headers: [:], request: request)
                .response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
            return try APIError.internalError.response(from: request, context: context)
        }
    }

    /// The parser's error in a few words (its case name).
    static func describe(_ error: HTTPParserError) -> String {
        let name = "\(error)"
        var words = ""
        for character in name {
            if character.isUppercase { words += " " }
            words += character.lowercased()
        }
        return words
    }

    /// Hummingbird's own errors (no route, a body too large while collecting, ...) in the API's words.
    static func translate(status: HTTPResponse.Status, headers: HTTPFields, request: Request) -> APIError {
        var error: APIError
        switch status.code {
        case 404:
            if let allow = KnownRoutes.allow(for: request.uri.path) {
                return .methodNotAllowed(request.method, allow: allow)
            }
            error = .notFound("no such resource: \(request.method.rawValue.sanitizedForMessage) \(request.uri.path.sanitizedForMessage)")
        case 405:
            error = APIError(.methodNotAllowed, "method_not_allowed", "method \(request.method.rawValue.sanitizedForMessage) is not allowed here")
        case 413:
            error = .payloadTooLarge(limit: ServerSettings.defaultMaxBodyBytes)
        case 500...:
            return .internalError
        default:
            let code = status.reasonPhrase.lowercased().split(whereSeparator: { !$0.isLetter }).joined(separator: "_")
            error = APIError(status, code.isEmpty ? "error" : code, status.reasonPhrase.isEmpty ? "request failed" : status.reasonPhrase)
        }
        // Keep protocol headers (Allow, Retry-After), never anything that could carry request data.
        for field in headers where [.allow, .retryAfter, .wwwAuthenticate].contains(field.name) {
            error.headers.append(field)
        }
        return error
    }
}

/// The client closed (or half-closed) its connection before its request was complete. Not a server
/// error: the request log says 499 (the client closed the request), and a client still reading gets a
/// 400 that ends the connection.
struct ClientGone: HTTPResponseError {
    var status: HTTPResponse.Status { .badRequest }
    var headers: HTTPFields { [.connection: "close"] }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(
            status: status, ErrorBody(error: "incomplete_request", message: "the connection ended before the request was complete"))
        response.headers[.connection] = "close"
        return response
    }
}
