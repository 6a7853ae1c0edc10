import NIOCore
import NIOHTTP1

/// The idle timeout and graceful shutdown of a kept-alive connection, in NIO's own HTTP/1 types: what
/// Hummingbird's `HTTPConnectionStateHandler` does, moved in front of ``MetricsChannelHandler`` so that
/// it sees every request, ours and Hummingbird's, without the HTTPTypes conversion that every metrics
/// request paid for before (the conversion each way and that handler were a tenth of a request at the
/// demo's size).
///
/// - Idle: a connection with no request part read and no answer finished for `idleTimeout` is closed,
///   unless a request has been read and is still being answered (a held answer, `--latency`).
/// - Shutdown (`ChannelShouldQuiesceEvent`): an idle connection closes at once; one with a request in
///   progress closes when its last answer is written.
///
/// The timer is not moved on every part: it fires, and if something happened since it was armed it is
/// armed again for the rest of the timeout.
final class ConnectionIdleState: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let idleTimeout: TimeAmount
    /// Requests whose head has been read and whose answer has not ended.
    private var inProgress = 0
    /// A request's head has arrived and its end has not.
    private var reading = false
    private var lastActive = NIODeadline.now()
    private var closeAfterAnswers = false
    private var timer: Scheduled<Void>?

    init(idleTimeout: Duration) {
        self.idleTimeout = ConnectionGuard.amount(idleTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, at: .now() + idleTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, at: .now() + idleTimeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActive = .now()
        switch unwrapInboundIn(data) {
        case .head:
            reading = true
            inProgress += 1
        case .body:
            break
        case .end:
            reading = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        inProgress = max(0, inProgress - 1)
        guard inProgress == 0 else { return context.write(data, promise: promise) }
        if closeAfterAnswers {
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
            return
        }
        lastActive = .now()
        arm(context, at: lastActive + idleTimeout)
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        if inProgress > 0 {
            closeAfterAnswers = true
        } else {
            context.close(promise: nil)
        }
    }

    /// Arms the timer unless it is armed already (it re-arms itself from `lastActive` when it fires).
    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        guard timer == nil else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.expired(context)
        }
    }

    private func expired(_ context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        // Read and being answered: the answer's end arms the timer again.
        if !reading && inProgress > 0 { return }
        let deadline = lastActive + idleTimeout
        if deadline <= .now() {
            context.close(promise: nil)
        } else {
            arm(context, at: deadline)
        }
    }
}
