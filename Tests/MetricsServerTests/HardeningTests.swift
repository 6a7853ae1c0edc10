import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import NIOCore
import Testing
@testable import MetricsServer

/// Clients that try to hold or leak the server: oversized headers, headers and bodies that never
/// finish, broken framing, clients that vanish. Every one must end with its socket closed and
/// nobody else kept waiting.
@Suite struct HardeningTests {
    static let head = "POST \(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    static var body: String { String(decoding: try! JSONEncoder().encode(Fixture.request()), as: UTF8.self) }

    static func settings(_ limits: ConnectionLimits) -> ServerSettings {
        var settings = Fixture.settings()
        settings.limits = limits
        return settings
    }

    /// The count of the server's own sockets is back where it was after 150 requests with a 1 MB
    /// header: each got its 400 and its socket was closed (the built binary, so /proc shows only it).
    @Test func oversizedHeadersAreAnsweredAndTheirSocketsClosed() async throws {
        let server = try ServerProcess(arguments: ["serve", "--port", "0", "--no-auth", "--agents", "20", "--skills", "4", "--groups", "2"])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(20))
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let pid = server.process.processIdentifier
        let before = RawSocket.openSockets(of: pid)
        let filler = String(repeating: "a", count: 1 << 20)
        let answers = try await withThrowingTaskGroup(of: [(String, Bool)].self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await offPool {
                        var answers: [(String, Bool)] = []
                        for _ in 0..<15 {
                            let socket = try RawSocket(port: port)
                            socket.send("\(Self.head)X-Filler: \(filler)\r\nContent-Length: 2\r\n\r\n{}")
                            let (text, closed) = socket.readToEnd()
                            answers.append((text, closed))
                            socket.close()
                        }
                        return answers
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(answers.count == 150)
        #expect(answers.allSatisfy { $0.0.hasPrefix("HTTP/1.1 400") }, "\(answers.first { !$0.0.hasPrefix("HTTP/1.1 400") }?.0 ?? "")")
        #expect(answers.allSatisfy { $0.1 }, "the server ended every connection")
        let deadline = ContinuousClock.now + .seconds(10)
        var after = RawSocket.openSockets(of: pid)
        while after > before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = RawSocket.openSockets(of: pid)
        }
        print("oversized headers: server sockets \(before) before, \(after) after 150 requests")
        #expect(after <= before)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let (status, _) = try await HTTP.post(
            port: port, path: "/manager_workspace/api/account/90412345/metrics",
            body: #"{"filters":{"time":{"from":\#(now - 60_000),"to":\#(now)}},"groupBy":"skillId","metricsToRetrieveByTime":["closed_conversations"]}"#)
        #expect(status == 200)
    }

    /// Eight bodies that stop halfway take no concurrency slot (of eight): a ninth client is answered
    /// at once, and each of the eight gets 408 and a closed socket at the body timeout.
    @Test func hangingBodiesDoNotLockOutOtherClients() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(bodyTimeout: .seconds(1))))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = Self.body
            var hanging: [RawSocket] = []
            for _ in 0..<8 {
                let socket = try RawSocket(port: port)
                socket.send("\(Self.head)Content-Length: \(body.utf8.count)\r\n\r\n\(body.prefix(body.utf8.count / 2))")
                hanging.append(socket)
            }
            let ninth = try await client.execute(uri: Fixture.metricsPath, method: .post, body: Fixture.json(Fixture.request()))
            #expect(ninth.status == .ok)
            let sockets = hanging
            let answers = try await offPool { sockets.map { $0.readToEnd() } }
            for (text, closed) in answers {
                #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
                #expect(text.contains("request_timeout"))
                #expect(closed)
            }
        }
    }

    @Test func aHeaderThatNeverEndsIsClosedAtTheHeaderTimeout() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(headerTimeout: .milliseconds(500))))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let partial = try RawSocket(port: port)
            partial.send("POST \(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            let silent = try RawSocket(port: port)
            let (partialText, partialClosed) = try await offPool { partial.readToEnd() }
            let (silentText, silentClosed) = try await offPool { silent.readToEnd() }
            #expect(partialClosed && silentClosed)
            #expect(partialText.isEmpty && silentText.isEmpty)
        }
    }

    @Test func brokenChunkFramingIs400AndEndsTheConnection() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let socket = try RawSocket(port: port)
            socket.send("\(Self.head)Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
            let (text, closed) = try await offPool { socket.readToEnd() }
            #expect(text.hasPrefix("HTTP/1.1 400"), "\(text)")
            #expect(text.contains("\"error\":\"malformed_request\""))
            #expect(text.lowercased().contains("connection: close"))
            #expect(closed)
        }
    }

    /// A streamed (chunked) body past 64 KiB, and a declared one: 413, then the connection ends (the rest
    /// of the body is read and dropped, so the client sees the answer, not a reset).
    @Test func tooLargeBodiesAre413AndEndTheConnection() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let chunk = String(repeating: " ", count: 8192)
            let streamed = try RawSocket(port: port)
            var request = "\(Self.head)Transfer-Encoding: chunked\r\n\r\n"
            for _ in 0..<10 { request += "2000\r\n\(chunk)\r\n" }
            request += "0\r\n\r\n"
            streamed.send(request)
            let (text, closed) = try await offPool { streamed.readToEnd() }
            #expect(text.hasPrefix("HTTP/1.1 413"), "\(text)")
            #expect(text.lowercased().contains("connection: close"))
            #expect(closed)

            let declared = try RawSocket(port: port)
            let size = 1 << 20
            declared.send("\(Self.head)Content-Length: \(size)\r\n\r\n" + String(repeating: " ", count: size))
            let (declaredText, declaredClosed) = try await offPool { declared.readToEnd() }
            #expect(declaredText.hasPrefix("HTTP/1.1 413"), "\(declaredText)")
            #expect(declaredClosed)
        }
    }

    /// A client that goes away mid-body is not a server error: the log says 499.
    @Test func aClientThatLeavesMidBodyIsLoggedAs499() async throws {
        let logs = LogCapture()
        try await Fixture.app(logs: logs).test(.live) { client in
            let port = try #require(client.port)
            let socket = try RawSocket(port: port)
            socket.send("\(Self.head)Content-Length: 400\r\n\r\n{\"filters\":")
            try await Task.sleep(for: .milliseconds(100))
            socket.close()
            let deadline = ContinuousClock.now + .seconds(10)
            while !logs.all.contains(where: { $0.contains("POST \(Fixture.metricsPath) ") }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let line = try #require(logs.all.first { $0.contains("POST \(Fixture.metricsPath) ") })
        #expect(line.contains(" 499 "), "\(line)")
        #expect(!logs.all.contains { $0.contains(" 500 ") || $0.contains("request failed") })
    }

    /// At the connection bound, a new client waits for a slot instead of being refused, and idle
    /// connections give their slots up at the header timeout.
    @Test func theConnectionBoundMakesNewClientsWaitNotFail() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(headerTimeout: .milliseconds(500), maxConnections: 2)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let idle = try (0..<2).map { _ in try RawSocket(port: port) }
            let (status, _) = try await HTTP.post(port: port, path: Fixture.metricsPath, body: Self.body)
            #expect(status == 200)
            _ = idle
        }
    }
}
