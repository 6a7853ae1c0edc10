import Foundation

/// A task executor with a thread of its own, for tests that time what they await.
///
/// Swift Testing starts every test at once on the two-thread cooperative pool. A test that awaits a
/// one-second timeout is resumed by a job queued behind whatever the other tests have queued by then
/// (engines being filled, thousands of fuzzed bodies), so the clock it reads can say 5 or 11 s while the
/// client gave up at 1 s. Run under ``run(_:)`` a test's task and its children (the client's timeout
/// races) are resumed on this thread instead, in the order they became ready: what it measures is the
/// client, and the CPU it shares with the rest of the suite (which the OS divides in milliseconds).
public final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    public init(name: String) {
        let thread = Thread { self.loop() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` with this executor preferred by it and every child task it makes.
    public func run<T, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws(Failure) -> T
    ) async throws(Failure) -> T {
        try await withTaskExecutorPreference(self, isolation: isolation, operation: body)
    }

    private func loop() -> Never {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
