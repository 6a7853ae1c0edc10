import Hummingbird
import HummingbirdCore
import KeyMetrics
import Logging
import NIOCore
import NIOHTTP1

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
///
/// What arrives while an answer is owed first (parts, errors, the client's half-close) waits in one
/// queue, in order. Reads pause once the queue holds a whole request or a megabyte, or while the
/// connection cannot take more output (a client that sends and never reads is held by TCP, not by
/// the server's memory); until then reads go on, so a queued request's body arrives within its timeout.
/// After an answer that ends the connection nothing more is read into the server.
final class MetricsChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

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
        case forwarding(closes: Bool)
        case reading(Exchange)
        /// Answered before its body was in: the rest of it is dropped (the connection ends).
        case draining
        /// The answer is held (`--latency`) or not in yet (a relay's upstream call), and the
        /// credential's slot with it.
        case holding(Hold, Exchange)
    }

    private enum Hold {
        case latency(Scheduled<Void>)
        /// The source's answer numbered so, which the connection may no longer want when it comes.
        case source(Int)
    }

    /// Answers asked of the source so far: each pending one is known by its number.
    private var sourceAnswers = 0

    private var phase = Phase.idle
    /// What arrived while an answer was owed first, in order.
    private enum Inbound {
        case part(HTTPServerRequestPart)
        case error(any Error)
        case inputClosed(Any)
    }
    private var queued = CircularBuffer<Inbound>()
    /// Whole requests and body bytes in `queued`: reads pause at one request or at `queueLimit` bytes.
    private var queuedEnds = 0
    private var queuedBytes = 0
    private static let queueLimit = 1 << 20
    /// Requests passed to Hummingbird whose response has not ended.
    private var unanswered = 0
    /// Our answers written and not yet taken by the socket: the client's half-close waits for them (a
    /// half-closed input makes the output's close a full one, which would drop them).
    private var answersInFlight = 0
    private var inputClosedHeld: Any?
    /// An answer (ours, or one Hummingbird gives to a request with `Connection: close`) ended the
    /// connection: whatever the client still sends is dropped.
    private var ended = false
    private var readWanted = false
    /// The last part queued ends a request: reads pause only at such a boundary, so a queued request's
    /// body keeps arriving within its timeout.
    private var lastQueuedIsEnd = false
    /// A drain is due on the next turn of the event loop (it never runs inside a write, where an answer
    /// is half written and its slot not yet released).
    private var drainScheduled = false
    private var removed = false
    private var date: (second: Int64, text: String) = (-1, "")

    init(endpoint: MetricsEndpoint) {
        self.endpoint = endpoint
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !ended else { return }
        let part = unwrapInboundIn(data)
        if mustWait(context) || waitsForHummingbird(part) {
            enqueue(.part(part))
            return
        }
        handle(part, context: context)
    }

    /// Something arriving now must wait behind what is queued, a held answer, or a full socket.
    private func mustWait(_ context: ChannelHandlerContext) -> Bool {
        !queued.isEmpty || isHolding || !context.channel.isWritable
    }

    /// A metrics request must wait until Hummingbird has answered everything before it.
    private func waitsForHummingbird(_ part: HTTPServerRequestPart) -> Bool {
        guard case .head(let head) = part, case .idle = phase, unanswered > 0 else { return false }
        return Self.route(of: head) != nil
    }

    private func enqueue(_ item: Inbound) {
        queued.append(item)
        if case .part(let part) = item {
            switch part {
            case .end:
                queuedEnds += 1
                lastQueuedIsEnd = true
            case .body(let chunk):
                queuedBytes += chunk.readableBytes
                lastQueuedIsEnd = false
            case .head:
                queuedBytes += 1024  // a head's fields count against the bound too
                lastQueuedIsEnd = false
            }
        }
    }

    private func dequeue() -> Inbound {
        let item = queued.removeFirst()
        if case .part(let part) = item {
            switch part {
            case .end: queuedEnds -= 1
            case .body(let chunk): queuedBytes -= chunk.readableBytes
            case .head: queuedBytes -= 1024
            }
        }
        if queued.isEmpty { lastQueuedIsEnd = false }
        return item
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

    private func handle(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch (phase, part) {
        case (.idle, .head(let head)):
            if let (kind, accountId) = Self.route(of: head) {
                begin(head, kind: kind, accountId: accountId, context: context)
            } else {
                unanswered += 1
                // Exactly as Hummingbird decides to stop after it (its test is case-sensitive).
                phase = .forwarding(closes: head.headers.combinedValue("connection") == "close")
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.forwarding(let closes), _):
            if case .end = part {
                phase = .idle
                // Hummingbird answers it and stops reading the connection: so does this.
                if closes { endConnection() }
            }
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
            // The decoder never sends these (and `holding` queues everything): nothing to do with them.
            break
        }
    }

    /// `Connection: close`, as Hummingbird reads it.
    private static func asksToClose(_ head: HTTPRequestHead) -> Bool {
        head.headers.combinedValue("connection")?.lowercased() == "close"
    }

    /// The route of a POST to one of the metrics paths; anything else is Hummingbird's.
    private static func route(of head: HTTPRequestHead) -> (MetricsRoute.Kind, Substring)? {
        guard head.method == .POST else { return nil }
        let target = Self.originForm(head.uri)
        let end = target.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? target.endIndex
        let path = target[..<end]
        guard let match = MetricsRoute.match(path: path) else { return nil }
        return (match.kind, match.accountId)
    }

    /// The path and query of a request target: an absolute-form target (`http://host/path?q`, which a
    /// server must accept, RFC 9112 §3.2.2) without its scheme and authority.
    static func originForm(_ target: String) -> Substring {
        let units = target.utf8
        guard let first = units.first, first != UInt8(ascii: "/"), let colon = units.firstIndex(of: UInt8(ascii: ":")),
            units[colon...].starts(with: "://".utf8)
        else { return target[...] }
        let authority = units.index(colon, offsetBy: 3)
        guard let slash = units[authority...].firstIndex(of: UInt8(ascii: "/")) else { return "/" }
        return target[slash...]
    }

    private func begin(_ head: HTTPRequestHead, kind: MetricsRoute.Kind, accountId: Substring, context: ChannelHandlerContext) {
        let uri = URI(head.uri)
        var exchange = Exchange(
            kind: kind, accountId: accountId, uri: uri, method: head.method.rawValue, start: .now,
            closeAfter: Self.asksToClose(head),
            body: context.channel.allocator.buffer(capacity: 0))
        do throws(APIError) {
            exchange.credential = try endpoint.authentication.authenticate(method: exchange.method, authorization: head.headers.combinedValue("authorization"), uri: uri)
            if let declared = head.headers.combinedValue("content-length").flatMap({ Int($0) }) {
                if declared > endpoint.maxBodyBytes {
                    // Never read: the connection cannot carry another request.
                    refuse(exchange, .payloadTooLarge(limit: endpoint.maxBodyBytes), closing: true, context: context)
                    return
                }
                if declared > 0 { exchange.body.reserveCapacity(declared) }
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
            return
        }
        let held = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(min(endpoint.latencyMillis, 86_400_000))) {
            self.phase = .idle
            self.answer(exchange, context: context)
            if !self.isHolding { self.drain(context: context) }
        }
        phase = .holding(.latency(held), exchange)
    }

    /// Asks the source and writes its answer, now (the engine) or when it comes (a relay's upstream
    /// call, held like `--latency`: what arrives meanwhile waits). The credential's concurrency slot goes
    /// back once the answer is written, or as soon as it is pending: a request waiting for a call that
    /// other requests share costs the relay nothing, and walls sharing one token would otherwise be
    /// refused at every minute's turn, when their requests all wait for the new minute's call at once.
    private func answer(_ exchange: Exchange, context: ChannelHandlerContext) {
        let key = exchange.credential.name
        switch endpoint.route.answer(exchange.kind, accountId: exchange.accountId, parameters: exchange.uri.queryParameters, body: exchange.body, on: context.eventLoop) {
        case .ready(let result):
            write(exchange, result, context: context)
            endpoint.limiter.release(key)
        case .pending(let future):
            endpoint.limiter.release(key)
            sourceAnswers += 1
            let number = sourceAnswers
            phase = .holding(.source(number), exchange)
            future.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
                // Gone meanwhile (the client left, the handler was removed): nothing to write.
                guard case .holding(.source(let current), _) = self.phase, current == number, !self.removed else { return }
                self.phase = .idle
                self.write(exchange, result.mapError { $0 as? APIError ?? APIError(.badGateway, "upstream_failed", "the upstream answer failed") }, context: context)
                self.drain(context: context)
            }
        }
    }

    private func write(_ exchange: Exchange, _ result: Result<SourceReply, APIError>, context: ChannelHandlerContext) {
        switch result {
        case .success(let reply): write(exchange, status: .ok, headers: reply.headers, body: reply.body, context: context)
        case .failure(let error): respond(exchange, error: error, context: context)
        }
    }

    private func refuse(_ exchange: Exchange, _ error: APIError, closing: Bool, context: ChannelHandlerContext) {
        var error = error
        if closing { error.headers[.connection] = "close" }
        respond(exchange, error: error, context: context)
        if closing { phase = .draining }
    }

    /// `logged` is the status the request log records, when it is not the one sent (499: the client
    /// went away mid-request, though it may still read the answer).
    private func respond(_ exchange: Exchange, error: APIError, logged: Int? = nil, context: ChannelHandlerContext) {
        let (status, body) = error.encoded()
        write(exchange, status: status, headers: error.headers, body: body, logged: logged, context: context)
    }

    private func write(
        _ exchange: Exchange, status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8], logged: Int? = nil, context: ChannelHandlerContext
    ) {
        phase = .idle
        var fields = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(body.count)), ("Date", dateText())])
        var closes = false
        if !headers.isEmpty {
            for field in headers { fields.add(name: field.name.rawName, value: field.value) }
            closes = headers[.connection] == "close"
        }
        if exchange.closeAfter && !closes {
            fields.replaceOrAdd(name: "Connection", value: "close")
            closes = true
        }
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        answersInFlight += 1
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenComplete { _ in
            self.answersInFlight -= 1
            self.releaseInputClosed(context)
        }
        // Logged and the connection's end decided before the bytes go: writing them can call back into
        // the pipeline.
        RequestLog.write(endpoint.logger, method: exchange.method, path: exchange.uri.path, status: logged ?? status.code, since: exchange.start)
        if closes { endConnection() }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status.code, reasonPhrase: status.reasonPhrase), headers: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
    }

    /// Nothing more from this client reaches the server (``ConnectionGuard`` drains and closes).
    private func endConnection() {
        ended = true
        queued.removeAll()
        queuedEnds = 0
        queuedBytes = 0
        lastQueuedIsEnd = false
    }

    private func dateText() -> String {
        let second = EpochClock.now() / 1000
        if second != date.second { date = (second, HTTPDate.format(epochSeconds: second)) }
        return date.text
    }

    /// Hands on what waited, in order, until something must be waited for again; then reads resume.
    private func drain(context: ChannelHandlerContext) {
        var forwarded = false
        while let item = queued.first, !isHolding, context.channel.isWritable, !ended {
            if case .part(let part) = item, waitsForHummingbird(part) { break }
            _ = dequeue()
            if case .forwarding = phase { forwarded = true }
            switch item {
            case .part(let part): handle(part, context: context)
            case .error(let error): deliver(error, context: context)
            case .inputClosed(let event): closeInput(event, context: context)
            }
            if case .forwarding = phase { forwarded = true }
        }
        // Hummingbird's side takes what it was handed at the end of a read: this is one.
        if forwarded { context.fireChannelReadComplete() }
        if readWanted && !readsPaused(context) {
            readWanted = false
            context.read()
        }
    }

    private func readsPaused(_ context: ChannelHandlerContext) -> Bool {
        (queuedEnds > 0 && lastQueuedIsEnd) || queuedBytes > Self.queueLimit || !context.channel.isWritable
    }

    /// ``drain(context:)`` on the next turn of the event loop: a writability change or Hummingbird's
    /// answer can arrive in the middle of writing ours, before its log line, its slot's release or the
    /// end of its connection.
    private func scheduleDrain(_ context: ChannelHandlerContext) {
        guard !drainScheduled, !removed else { return }
        drainScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.drainScheduled = false
            guard !self.removed else { return }
            self.drain(context: context)
        }
    }

    // MARK: - Errors and the connection's end

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !ended else { return }
        if mustWait(context) {
            enqueue(.error(error))
            return
        }
        deliver(error, context: context)
    }

    private func deliver(_ error: any Error, context: ChannelHandlerContext) {
        switch phase {
        case .reading(let exchange):
            switch error {
            case is BodyTimeout:
                refuse(exchange, APIError(.requestTimeout, "request_timeout", "the request body did not arrive in time"), closing: true, context: context)
            case let parse as HTTPParserError where parse != .invalidEOFState:
                refuse(exchange, APIError(.badRequest, "malformed_request", "the request is not valid HTTP/1.1 (\(JSONErrorMiddleware<ServerRequestContext>.describe(parse)))"), closing: true, context: context)
            case let parse as HTTPParserError where parse == .invalidEOFState:
                // The client half-closed mid-request: it may still read why nothing was done.
                var gone = APIError(.badRequest, "incomplete_request", "the connection ended before the request was complete")
                gone.headers[.connection] = "close"
                respond(exchange, error: gone, logged: 499, context: context)
            default:
                clientGone(exchange)
                context.fireErrorCaught(error)
            }
        case .draining:
            // Answered and ending: a parse error or timeout of the rest is not news.
            if !(error is HTTPParserError || error is BodyTimeout || error is ByteToMessageDecoderError) { context.fireErrorCaught(error) }
        default:
            context.fireErrorCaught(error)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else { return context.fireUserInboundEventTriggered(event) }
        if mustWait(context) {
            enqueue(.inputClosed(event))
            return
        }
        closeInput(event, context: context)
    }

    /// The client's half-close goes on to Hummingbird (which then ends the connection) only once our
    /// answers are written.
    private func closeInput(_ event: Any, context: ChannelHandlerContext) {
        if case .reading(let exchange) = phase { clientGone(exchange) }
        guard answersInFlight == 0 else {
            inputClosedHeld = event
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func releaseInputClosed(_ context: ChannelHandlerContext) {
        guard answersInFlight == 0, let event = inputClosedHeld else { return }
        inputClosedHeld = nil
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { scheduleDrain(context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch phase {
        case .reading(let exchange): clientGone(exchange)
        case .holding: dropHeld()
        default: break
        }
        context.fireChannelInactive()
    }

    /// The connection closed under a held answer: the slot goes back, the log says who left.
    private func dropHeld() {
        guard case .holding(let hold, let exchange) = phase else { return }
        phase = .idle
        // A pending source answer gave its slot back when it went pending.
        if case .latency(let held) = hold {
            held.cancel()
            endpoint.limiter.release(exchange.credential.name)
        }
        RequestLog.write(endpoint.logger, method: exchange.method, path: exchange.uri.path, status: 499, since: exchange.start)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
        switch phase {
        case .holding: dropHeld()
        case .reading(let exchange): clientGone(exchange)
        default: break
        }
        phase = .idle
    }

    private func clientGone(_ exchange: Exchange) {
        phase = .draining
        RequestLog.write(endpoint.logger, method: exchange.method, path: exchange.uri.path, status: 499, since: exchange.start)
    }

    // MARK: - Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd: Bool
        if case .end = unwrapOutboundIn(data) { isEnd = true } else { isEnd = false }
        context.write(data, promise: promise)
        if isEnd {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0 && !queued.isEmpty { scheduleDrain(context) }
        }
    }

    func read(context: ChannelHandlerContext) {
        if readsPaused(context) {
            readWanted = true
        } else {
            context.read()
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
