import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MetricsServer

/// The idle timeout and graceful shutdown of kept-alive connections (``ConnectionIdleState``), which
/// must count the metrics requests that never reach Hummingbird as activity.
@Suite struct ConnectionIdleStateTests {
    static var request: String {
        let body = String(decoding: try! JSONEncoder().encode(Fixture.request()), as: UTF8.self)
        return "POST \(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func app(idleTimeout: Duration) -> MetricsApplication {
        var settings = Fixture.settings()
        settings.limits = ConnectionLimits(headerTimeout: .seconds(300), idleTimeout: idleTimeout)
        return Fixture.app(settings)
    }

    /// Answered, then left alone: the server closes the connection once it has been idle for the
    /// timeout (0.6 s), cleanly, and not before.
    @Test func anIdleConnectionIsClosedAtTheTimeout() async throws {
        try await Self.app(idleTimeout: .milliseconds(600)).test(.live) { client in
            let port = try #require(client.port)
            let (answer, end, idle) = try await offPool {
                let socket = try RawSocket(port: port, readTimeout: 10)
                socket.send(Self.request)
                let answer = socket.readResponse()
                let start = ContinuousClock.now
                let (rest, end) = socket.readToEnd()
                return (answer + rest, end, ContinuousClock.now - start)
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
            #expect(end == .closed)
            #expect(idle >= .milliseconds(500) && idle < .seconds(8), "closed after \(idle) idle")
        }
    }

    /// Metrics requests every 0.25 s for 2.5 s on one connection with a 1 s idle timeout: every one is
    /// answered on that connection. (Were they invisible to the idle timer, it would close after 1 s.)
    @Test func metricsRequestsKeepAConnectionAlive() async throws {
        try await Self.app(idleTimeout: .seconds(1)).test(.live) { client in
            let port = try #require(client.port)
            let answers = try await offPool {
                let socket = try RawSocket(port: port, readTimeout: 10)
                var answers: [String] = []
                for _ in 0..<10 {
                    socket.send(Self.request)
                    answers.append(socket.readResponse())
                    Thread.sleep(forTimeInterval: 0.25)
                }
                return answers
            }
            #expect(answers.count == 10)
            #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 200") && !$0.lowercased().contains("connection: close") },
                "\(answers.map { $0.prefix(40) })")
        }
    }

    /// SIGTERM while an answer is held (`--latency 2s`) and another connection is idle: the held request
    /// is still answered, then its connection closes; the idle one closes at once; the server exits 0.
    @Test func shutdownAnswersWhatItHoldsAndClosesTheIdle() async throws {
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--no-auth", "--latency", "2s", "--agents", "20", "--skills", "4", "--groups", "2"])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(20))
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let body = #"{"filters":{"time":{"from":\#(now - 60_000),"to":\#(now)}},"groupBy":"skillId","metricsToRetrieveByTime":["closed_conversations"]}"#
        let request = "POST /manager_workspace/api/account/90412345/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let held = try RawSocket(port: port, readTimeout: 10)
        let idle = try RawSocket(port: port, readTimeout: 10)
        held.send(request)
        // The request is in the server (its socket's receive queue is empty) before the signal.
        let deadline = ContinuousClock.now + .seconds(10)
        while !RawSocket.serverHasRead(serverPort: port, clientPort: held.localPort), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        // (NIO parses what it reads in the same turn of its event loop; the shutdown arrives on a later one.)
        let signalled = ContinuousClock.now
        kill(server.process.processIdentifier, SIGTERM)
        let (idleEnd, idleAfter) = try await offPool { () -> (RawSocket.End, Duration) in
            let (_, end) = idle.readToEnd()
            return (end, ContinuousClock.now - signalled)
        }
        let (answer, end) = try await offPool { held.readToEnd() }
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
        #expect(end == .closed)
        #expect(idleEnd == .closed)
        #expect(idleAfter < .seconds(1.5), "the idle connection closed \(idleAfter) after SIGTERM, the held answer was due at 2 s")
        #expect(try server.wait(timeout: .seconds(10)) == 0)
    }
}
