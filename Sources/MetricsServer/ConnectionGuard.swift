import NIOCore
import NIOHTTP1

/// A channel handler on every connection that makes sure it ends: the first request head must arrive
/// within the header timeout (later ones are watched by ``ConnectionIdleState``'s idle timeout), a request's body
/// within the body timeout of its head, and a response that ends the connection really ends it. Timers
/// on the connection's event loop: nothing per request on the request's own task.
///
/// Hummingbird half-closes a connection after a parse error (a 1 MB header, a broken chunk) and then
/// waits for the client to close; a client still sending its request never sees the FIN and never
/// closes, and the socket is held for good. And after an answer given before the request's body was in
/// (401, 404, 405), Hummingbird reads the rest of that body with no bound, so a body trickled a byte a
/// minute would hold the connection for ever. So: a final response written while its request is still
/// arriving gets `Connection: close`; after any response with `Connection: close`, and after any parse
/// error, the output is shut, the rest of the request is read and dropped so the client gets the
/// response rather than a reset, and the socket is closed when the client closes or the linger time is
/// up, whichever is first.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private let linger: TimeAmount
    private var headerTimer: Scheduled<Void>?
    /// Armed at a head when it is not armed already, and not cancelled at the request's end: when it
    /// fires it looks at the request arriving then, and re-arms for the rest of that one's time. A
    /// timer scheduled and cancelled for every request was a fortieth of a request's cost.
    private var bodyTimer: Scheduled<Void>?
    /// When the request arriving now must be in.
    private var bodyDeadline = NIODeadline.distantFuture
    private var lingerTimer: Scheduled<Void>?
    /// A request head has arrived and its end has not.
    private var requestArriving = false
    /// Requests whose end has arrived, and responses whose end has been written: a response is early
    /// (its own request still arriving) only when every earlier request has its answer. On a
    /// pipelining connection an answer to an earlier request while the next one arrives is not early.
    private var requestsEnded = 0
    private var responsesEnded = 0
    private var sawParserError = false
    private var inputClosed = false
    private var closeAfterResponse = false
    private var lingering = false

    init(limits: ConnectionLimits) {
        headerTimeout = Self.amount(limits.headerTimeout)
        bodyTimeout = Self.amount(limits.bodyTimeout)
        linger = Self.amount(limits.linger)
    }

    /// NIO's time amount for a duration, clamped (no duration a caller can pass wraps around).
    static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let clamped = max(0, min(seconds, 86_400 * 365))
        return .nanoseconds(clamped * 1_000_000_000 + (seconds == clamped ? attoseconds / 1_000_000_000 : 0))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHeaderTimer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armHeaderTimer(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        headerTimer?.cancel()
        bodyTimer?.cancel()
        lingerTimer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Once the connection is ending, what the client still sends is read only to be dropped.
        guard !lingering else { return }
        switch unwrapInboundIn(data) {
        case .head:
            requestArriving = true
            headerTimer?.cancel()
            headerTimer = nil
            // The rest of the request must follow within the body timeout. If it does not, the request's
            // reader fails with `BodyTimeout` (answered 408, which ends the connection).
            bodyDeadline = .now() + bodyTimeout
            armBodyTimer(context, at: bodyDeadline)
            context.fireChannelRead(data)
        case .end:
            requestArriving = false
            requestsEnded += 1
            bodyDeadline = .distantFuture
            context.fireChannelRead(data)
        case .body:
            context.fireChannelRead(data)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if lingering { context.read() }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            sawParserError = true
            closeAfterResponse = true
        }
        // After a parse error the decoder reports every further byte as "data in error state": the
        // connection is already ending; that is not news.
        if lingering || (sawParserError && error is ByteToMessageDecoderError) { return }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            let closes = head.headers.combinedValue("connection").map { $0.utf8.count == 5 && $0.lowercased() == "close" } ?? false
            if requestArriving && responsesEnded >= requestsEnded && !closes {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                closeAfterResponse = true
                return
            }
            if closes { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .head:
            context.write(data, promise: promise)
        case .end where closeAfterResponse:
            responsesEnded += 1
            let written = promise ?? context.eventLoop.makePromise()
            context.writeAndFlush(data, promise: written)
            written.futureResult.hop(to: context.eventLoop).assumeIsolated().whenComplete { _ in
                self.endConnection(context)
            }
        case .end:
            // Between requests the connection is kept alive: the idle timeout watches it from here
            // (it does not reset on header bytes either, so a slow head after a pause is still ended).
            responsesEnded += 1
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        }
    }

    /// Shut the output (the client reads the response and a FIN), drain its input, and close for good
    /// when it closes or at the linger deadline.
    private func endConnection(_ context: ChannelHandlerContext) {
        guard !lingering else { return }
        lingering = true
        headerTimer?.cancel()
        guard !inputClosed else {
            context.close(promise: nil)
            return
        }
        context.close(mode: .output, promise: nil)
        context.read()
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: linger) { context.close(promise: nil) }
    }

    /// Hummingbird ends a connection by shutting its output (after an answer to `Connection: close`):
    /// from then on it reads nothing, so the rest of what the client sends is drained here and the
    /// socket closed at the linger deadline, as after any answer that ends a connection. Without this
    /// a client that kept sending after its close request would hold the socket for good.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output, !lingering else { return context.close(mode: mode, promise: promise) }
        lingering = true
        headerTimer?.cancel()
        context.close(mode: .output, promise: promise)
        guard !inputClosed else { return context.close(promise: nil) }
        context.read()
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: linger) { context.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            if lingering {
                context.close(promise: nil)
                return
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func armBodyTimer(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        guard bodyTimer == nil else { return }
        bodyTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.bodyTimer = nil
            guard self.requestArriving, !self.lingering else { return }
            if self.bodyDeadline <= .now() {
                context.fireErrorCaught(BodyTimeout())
            } else {
                self.armBodyTimer(context, at: self.bodyDeadline)
            }
        }
    }

    private func armHeaderTimer(_ context: ChannelHandlerContext) {
        headerTimer?.cancel()
        headerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: headerTimeout) {
            context.close(promise: nil)
        }
    }
}

/// A request's body did not arrive within the body timeout of its head. ``ConnectionGuard`` raises it
/// into the pipeline, so whoever is reading the body gets it; ``JSONErrorMiddleware`` answers 408.
struct BodyTimeout: Error {}
