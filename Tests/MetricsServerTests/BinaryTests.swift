import AsyncHTTPClient
import Foundation
import NIOCore
import KeyMetrics
import Testing

/// The built `kmmtop` executable, end to end: `serve` prints its address, answers with simulated
/// data within seconds, imports the example files, refuses unsafe configurations, and stops on SIGTERM.
@Suite(.serialized) struct BinaryTests {
    static func executable() throws -> URL { try KmmtopExecutable.url() }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func serveAnswersWithSimulatedDataAndStopsOnSIGTERM() async throws {
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--no-auth"])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(10))
        let match = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/), "first line: \(line)")
        let port = try #require(Int(match.1))

        // The seed's example body with the window moved to now, both sections, plus online_agents.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let body = """
            {"filters":{"time":{"from":\(now - 3_600_000),"to":\(now)},"userTypes":["HUMAN"]},
             "groupBy":"agentGroupId","responseSections":["all","groupBy"],
             "metricsToRetrieveCurrentValue":["assigned_conversations","human_agent_load","online_agents"],
             "metricsToRetrieveByTime":["avg_wait_time","avg_time_to_response","avg_wait_time_first_response",
               "avg_time_to_first_response_first_assignment","closed_conversations"]}
            """
        let (status, data) = try await HTTP.post(port: port, path: "/manager_workspace/api/account/90412345/metrics", body: body)
        let firstAnswer = ContinuousClock.now - server.spawned
        print("kmmtop serve: spawn to first answer \(firstAnswer)")
        #expect(status == 200, "\(String(decoding: data, as: UTF8.self))")
        let response = try JSONDecoder().decode(MetricsResponse.self, from: data)
        let all = try #require(response.all?.metrics)
        #expect((all[.closedConversations]?.doubleValue ?? 0) > 0)
        #expect(all[.avgWaitTime] != nil)
        let groups = try #require(response.groupBy?.groups)
        #expect(response.metadata.count > 0 && !groups.isEmpty)
        #expect(groups.contains { ($0.metrics[.onlineAgents]?.doubleValue ?? 0) > 0 })

        let status2 = try server.terminate(timeout: .seconds(5))
        #expect(status2 == 0)
        #expect(server.remainingStdout().isEmpty, "stdout must carry only the first line")
    }

    @Test func serveImportsTheExampleFiles() async throws {
        let config = Self.repository.appendingPathComponent("config")
        let server = try ServerProcess(arguments: [
            "serve", "--port", "0", "--no-auth", "--rebase-time",
            "--world", config.appendingPathComponent("world.example.jsonl").path,
            "--events", config.appendingPathComponent("events.example.jsonl").path,
        ])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(10))
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let byTime = Metric.all(.byTime).filter(\.info.inSeed).map { "\"\($0.wireName)\"" }.joined(separator: ",")
        let current = Metric.all(.currentValue).filter(\.info.inSeed).map { "\"\($0.wireName)\"" }.joined(separator: ",")
        let body = """
            {"filters":{"time":{"from":\(now - 3 * 3_600_000),"to":\(now)}},"groupBy":"skillId",
             "metricsToRetrieveByTime":[\(byTime)],"metricsToRetrieveCurrentValue":[\(current)]}
            """
        let (status, data) = try await HTTP.post(port: port, path: "/manager_workspace/api/account/90412345/metrics", body: body)
        #expect(status == 200)
        let response = try JSONDecoder().decode(MetricsResponse.self, from: data)
        let all = try #require(response.all?.metrics)
        for metric in Metric.allCases where metric.info.inSeed {
            #expect((all[metric]?.doubleValue ?? 0) > 0, "\(metric) is \(String(describing: all[metric]))")
        }
        #expect(response.groupBy?.groups.contains { $0.key == "999" && $0.keyDescription == "NA" } == true)
        #expect(try server.terminate(timeout: .seconds(5)) == 0)
        #expect(server.stderrText().contains("(0 lines skipped)"))
    }

    /// `swift run kmmtop` with nothing configured must just work: loopback, no tokens, open, with a warning.
    @Test func serveOnLoopbackWithoutTokensIsOpenAndSaysSo() async throws {
        let server = try ServerProcess(arguments: ["serve", "--port", "0"])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(10))
        let match = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/), "first line: \(line)")
        let port = try #require(Int(match.1))
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let body = #"{"filters":{"time":{"from":\#(now - 60_000),"to":\#(now)}},"responseSections":["all"],"metricsToRetrieveCurrentValue":["online_agents"]}"#
        let (status, data) = try await HTTP.post(port: port, path: "/manager_workspace/api/account/90412345/metrics", body: body)
        #expect(status == 200, "\(String(decoding: data, as: UTF8.self))")
        #expect(try server.terminate(timeout: .seconds(5)) == 0)
        #expect(server.stderrText().contains("warning: no bearer tokens configured; serving without authentication on 127.0.0.1"))
    }

    @Test func serveRefusesToStartWithoutTokensBeyondLoopback() async throws {
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--host", "0.0.0.0"])
        let status = try server.wait(timeout: .seconds(10))
        #expect(status != 0)
        #expect(server.stderrText().contains("no bearer tokens configured"))
        #expect(server.remainingStdout().isEmpty)
    }

    @Test func serveRefusesATokensFileOthersCanRead() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-tokens-\(UUID().uuidString)").path
        try "very-secret-token\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--tokens-file", path])
        let status = try server.wait(timeout: .seconds(10))
        #expect(status != 0)
        let stderr = server.stderrText()
        #expect(stderr.contains("chmod 600"))
        #expect(!stderr.contains("very-secret-token"))
    }
}

typealias BinaryTestError = TestFailure

/// A `kmmtop` child process with its stdout on a pipe (read line by line) and stderr in a file.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let stdout = Pipe()
    let stderrPath: String
    let spawned: ContinuousClock.Instant

    init(arguments: [String]) throws {
        stderrPath = FileManager.default.temporaryDirectory.appendingPathComponent("kmmtop-stderr-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = try BinaryTests.executable()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KMMTOP_SERVE_TOKENS"] = nil
        process.environment = environment
        process.standardOutput = stdout
        let errors = FileHandle(forWritingAtPath: stderrPath)
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        spawned = .now
        // The child has its own copies once it runs: ours are closed (see ``ChildProcess``), the pipe's
        // write end too, so the reader sees EOF when the child exits.
        defer {
            try? errors?.close()
            try? stdout.fileHandleForWriting.close()
        }
        try process.run()
    }

    /// The first stdout line, waiting at most `timeout` (the process is killed if it never comes).
    func firstLine(timeout: Duration) async throws -> String {
        let handle = stdout.fileHandleForReading
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                // Blocking reads, one byte at a time, so nothing after the first newline is consumed; on a
                // thread of their own, so a slow start never holds one of the two cooperative threads.
                try await offPool {
                    var bytes: [UInt8] = []
                    while true {
                        let chunk = handle.readData(ofLength: 1)
                        guard let byte = chunk.first else { return String(decoding: bytes, as: UTF8.self) }
                        if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
                        bytes.append(byte)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            if first == nil { self.stop() }  // unblocks the reader with EOF
            group.cancelAll()
            let line = first ?? nil
            _ = try? await group.next()
            guard let line else { throw BinaryTestError("no stdout line within \(timeout); stderr: \(stderrText())") }
            return line
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate(timeout: Duration) throws -> Int32 {
        process.terminate()
        return try wait(timeout: timeout)
    }

    func wait(timeout: Duration) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                stop()
                throw BinaryTestError("kmmtop did not exit within \(timeout)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return process.terminationStatus
    }

    /// SIGTERM: `serve` ends on it (the tests that wait for that assert it).
    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// What is left on stdout after the process exited.
    func remainingStdout() -> Data {
        guard !process.isRunning else { return Data() }
        return stdout.fileHandleForReading.readDataToEndOfFile()
    }

    func stderrText() -> String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }
}

/// A minimal HTTP POST with AsyncHTTPClient.
enum HTTP {
    static func post(port: Int, path: String, body: String) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }
}
