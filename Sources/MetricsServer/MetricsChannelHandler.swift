import Hummingbird
import HummingbirdCore
import KeyMetrics
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers the three metrics routes on the connection's event loop, in front of Hummingbird: the
/// request is authenticated, its body collected, the rate limit taken, the engine asked and the answer
/// written, all in the callbacks of the bytes that carried it. Every dashboard poll and snapshot lands
/// here; Hummingbird's path costs a task hop each way, a router and five middleware, and at the demo's
/// size that was 90% of a request (13,000 trivial GETs a second on this 2-core machine against 3,800
/// metrics answers).
///
/// Every other request (the domain look-up, OpenAPI, the token route, any other method or path) passes
/// on to Hummingbird untouched. Answers stay in request order on a connection that pipelines: a metrics
/// request waits until Hummingbird has answered everything before it, and whatever arrives while a
/// metrics answer is held (`--latency`) waits behind it, with reads paused so the wait is bounded.
///
/// The order of checks is the one the middleware had: credentials, the body's size, the rate limit
/// (taken only once the body is in, so a slow body never holds a slot), then the route.
final class MetricsChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let endpoint: MetricsEndpoint

    /// A metrics request being read or answered.
    private struct Exchange {
        let kind: MetricsRoute.Kind
        let accountId: Substring
        let uri: URI
        let method: String
        let start: ContinuousClock.Instant
        let closeAfter: Bool
        var credential = Credential.anonymous
        var body: ByteBuffer
        /// A refusal decided on the head (401, 413), answered once the request is in or the bytes read
        /// so far are spent, whichever is first.
        var refusal: APIError?
    }

    private enum Phase {
        case idle
        /// A request Hummingbird answers: its parts pass on.
        case forwarding
        case reading(Exchange)
        /// Answered before its body was in: the rest of it is dropped (the connection ends).
        case draining
        /// Answered; the answer is held (`--latency`) and the credential's slot with it.
        case holding(Scheduled<Void>, key: String)
    }

    private var phase = Phase.idle
    /// Parts that arrived while an answer was owed first.
    private var queued = CircularBuffer<HTTPRequestPart>()
    /// Requests passed to Hummingbird whose response has not ended.
    private var unanswered = 0
    private var readWanted = false
    private var date: (second: Int64, text: String) = (-1, "")

    init(endpoint: MetricsEndpoint) {
        self.endpoint = endpoint
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if !queued.isEmpty || isHolding {
            queued.append(part)
            return
        }
        if case .head(let head) = part, case .idle = phase, unanswered > 0, Self.route(of: head) != nil {
            queued.append(part)
            return
        }
        handle(part, context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // A refusal decided on the head is answered once this read's bytes are spent: the client may
        // still be sending its body, which is then dropped.
        if case .reading(let exchange) = phase, let refusal = exchange.refusal {
            refuse(exchange, refusal, closing: true, context: context)
        }
        context.fireChannelReadComplete()
    }

    private var isHolding: Bool {
        if case .holding = phase { return true }
        return false
    }

    private func handle(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (phase, part) {
        case (.idle, .head(let head)):
            if let (kind, accountId) = Self.route(of: head) {
                begin(head, kind: kind, accountId: accountId, context: context)
            } else {
                unanswered += 1
                phase = .forwarding
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.forwarding, _):
            if case .end = part { phase = .idle }
            context.fireChannelRead(wrapInboundOut(part))
        case (.reading(var exchange), .body(let chunk)):
            guard exchange.refusal == nil else { return }
            if exchange.body.readableBytes + chunk.readableBytes > endpoint.maxBodyBytes {
                refuse(exchange, .payloadTooLarge(limit: endpoint.maxBodyBytes), closing: true, context: context)
                return
            }
            var chunk = chunk
            phase = .idle  // the exchange's buffer is uniquely held while it grows
            exchange.body.writeBuffer(&chunk)
            phase = .reading(exchange)
        case (.reading(let exchange), .end):
            if let refusal = exchange.refusal {
                refuse(exchange, refusal, closing: false, context: context)
            } else {
                finish(exchange, context: context)
            }
        case (.draining, .end):
            phase = .idle
        case (.draining, _):
            break
        case (.reading, .head), (.idle, .body), (.idle, .end), (.holding, _):
            // The decoder never sends these; pass them on rather than lose them.
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    /// The route of a POST to one of the metrics paths; anything else is Hummingbird's.
    private static func route(of head: HTTPRequest) -> (MetricsRoute.Kind, Substring)? {
        guard head.method == .post, let target = head.path else { return nil }
        let path = target.prefix(while: { $0 != "?" && $0 != "#" })
        guard let match = MetricsRoute.match(path: path) else { return nil }
        return (match.kind, match.accountId)
    }

    private func begin(_ head: HTTPRequest, kind: MetricsRoute.Kind, accountId: Substring, context: ChannelHandlerContext) {
        let uri = URI(head.path ?? "/")
        var exchange = Exchange(
            kind: kind, accountId: accountId, uri: uri, method: head.method.rawValue, start: .now,
            closeAfter: head.headerFields[.connection]?.lowercased() == "close",
            body: context.channel.allocator.buffer(capacity: 0))
        do throws(APIError) {
            exchange.credential = try endpoint.authentication.authenticate(method: exchange.method, headers: head.headerFields, uri: uri)
            if let declared = head.headerFields[.contentLength].flatMap({ Int($0) }), declared > endpoint.maxBodyBytes {
                // Never read: the connection cannot carry another request.
                refuse(exchange, .payloadTooLarge(limit: endpoint.maxBodyBytes), closing: true, context: context)
                return
            }
            if let declared = head.headerFields[.contentLength].flatMap({ Int($0) }), declared > 0 {
                exchange.body.reserveCapacity(declared)
            }
        } catch {
            exchange.refusal = error
        }
        phase = .reading(exchange)
    }

    /// The whole request is in: the rate limit, then the route (after `--latency`, holding the slot).
    private func finish(_ exchange: Exchange, context: ChannelHandlerContext) {
        let key = exchange.credential.name
        switch endpoint.limiter.acquire(key) {
        case .allowed:
            break
        case .tooManyConcurrent(let seconds):
            respond(exchange, error: .rateLimited("too many concurrent requests for this credential; retry after \(seconds) s", retryAfterSeconds: seconds), context: context)
            return
        case .tooManyPerMinute(let seconds):
            respond(exchange, error: .rateLimited("too many requests per minute for this credential; retry after \(seconds) s", retryAfterSeconds: seconds), context: context)
            return
        }
        guard endpoint.latencyMillis > 0 else {
            answer(exchange, context: context)
            endpoint.limiter.release(key)
            return
        }
        let held = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(endpoint.latencyMillis)) {
            self.phase = .idle
            self.answer(exchange, context: context)
            self.endpoint.limiter.release(key)
            self.drain(context: context)
        }
        phase = .holding(held, key: key)
    }

    private func answer(_ exchange: Exchange, context: ChannelHandlerContext) {
        do throws(APIError) {
            let bytes = try endpoint.route.answer(exchange.kind, accountId: exchange.accountId, parameters: exchange.uri.queryParameters, body: exchange.body)
            write(exchange, status: .ok, headers: [:], body: bytes, context: context)
        } catch {
            respond(exchange, error: error, context: context)
        }
    }

    private func refuse(_ exchange: Exchange, _ error: APIError, closing: Bool, context: ChannelHandlerContext) {
        var error = error
        if closing { error.headers[.connection] = "close" }
        respond(exchange, error: error, context: context)
        if closing { phase = .draining }
    }

    private func respond(_ exchange: Exchange, error: APIError, context: ChannelHandlerContext) {
        let (status, body) = error.encoded()
        write(exchange, status: status, headers: error.headers, body: body, context: context)
    }

    private func write(_ exchange: Exchange, status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8], context: ChannelHandlerContext) {
        phase = .idle
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.count)
        fields[.date] = dateText()
        fields.append(contentsOf: headers)
        if exchange.closeAfter && fields[.connection] == nil { fields[.connection] = "close" }
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(buffer)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        RequestLog.write(endpoint.logger, method: exchange.method, path: exchange.uri.path, status: status.code, since: exchange.start)
    }

    private func dateText() -> String {
        let second = EpochClock.now() / 1000
        if second != date.second { date = (second, HTTPDate.format(epochSeconds: second)) }
        return date.text
    }

    /// Hands on what waited, in order, until something must be waited for again; then reads resume.
    private func drain(context: ChannelHandlerContext) {
        var forwarded = false
        while let part = queued.first, !isHolding {
            if case .head(let head) = part, case .idle = phase, unanswered > 0, Self.route(of: head) != nil { break }
            queued.removeFirst()
            if case .forwarding = phase { forwarded = true }
            handle(part, context: context)
            if case .forwarding = phase { forwarded = true }
        }
        // Hummingbird's side takes what it was handed at the end of a read: this is one.
        if forwarded { context.fireChannelReadComplete() }
        if queued.isEmpty && !isHolding && readWanted {
            readWanted = false
            context.read()
        }
    }

    // MARK: - Errors and the connection's end

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard case .reading(let exchange) = phase else {
            context.fireErrorCaught(error)
            return
        }
        switch error {
        case is BodyTimeout:
            refuse(exchange, APIError(.requestTimeout, "request_timeout", "the request body did not arrive in time"), closing: true, context: context)
        case let parse as HTTPParserError where parse != .invalidEOFState:
            refuse(exchange, APIError(.badRequest, "malformed_request", "the request is not valid HTTP/1.1 (\(JSONErrorMiddleware<ServerRequestContext>.describe(parse)))"), closing: true, context: context)
        default:
            // The client went away mid-request: no one to answer.
            clientGone(exchange)
            context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .reading(let exchange) = phase { clientGone(exchange) }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if case .holding(let held, let key) = phase {
            held.cancel()
            endpoint.limiter.release(key)
        }
        phase = .idle
    }

    private func clientGone(_ exchange: Exchange) {
        phase = .draining
        RequestLog.write(endpoint.logger, method: exchange.method, path: exchange.uri.path, status: 499, since: exchange.start)
    }

    // MARK: - Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let ended: Bool
        if case .end = unwrapOutboundIn(data) { ended = true } else { ended = false }
        context.write(data, promise: promise)
        if ended {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0 { drain(context: context) }
        }
    }

    func read(context: ChannelHandlerContext) {
        if queued.isEmpty && !isHolding {
            context.read()
        } else {
            readWanted = true
        }
    }
}

/// What the metrics routes need, shared by every connection's ``MetricsChannelHandler``.
struct MetricsEndpoint: Sendable {
    let route: MetricsRoute
    let authentication: RequestAuthentication
    let limiter: SharedRateLimiter
    let latencyMillis: Int64
    let maxBodyBytes: Int
    let logger: Logger
}
