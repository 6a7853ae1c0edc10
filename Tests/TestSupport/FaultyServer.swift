import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A deliberately misbehaving HTTP server on 127.0.0.1:0, for the client's failure paths. A script
/// decides, per request, what it does; the server counts requests and records the most it ever had in
/// flight and every start time, so tests can check the client kept to its budget.
public final class FaultyServer: Sendable {
    public enum Behaviour: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], delayMillis: Int64 = 0)
        /// Reads the request and never answers.
        case stall
        /// Declares `Content-Length: 1000`, sends a few bytes, closes.
        case truncated
        /// Closes with a TCP reset (SO_LINGER 0) instead of answering.
        case reset
        /// A body of `bytes` bytes, with or without `Content-Length`.
        case huge(bytes: Int, declareLength: Bool)
    }

    public struct Request: Sendable {
        public var method: String
        public var uri: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        public var offset: Int {
            URLComponents(string: uri)?.queryItems?.first { $0.name == "offset" }?.value.flatMap(Int.init) ?? 0
        }
    }

    public typealias Script = @Sendable (_ index: Int, _ request: Request) -> Behaviour

    public struct Stats: Sendable {
        public var requests = 0
        public var inFlight = 0
        public var maxInFlight = 0
        public var starts: [ContinuousClock.Instant] = []
        public var received: [Request] = []

        /// The most requests started in any 60-second window.
        public var maxPerMinute: Int {
            var best = 0
            for (i, start) in starts.enumerated() {
                best = max(best, starts[i...].prefix { $0 - start < .seconds(60) }.count)
            }
            return best
        }
    }

    let script: Script
    public let stats = Mutex(Stats())
    /// The index of each request as it arrives, so a test can wait for one without polling.
    public let arrivals: AsyncStream<Int>
    private let arrived: AsyncStream<Int>.Continuation
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    /// A thread of its own: on NIO's shared loops a neighbour's 50 MB answer or an in-process demo
    /// server's queries delayed this server's handshakes past the client's one-second connect timeout,
    /// and a test of the TLS error got a timeout instead.
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    private init(script: @escaping Script) {
        self.script = script
        (arrivals, arrived) = AsyncStream.makeStream()
    }

    public var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    public var snapshot: Stats { stats.withLock { $0 } }

    public static func start(_ script: @escaping Script) async throws -> FaultyServer {
        let server = FaultyServer(script: script)
        let bound = try await ServerBootstrap(group: server.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        server.channel.withLock { $0 = bound }
        return server
    }

    public func stop() async {
        let channel = self.channel.withLock { $0 }
        try? await channel?.close()
        arrived.finish()
        try? await group.shutdownGracefully()
    }

    fileprivate func begin(_ request: Request) -> Int {
        let index = stats.withLock { stats in
            stats.requests += 1
            stats.inFlight += 1
            stats.maxInFlight = max(stats.maxInFlight, stats.inFlight)
            stats.starts.append(.now)
            stats.received.append(request)
            return stats.requests - 1
        }
        arrived.yield(index)
        return index
    }

    fileprivate func end() {
        stats.withLock { $0.inFlight -= 1 }
    }

    private final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: FaultyServer
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        var active = false

        init(server: FaultyServer) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch Self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
                active = true
                let index = server.begin(request)
                act(server.script(index, request), context: context, keepAlive: head.isKeepAlive)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish()
            context.close(promise: nil)
        }

        private func finish() {
            if active {
                active = false
                server.end()
            }
        }

        private func act(_ behaviour: Behaviour, context: ChannelHandlerContext, keepAlive: Bool) {
            switch behaviour {
            case .respond(let status, let headers, let body, let delay):
                let send = {
                    var fields = HTTPHeaders(headers)
                    if !fields.contains(name: "Content-Length") { fields.add(name: "Content-Length", value: "\(body.count)") }
                    if !fields.contains(name: "Content-Type") { fields.add(name: "Content-Type", value: "application/json") }
                    context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(
                        version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields))), promise: nil)
                    context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
                    self.finish()
                    context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
                    if !keepAlive { context.close(promise: nil) }
                }
                if delay > 0 {
                    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(delay)) { send() }
                } else {
                    send()
                }
            case .stall:
                break
            case .truncated:
                var fields = HTTPHeaders([("Content-Length", "1000"), ("Content-Type", "application/json")])
                fields.add(name: "Connection", value: "close")
                context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: fields))), promise: nil)
                context.writeAndFlush(
                    Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{\"metadata\":{\"count\":")))), promise: nil)
                context.close(promise: nil)
            case .reset:
                let channel = context.channel
                if let provider = channel as? any SocketOptionProvider {
                    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
                } else {
                    channel.close(promise: nil)
                }
            case .huge(let bytes, let declareLength):
                var fields = HTTPHeaders([("Content-Type", "application/json")])
                if declareLength { fields.add(name: "Content-Length", value: "\(bytes)") }
                context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: fields))), promise: nil)
                var buffer = ByteBuffer(string: "{\"metadata\":{\"count\":0},\"padding\":\"")
                buffer.writeRepeatingByte(UInt8(ascii: "x"), count: max(0, bytes - buffer.readableBytes - 3))
                buffer.writeString("\"}\n")
                context.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
