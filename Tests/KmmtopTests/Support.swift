import Dispatch
import Foundation
@_exported import TestSupport
import Testing

/// The built `kmmtop` executable, run as a child process (the shared ``ChildProcess``).
enum Kmmtop {
    static func executable() throws -> URL { try KmmtopExecutable.url() }

    /// The environment children get: no user configuration, no kmmtop variables.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] { KmmtopExecutable.environment(extra) }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Runs `kmmtop ARGUMENTS` to completion, waiting off the cooperative pool.
    static func runOffPool(_ arguments: [String], environment: [String: String] = Kmmtop.environment(), timeout: Double = 60) async throws -> Outcome {
        try await offPool { try run(arguments, environment: environment, timeout: timeout) }
    }

    /// The blocking form of ``runOffPool(_:environment:timeout:)``: only for code already off the pool.
    /// A run that does not end within `timeout` is a failure (and is stopped with SIGTERM).
    static func run(_ arguments: [String], environment: [String: String] = Kmmtop.environment(), timeout: Double = 60) throws -> Outcome {
        let child = try ChildProcess(arguments, environment: environment)
        guard let status = child.wait(timeout: timeout) else {
            _ = try? child.terminate()
            throw TestFailure("kmmtop \(arguments) did not exit within \(timeout) s; stderr: \(child.stderr())")
        }
        return Outcome(status: status, stdout: child.stdout(), stderr: child.stderr())
    }

    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await TestSupport.offPool(work)
    }

    /// `kmmtop serve --port 0 …` (or `relay`), up and listening; `stop()` ends it with SIGTERM and checks
    /// it went.
    final class Server: @unchecked Sendable {
        let child: ChildProcess
        let port: Int
        var baseURL: String { "http://127.0.0.1:\(port)" }

        /// Starts `kmmtop serve` and waits (off the cooperative pool) until it listens.
        static func start(_ arguments: [String], command: String = "serve") async throws -> Server {
            try await Kmmtop.offPool { try Server(arguments, command: command) }
        }

        init(_ arguments: [String], command: String = "serve") throws {
            child = try ChildProcess([command, "--port", "0"] + arguments, environment: Kmmtop.environment())
            // The one stdout line, as a script would wait for it.
            let deadline = Date().addingTimeInterval(30)
            while true {
                if let match = child.stdout().firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)\n/), let port = Int(match.1) {
                    self.port = port
                    return
                }
                guard child.process.isRunning, Date() < deadline else {
                    _ = try? child.terminate()
                    throw TestFailure("kmmtop \(command) did not start; stderr: \(child.stderr())")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        func stop() {
            do { try child.terminate() } catch { Issue.record(error) }
        }
    }
}
