import NIOCore
import NIOPosix

/// The event loops of every in-process test server. The metrics routes compute their answers on the
/// connection's event loop; on NIO's shared group a busy server (10,000 fuzzed bodies) would hold up
/// the loops that other tests' clients and fault servers run on, and their one-second timeouts with them.
public let serverEventLoops: any EventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)
