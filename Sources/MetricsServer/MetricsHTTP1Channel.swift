import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 connection, with the server's own handlers in front of it, all in NIO's HTTP/1
/// types: ``ConnectionGuard`` (every connection ends), ``ConnectionIdleState`` (idle timeout, graceful
/// shutdown; it counts the metrics requests too because it sits before them), then
/// ``MetricsChannelHandler`` (the metrics routes answered on the event loop). Only what passes on to
/// Hummingbird's router is converted to HTTPTypes, by the codec behind them: a metrics request never
/// is. (`HTTP1Channel` puts its extra handlers after the codec but before its connection state, where a
/// handler that answers requests itself would hide them from the idle timer and from shutdown.)
struct MetricsHTTP1Channel: HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let limits: ConnectionLimits
    let endpoint: MetricsEndpoint

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decoder = HTTP1Channel.Configuration().httpDecoder
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderFieldSize = decoder.maxHeaderFieldSize
            decoderLimits.maxHeaderListSize = decoder.maxHeaderListSize
            decoderLimits.maxHeaderFieldCount = decoder.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
            try pipeline.addHandler(ConnectionGuard(limits: limits))
            try pipeline.addHandler(ConnectionIdleState(idleTimeout: limits.idleTimeout))
            try pipeline.addHandler(MetricsChannelHandler(endpoint: endpoint))
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
