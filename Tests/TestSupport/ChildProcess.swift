import Dispatch
import Foundation

/// A child process with stdout and stderr in files, whose end is learnt from its termination handler
/// (never by polling `isRunning`). Stopping it is SIGTERM and a wait: a child that outlives that is a
/// failure the test reports, never something a forced kill quietly hides.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    public let stdoutPath = Scratch.shared.path("stdout-\(UUID().uuidString)")
    public let stderrPath = Scratch.shared.path("stderr-\(UUID().uuidString)")
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` (the kmmtop binary by default) with `arguments`.
    public init(_ arguments: [String], executable: URL? = nil, environment: [String: String] = KmmtopExecutable.environment()) throws {
        for path in [stdoutPath, stderrPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        process.executableURL = try executable ?? KmmtopExecutable.url()
        process.arguments = arguments
        process.environment = environment
        let output = FileHandle(forWritingAtPath: stdoutPath)
        let errors = FileHandle(forWritingAtPath: stderrPath)
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        // The child has its own copies once it runs; ours are closed at once. Kept open (the Process
        // holds them for as long as it lives), a run of the suite leaked two descriptors per child, and
        // past about a thousand Foundation's `Process.run` crashed copying the descriptor list.
        defer {
            try? output?.close()
            try? errors?.close()
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Blocks (call it off the cooperative pool) until the child exits; its status, or `nil` after `timeout`.
    public func wait(timeout: Double) -> Int32? {
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()  // later waits return at once
        return process.terminationStatus
    }

    /// SIGTERM and the exit status; throws when the child is still there after `grace` seconds.
    @discardableResult
    public func terminate(grace: Double = 10) throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        guard let status = wait(timeout: grace) else {
            throw TestFailure("\(process.arguments ?? []) outlived SIGTERM by \(grace) s; stderr: \(stderr())")
        }
        return status
    }

    public func stdout() -> String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public func stderr() -> String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

/// Runs blocking work (child processes, seconds of simulation) off Swift's cooperative pool: the tests
/// share a two-thread pool with timing-sensitive suites, and a blocked pool thread makes their timers late.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
