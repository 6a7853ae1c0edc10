import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import KeyMetrics
import NIOCore
import Synchronization
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
        let answers = try await withThrowingTaskGroup(of: [(String, RawSocket.End)].self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await offPool {
                        var answers: [(String, RawSocket.End)] = []
                        for _ in 0..<15 {
                            let socket = try RawSocket(port: port)
                            socket.send("\(Self.head)X-Filler: \(filler)\r\nContent-Length: 2\r\n\r\n{}")
                            answers.append(socket.readToEnd())
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
        // A clean end, not a reset: the server read what the client still sent before closing.
        #expect(answers.allSatisfy { $0.1 == .closed }, "\(answers.map(\.1).filter { $0 != .closed }.prefix(3))")
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

    /// Eight bodies that stop halfway take no concurrency slot (of eight): while they hang, every
    /// other client is answered, and each of the eight gets 408 and a closed socket at the body timeout.
    @Test func hangingBodiesDoNotLockOutOtherClients() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(bodyTimeout: .seconds(1))))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = Self.body
            let hanging = try await offPool {
                try (0..<8).map { _ in
                    let socket = try RawSocket(port: port)
                    socket.send("\(Self.head)Content-Length: \(body.utf8.count)\r\n\r\n\(body.prefix(body.utf8.count / 2))")
                    return socket
                }
            }
            let ended = Flag()
            let reads = Task {
                let answers = try await offPool { hanging.map { $0.readToEnd() } }
                ended.set()
                return answers
            }
            // Until the eight are answered (at their body timeout), another client asks again and again.
            var statuses: [HTTPResponse.Status] = []
            repeat {
                let response = try await client.execute(uri: Fixture.metricsPath, method: .post, body: Fixture.json(Fixture.request()))
                statuses.append(response.status)
            } while !ended.isSet
            #expect(!statuses.isEmpty && statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            for (text, end) in try await reads.value {
                #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
                #expect(text.contains("request_timeout"))
                #expect(end == .closed)
            }
        }
    }

    /// The body timeout runs from each request's own head: on a kept-alive connection, a request that
    /// stalls 0.6 s after an answered one gets its 408 a whole timeout (1 s) after its head, not at the
    /// first request's deadline; one that completes in time is answered.
    @Test func eachRequestHasItsOwnBodyTimeout() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(headerTimeout: .seconds(300), bodyTimeout: .seconds(1), idleTimeout: .seconds(300))))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = Self.body
            let whole = "\(Self.head)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            let (first, second, third, stalled, end) = try await offPool {
                let socket = try RawSocket(port: port, readTimeout: 10)
                socket.send(whole)
                let first = socket.readResponse()
                Thread.sleep(forTimeInterval: 0.6)
                socket.send(whole)
                let second = socket.readResponse()
                let head = ContinuousClock.now
                socket.send("\(Self.head)Content-Length: \(body.utf8.count)\r\n\r\n\(body.prefix(body.utf8.count / 2))")
                let (third, end) = socket.readToEnd()
                return (first, second, third, ContinuousClock.now - head, end)
            }
            #expect(first.hasPrefix("HTTP/1.1 200") && second.hasPrefix("HTTP/1.1 200"), "\(first.prefix(60)) / \(second.prefix(60))")
            #expect(third.hasPrefix("HTTP/1.1 408"), "\(third.prefix(200))")
            #expect(end == .closed)
            #expect(stalled >= .milliseconds(900) && stalled < .seconds(8), "408 after \(stalled)")
        }
    }

    /// `Connection: close` followed by a tab is a close, as HTTPTypes and Hummingbird read it (NIO's
    /// parser does not): a client that asks to close and pipelines another request gets one answer and
    /// a closed socket, on Hummingbird's routes and on the metrics routes alike, instead of a socket
    /// that nothing ever closes.
    @Test func aCloseWithTrailingWhiteSpaceStillEndsTheConnection() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(headerTimeout: .seconds(300), idleTimeout: .seconds(300), linger: .seconds(1))))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = Self.body
            let lookup = "GET /api/account/\(Fixture.account)/service/baseURI.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            let metrics = "\(Self.head)Content-Length: \(body.utf8.count)\r\n"
            for (first, second) in [(lookup, lookup), (metrics + "Connection: close\t\r\n\r\n" + body, lookup)] {
                let request = first.hasPrefix("GET") ? first + "Connection: close\t\r\n\r\n" : first
                let (text, end, elapsed) = try await offPool {
                    let socket = try RawSocket(port: port, readTimeout: 10)
                    let start = ContinuousClock.now
                    socket.send(request + second + "\r\n")
                    let (text, end) = socket.readToEnd()
                    return (text, end, ContinuousClock.now - start)
                }
                #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "exactly one answer: \(text.prefix(300))")
                #expect(text.hasPrefix("HTTP/1.1 200"), "\(text.prefix(200))")
                #expect(end == .closed && elapsed < .seconds(8), "\(end) after \(elapsed)")
            }
        }
    }

    /// A request target in absolute form (`http://host/path`), which a server must accept, reaches the
    /// metrics route as the origin form does.
    @Test func anAbsoluteFormTargetIsTheSameRoute() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let body = Self.body
            let text = try await offPool {
                let socket = try RawSocket(port: port, readTimeout: 10)
                socket.send("POST http://127.0.0.1:\(port)\(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                return socket.readResponse()
            }
            #expect(text.hasPrefix("HTTP/1.1 200"), "\(text.prefix(300))")
            #expect(text.contains("\"groupBy\""))
        }
        #expect(MetricsChannelHandler.originForm("https://h.example:8443/a/b?c=d") == "/a/b?c=d")
        #expect(MetricsChannelHandler.originForm("http://h.example") == "/")
        #expect(MetricsChannelHandler.originForm("/a?x=http://y/") == "/a?x=http://y/")
    }

    /// A flag one task raises and another reads.
    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    @Test func aHeaderThatNeverEndsIsClosedAtTheHeaderTimeout() async throws {
        let app = Fixture.app(Self.settings(ConnectionLimits(headerTimeout: .milliseconds(500))))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let (partialText, partialEnd, silentText, silentEnd) = try await offPool {
                let partial = try RawSocket(port: port)
                partial.send("POST \(Fixture.metricsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                let silent = try RawSocket(port: port)
                let (a, b) = partial.readToEnd()
                let (c, d) = silent.readToEnd()
                return (a, b, c, d)
            }
            #expect(partialEnd == .closed && silentEnd == .closed)
            #expect(partialText.isEmpty && silentText.isEmpty)
        }
    }

    @Test func brokenChunkFramingIs400AndEndsTheConnection() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let (text, end) = try await offPool {
                let socket = try RawSocket(port: port)
                socket.send("\(Self.head)Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                return socket.readToEnd()
            }
            #expect(text.hasPrefix("HTTP/1.1 400"), "\(text)")
            #expect(text.contains("\"error\":\"malformed_request\""))
            #expect(text.lowercased().contains("connection: close"))
            #expect(end == .closed)
        }
    }

    /// A streamed (chunked) body past 64 KiB, and a declared one: 413, then the connection ends (the rest
    /// of the body is read and dropped, so the client sees the answer, not a reset).
    @Test func tooLargeBodiesAre413AndEndTheConnection() async throws {
        try await Fixture.app().test(.live) { client in
            let port = try #require(client.port)
            let chunk = String(repeating: " ", count: 8192)
            var streamedRequest = "\(Self.head)Transfer-Encoding: chunked\r\n\r\n"
            for _ in 0..<10 { streamedRequest += "2000\r\n\(chunk)\r\n" }
            streamedRequest += "0\r\n\r\n"
            let request = streamedRequest
            let (text, end) = try await offPool {
                let socket = try RawSocket(port: port)
                socket.send(request)
                return socket.readToEnd()
            }
            #expect(text.hasPrefix("HTTP/1.1 413"), "\(text)")
            #expect(text.lowercased().contains("connection: close"))
            #expect(end == .closed)

            let size = 1 << 20
            let (declaredText, declaredEnd) = try await offPool {
                let socket = try RawSocket(port: port)
                socket.send("\(Self.head)Content-Length: \(size)\r\n\r\n" + String(repeating: " ", count: size))
                return socket.readToEnd()
            }
            #expect(declaredText.hasPrefix("HTTP/1.1 413"), "\(declaredText)")
            #expect(declaredEnd == .closed)
        }
    }

    /// An answer given before the body is in (here 401, no credentials) ends the connection: the rest of a
    /// body trickled for ever cannot hold it.
    @Test func anEarlyAnswerEndsTheConnection() async throws {
        let app = Fixture.app(Fixture.settings(auth: .bearer(tokens: [Fixture.token])))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let (text, end) = try await offPool {
                let socket = try RawSocket(port: port)
                socket.send("\(Self.head)Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")
                return socket.readToEnd()
            }
            #expect(text.hasPrefix("HTTP/1.1 401"), "\(text)")
            #expect(text.lowercased().contains("connection: close"))
            #expect(end == .closed)
        }
    }

    /// A client that goes away mid-body is not a server error: the log says 499.
    @Test func aClientThatLeavesMidBodyIsLoggedAs499() async throws {
        let logs = LogCapture()
        try await Fixture.app(logs: logs).test(.live) { client in
            let port = try #require(client.port)
            try await offPool {
                let socket = try RawSocket(port: port)
                socket.send("\(Self.head)Content-Length: 400\r\n\r\n{\"filters\":")
                socket.close()
            }
            let deadline = ContinuousClock.now + .seconds(10)
            while !logs.all.contains(where: { $0.contains("POST \(Fixture.metricsPath) ") }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let line = try #require(logs.all.first { $0.contains("POST \(Fixture.metricsPath) ") })
        #expect(line.contains(" 499 "), "\(line)")
        #expect(!logs.all.contains { $0.contains(" 500 ") || $0.contains("request failed") })
    }

    /// At the connection bound a new client waits for a slot instead of being refused: with eight
    /// connections whose bodies hang (bound 3, which one accept pass of four may overshoot), a request
    /// is answered only once the body timeout has ended some. The built binary: HummingbirdTesting's
    /// live mode rebuilds the configuration without the connection bound.
    @Test func theConnectionBoundMakesNewClientsWait() async throws {
        let server = try ServerProcess(arguments: [
            "serve", "--port", "0", "--no-auth", "--agents", "20", "--skills", "4", "--groups", "2",
            "--max-connections", "3", "--body-timeout", "1500ms",
        ])
        defer { server.stop() }
        let line = try await server.firstLine(timeout: .seconds(20))
        let port = try #require(line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).flatMap { Int($0.1) })
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let body = #"{"filters":{"time":{"from":\#(now - 60_000),"to":\#(now)}},"groupBy":"skillId"}"#
        // From before the first busy connection: none of them can time out sooner than 1.5 s after this.
        let started = ContinuousClock.now
        let busy = try await offPool {
            try (0..<8).map { _ in
                let socket = try RawSocket(port: port)
                socket.send("POST /manager_workspace/api/account/90412345/metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 300\r\n\r\n{")
                return socket
            }
        }
        let (status, _) = try await HTTP.post(port: port, path: "/manager_workspace/api/account/90412345/metrics", body: body)
        let waited = ContinuousClock.now - started
        #expect(status == 200)
        #expect(waited >= .milliseconds(1400), "answered after \(waited), before any slot was free")
        let ends = try await offPool { busy.map { $0.readToEnd() } }
        #expect(ends.allSatisfy { $0.text.hasPrefix("HTTP/1.1 408") && $0.end == .closed })
    }
}
