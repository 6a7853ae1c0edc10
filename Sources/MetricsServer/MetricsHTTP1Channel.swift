import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 connection, with the server's own handlers in it: ``ConnectionGuard`` (every
/// connection ends), Hummingbird's connection state (idle timeout, graceful shutdown, which counts the
/// metrics requests too because it sits before them), then ``MetricsChannelHandler`` (the metrics routes
/// answered on the event loop) in front of Hummingbird's router. `HTTP1Channel` puts its extra handlers
/// after the codec but before the connection state, where a handler that answers requests itself would
/// hide them from the idle timer and from shutdown.
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
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(ConnectionGuard(limits: limits))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: min(limits.idleTimeout, .seconds(86_400 * 365)), logger: logger))
            try pipeline.addHandler(MetricsChannelHandler(endpoint: endpoint))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
