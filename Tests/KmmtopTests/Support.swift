import Dispatch
import Foundation
import Testing

/// The built `kmmtop` executable, run as a child process: found next to the test bundle, the way
/// `Tests/MetricsServerTests/BinaryTests.swift` finds it.
enum Kmmtop {
    static func executable() throws -> URL {
        let starts = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap { $0?.deletingLastPathComponent() }
        for start in starts {
            var directory = start
            for _ in 0..<5 {
                let file = directory.appendingPathComponent("kmmtop")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileManager.default.isExecutableFile(atPath: file.path)
                {
                    return file
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw TestFailure("kmmtop executable not found near \(starts.map(\.path))")
    }

    /// The environment children get: no user configuration (an empty `XDG_CONFIG_HOME`), no kmmtop variables.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KMMTOP") }
        environment["XDG_CONFIG_HOME"] = Scratch.shared.path("xdg-empty")
        return environment.merging(extra) { $1 }
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Runs `kmmtop ARGUMENTS` to completion (killed after `timeout`). The waiting happens on a Dispatch
    /// thread: the tests share a two-thread cooperative pool with timing-sensitive suites, and a blocked
    /// pool thread would make their timers late.
    static func runOffPool(_ arguments: [String], environment: [String: String] = Kmmtop.environment(), timeout: Double = 60) async throws -> Outcome {
        try await offPool { try run(arguments, environment: environment, timeout: timeout) }
    }

    /// The blocking form of ``runOffPool(_:environment:timeout:)``: only for code already off the pool.
    static func run(_ arguments: [String], environment: [String: String] = Kmmtop.environment(), timeout: Double = 60) throws -> Outcome {
        let child = try Child(arguments, environment: environment)
        let status = try child.wait(timeout: timeout)
        return Outcome(status: status, stdout: child.stdout(), stderr: child.stderr())
    }

    /// Runs blocking work (child processes, seconds of simulation) off Swift's cooperative pool.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// A running `kmmtop` with stdout and stderr in files.
    final class Child: @unchecked Sendable {
        let process = Process()
        let stdoutPath = Scratch.shared.path("stdout-\(UUID().uuidString)")
        let stderrPath = Scratch.shared.path("stderr-\(UUID().uuidString)")

        init(_ arguments: [String], environment: [String: String]) throws {
            for path in [stdoutPath, stderrPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            process.executableURL = try Kmmtop.executable()
            process.arguments = arguments
            process.environment = environment
            process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        func wait(timeout: Double) throws -> Int32 {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning {
                guard Date() < deadline else {
                    stop()
                    throw TestFailure("kmmtop \(process.arguments ?? []) did not exit within \(timeout) s; stderr: \(stderr())")
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return process.terminationStatus
        }

        func stdout() -> String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        func stderr() -> String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// `kmmtop serve --port 0 …`, up and listening; `stop()` ends it.
    final class Server: @unchecked Sendable {
        let child: Child
        let port: Int
        var baseURL: String { "http://127.0.0.1:\(port)" }

        /// Starts `kmmtop serve` and waits (off the cooperative pool) until it listens.
        static func start(_ arguments: [String]) async throws -> Server {
            try await Kmmtop.offPool { try Server(arguments) }
        }

        init(_ arguments: [String]) throws {
            child = try Child(["serve", "--port", "0"] + arguments, environment: Kmmtop.environment())
            let deadline = Date().addingTimeInterval(30)
            while true {
                if let match = child.stdout().firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)\n/), let port = Int(match.1) {
                    self.port = port
                    return
                }
                guard child.process.isRunning, Date() < deadline else {
                    child.stop()
                    throw TestFailure("kmmtop serve did not start; stderr: \(child.stderr())")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        func stop() { child.stop() }
    }
}

/// A per-run temporary directory for configuration files, secrets and outputs.
final class Scratch: Sendable {
    static let shared = Scratch()
    let root: String

    init() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-tests-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: root + "/xdg-empty", withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { root + "/" + name }

    /// Writes `text` to a new file with `mode` and returns its path.
    @discardableResult
    func write(_ text: String, named name: String = UUID().uuidString, mode: Int = 0o600) throws -> String {
        let file = path(name)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
