import Logging
import ServiceLifecycle

/// A server application running until ``stop()``, which shuts it down gracefully: the built-in demo's
/// server and every in-process test server.
///
/// Why not cancel the task that runs it: a connection accepted in the instant before the cancel can be
/// dropped before it is served, and NIO traps on that ("Deinited NIOAsyncWriter without calling
/// finish()", swift-nio #3481); it took the whole test process down once. A graceful shutdown stops
/// accepting, then serves and closes what it has accepted. `kmmtop serve` gets the same on SIGTERM
/// from `runService()`.
public final class RunningServer: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public init(_ application: some Service, logger: Logger) {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [application], logger: logger))
        self.group = group
        task = Task { try await group.run() }
    }

    /// Ends the server and returns once it has closed its port and its connections.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits for the server to end by itself (it could not listen, say), throwing why.
    public func ended() async throws {
        try await task.value
    }
}
