import Foundation

/// Runs `work` on a thread of its own and waits for it without holding a thread of the cooperative
/// pool. The suites share two pool threads; seconds of synchronous engine work on one of them delay
/// every other test's timers and waits (the end-to-end tests' among them) by as much.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
